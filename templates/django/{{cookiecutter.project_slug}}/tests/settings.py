"""The settings the test suite runs with: the project's own, in a known environment.

pytest-django loads this module (`DJANGO_SETTINGS_MODULE` in pyproject.toml) before any test
runs. Apart from the database (and Redis) URLs every setting takes its test default, so what a
development or production `.env` says cannot change what the tests check.
"""

import os

IGNORED_VARIABLES = (
    "DEBUG",
    "SECRET_KEY",
    "SECRET_KEY_FALLBACKS",
    "ALLOWED_HOSTS",
    "CORS_ORIGINS",
    "ADMIN_URL",
    "SECURE_SSL_REDIRECT",
    "TRUST_PROXY_HEADERS",
    "RATE_LIMIT",
    "MAX_REQUEST_BYTES",
    "ENABLE_DOCS",
    "CONN_MAX_AGE",
    "STATIC_ROOT",
)
for name in IGNORED_VARIABLES:
    os.environ.pop(name, None)
os.environ["ENVIRONMENT"] = "test"

from {{ cookiecutter.project_slug }}.settings import *  # noqa: E402, F403
{%- if cookiecutter.worker == "celery" %}

# Rate limits are counted in a private in-memory cache, never in a Redis others use.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
{%- endif %}
