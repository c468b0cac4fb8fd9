"""The project's own user model, in place from the first migration.

Swapping the user model after the first migration is painful; starting with a custom one costs
nothing. Add fields here (and `makemigrations`) when you need them.
"""

from django.contrib.auth.models import AbstractUser


class User(AbstractUser):
    pass
