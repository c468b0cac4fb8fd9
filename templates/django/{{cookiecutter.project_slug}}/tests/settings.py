"""The settings the test suite runs with: the project's own, in a known environment.

pytest-django loads this module (`DJANGO_SETTINGS_MODULE` in pyproject.toml) before any test
runs. Apart from the database (and Redis) URLs every setting takes its test default, so what a
development or production `.env` says cannot change what the tests check.
"""

import os
{%- if cookiecutter.worker == "celery" %}
import uuid
{%- endif %}

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
    "SERVE_STATIC",
)
for name in IGNORED_VARIABLES:
    os.environ.pop(name, None)
{%- if cookiecutter.worker == "celery" %}
# The worker's settings too, except in the `celery worker` subprocesses that tests start: those
# get theirs, and the name of the test database, from the test (see tests/conftest.py).
WORKER_SUBPROCESS = "TEST_DATABASE_NAME" in os.environ
WORKER_VARIABLES = (
    "REDIS_KEY_PREFIX",
    "TASK_SOFT_TIME_LIMIT",
    "TASK_TIME_LIMIT",
    "BROKER_VISIBILITY_TIMEOUT",
    "LOG_LEVEL",
    "LOG_FORMAT",
)
if not WORKER_SUBPROCESS:
    for name in WORKER_VARIABLES:
        os.environ.pop(name, None)
{%- endif %}
os.environ["ENVIRONMENT"] = "test"

from {{ cookiecutter.project_slug }}.settings import *  # noqa: E402, F403
{%- if cookiecutter.worker == "celery" %}

# Rate limits are counted in a private in-memory cache, never in a Redis others use.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if WORKER_SUBPROCESS:
    # The database pytest-django created for the test run (`test_<name>`).
    DATABASES["default"]["NAME"] = os.environ["TEST_DATABASE_NAME"]  # noqa: F405
else:
    # Every Redis key (tasks, results) of this test run starts with it: runs never meet.
    REDIS_KEY_PREFIX = f"test-{uuid.uuid4().hex}:"
{%- endif %}
