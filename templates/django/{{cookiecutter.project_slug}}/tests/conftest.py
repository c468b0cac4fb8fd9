"""Test fixtures: the contract's clients on Django's test client, in a throwaway database{% if cookiecutter.worker == "celery" %};
a real Celery worker on Redis keys of this test run only{% endif %}.

pytest-django creates `test_<name>` beside the database in DATABASE_URL, migrates it once,
rolls every test back, and drops the database when the run ends.
{%- if cookiecutter.worker == "celery" %} Tests with a worker commit
instead (`transactional_db`): workers have database connections of their own.
{%- endif %}
"""

import json as jsonlib
{%- if cookiecutter.worker == "celery" %}
import uuid
{%- endif %}
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
{%- if cookiecutter.worker == "celery" %}
from celery import Celery
from django.conf import settings
{%- endif %}
from django.core.cache import cache
from django.db import connections
from django.test import Client, override_settings
from pytest_django import DjangoDbBlocker
{%- if cookiecutter.worker == "celery" %}

from {{ cookiecutter.project_slug }}.worker import CELERY_SETTINGS, create_celery
{%- endif %}

from tests.api import ApiClient, ApiResponse
{%- if cookiecutter.worker == "celery" %}
from tests.worker import delete_keys, environment, redis_problem, thread_worker
{%- endif %}

LISTED_ORIGIN = "https://app.example.test"
# Where each database is not: /ready must report it, /health must not care.
UNREACHABLE: dict[str, dict[str, Any]] = {
    "postgresql": {"HOST": "127.0.0.1", "PORT": "1"},
    "mysql": {"HOST": "127.0.0.1", "PORT": "1"},
    "sqlite": {"NAME": "/nonexistent-directory/unreachable.db"},
}


class DjangoApiClient:
    """Django's test client behind the `ApiClient` interface the contract tests drive.

    Requests arrive over HTTPS, as they do in production behind TLS: Django sends HSTS on
    secure requests only.
    """

    def __init__(self, client: Client | None = None) -> None:
        self.client = client or Client()

    def request(
        self,
        method: str,
        path: str,
        /,
        *,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> ApiResponse:
        extra = {name.lower(): value for name, value in (headers or {}).items()}
        content_type = extra.pop("content-type", "application/json")
        body = jsonlib.dumps(json).encode() if json is not None else content or b""
        return self.client.generic(
            method, path, data=body, content_type=content_type, secure=True, headers=extra
        )


@pytest.fixture
def api(db: None) -> Iterator[ApiClient]:
    with override_settings(CORS_ALLOWED_ORIGINS=[LISTED_ORIGIN], RATE_LIMIT="1000/minute"):
        cache.clear()
        yield DjangoApiClient()


@pytest.fixture
def limited_api(api: ApiClient) -> Iterator[ApiClient]:
    with override_settings(RATE_LIMIT="3/minute"):
        yield api


@pytest.fixture
def unavailable_api(django_db_blocker: DjangoDbBlocker) -> Iterator[ApiClient]:
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(UNREACHABLE[connection.vendor])
    try:
        with django_db_blocker.unblock():
            yield DjangoApiClient()
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
{%- if cookiecutter.worker == "celery" %}


def worker_environment(**changes: object) -> dict[str, str]:
    """Environment variables for a process a test starts (a `celery worker`, the health check):
    the test database, and this run's settings of the Celery app with `changes` (by name)."""
    values = {name: getattr(settings, name) for name in CELERY_SETTINGS}
    return {
        **environment({**values, **changes}),
        "TEST_DATABASE_NAME": str(connections["default"].settings_dict["NAME"]),
    }


@pytest.fixture(scope="session", autouse=True)
def redis_keys() -> Iterator[None]:
    """Redis must answer; this run's keys (settings.REDIS_KEY_PREFIX) are deleted at the end."""
    if problem := redis_problem(settings.REDIS_URL):
        pytest.fail(problem, pytrace=False)
    yield
    delete_keys(settings.REDIS_URL, settings.REDIS_KEY_PREFIX)


@pytest.fixture(scope="session")
def celery_app(django_db_setup: None) -> Iterator[Celery]:
    app = create_celery()
    yield app
    app.close()


@pytest.fixture(scope="session")
def worker_thread(celery_app: Celery) -> Iterator[str]:
    """A real worker (a thread of the test process) consuming this run's queue; its node name.
    Celery's Django fix-up closes the thread's database connections after every task."""
    node = f"thread-{uuid.uuid4().hex[:8]}@test"
    with thread_worker(celery_app, node):
        yield node


@pytest.fixture
def worker(transactional_db: None, worker_thread: str) -> str:
    """The worker thread's node name, in a test that commits what it writes: the worker reads
    through a database connection of its own."""
    return worker_thread


@pytest.fixture
def no_broker_api(api: ApiClient) -> Iterator[ApiClient]:
    with override_settings(REDIS_URL="redis://127.0.0.1:1/0"):
        yield api
{%- endif %}
