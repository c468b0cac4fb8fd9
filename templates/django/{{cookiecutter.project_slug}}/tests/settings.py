"""The settings the test suite runs with: the project's own, with ENVIRONMENT=test.

pytest-django loads this module (see `DJANGO_SETTINGS_MODULE` in pyproject.toml) before any
test runs, so a production or development `.env` never leaks into the tests.
"""

import os

os.environ["ENVIRONMENT"] = "test"

from {{ cookiecutter.project_slug }}.settings import *  # noqa: F403
{%- if cookiecutter.worker == "celery" %}

# Rate limits are counted in a private in-memory cache, never in a Redis others use.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
{%- endif %}
