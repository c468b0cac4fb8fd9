"""Committed migrations match the models (what `make check-migrations` runs)."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_committed_migrations_agree() -> None:
    # Exits with status 1 when a model change has no migration yet.
    call_command("makemigrations", check=True, dry_run=True, verbosity=0)
