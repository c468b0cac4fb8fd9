"""Test fixtures: a throwaway `test_<name>` database, migrated once, emptied between tests{% if cookiecutter.worker == "celery" %};
a real Celery worker on Redis keys of this test run only{% endif %}."""

import json
import os
{%- if cookiecutter.worker == "celery" %}
import uuid
{%- endif %}
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.config import Config
{%- if cookiecutter.worker == "celery" %}
from celery import Celery
{%- endif %}
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL
from sqlalchemy.pool import NullPool
from werkzeug.datastructures import Headers
from werkzeug.test import TestResponse

from {{ cookiecutter.project_slug }}.app import create_app
from {{ cookiecutter.project_slug }}.database import get_database
from {{ cookiecutter.project_slug }}.database_url import (
    sqlalchemy_url,
    test_database_url,
)
from {{ cookiecutter.project_slug }}.models import Base
from {{ cookiecutter.project_slug }}.settings import Settings
{%- if cookiecutter.worker == "celery" %}
from {{ cookiecutter.project_slug }}.worker import create_celery
{%- endif %}

from tests.api import ApiClient
{%- if cookiecutter.worker == "celery" %}
from tests.worker import delete_keys, redis_problem, thread_worker, unique_prefix
{%- endif %}

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LISTED_ORIGIN = "https://app.example.test"
REAL_SECRET = "k3Yq9-" * 10  # 60 characters, as `secrets.token_urlsafe(50)` would give
UNREACHABLE = {
    "postgresql": "postgresql://postgres@127.0.0.1:1/unreachable",
    "mysql": "mysql://root@127.0.0.1:1/unreachable",
    "sqlite": "sqlite:////nonexistent-directory/unreachable.db",
}


def configured_database_url() -> str:
    return os.environ.get("DATABASE_URL") or Settings().database_url
{%- if cookiecutter.worker == "celery" %}


def configured_redis_url() -> str:
    return os.environ.get("REDIS_URL") or Settings().redis_url


# Every Redis key (queue, results) of this test run starts with it: parallel runs never meet.
KEY_PREFIX = unique_prefix()
{%- endif %}


def recreate_database(url: URL, *, drop_only: bool = False) -> None:
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.database and url.database != ":memory:":
            Path(url.database).unlink(missing_ok=True)
        return
    # Connect to a database every server has, to drop and create the test one.
    server = url.set(database="postgres" if backend == "postgresql" else "information_schema")
    engine = create_engine(server, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    name = engine.dialect.identifier_preparer.quote(str(url.database))
    force = " WITH (FORCE)" if backend == "postgresql" else ""
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}{force}"))
        if not drop_only:
            connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()


def alembic_config(database_url: str) -> Config:
    config = Config(PROJECT_ROOT / "alembic.ini")
    config.attributes["database_url"] = database_url
    return config


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    url = test_database_url(sqlalchemy_url(configured_database_url()))
    recreate_database(url)
    rendered = url.render_as_string(hide_password=False)
    command.upgrade(alembic_config(rendered), "head")
    yield rendered
    recreate_database(url, drop_only=True)


def empty_tables(database_url: str) -> None:
    engine = create_engine(sqlalchemy_url(database_url), poolclass=NullPool)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()


def settings_for_tests(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": database_url,
        "allowed_hosts": ["localhost"],
        "cors_origins": [LISTED_ORIGIN],
        "rate_limit": "1000/minute",
        "rate_limit_storage_url": "memory://",
{%- if cookiecutter.worker == "celery" %}
        "redis_url": configured_redis_url(),
        "redis_key_prefix": KEY_PREFIX,
{%- endif %}
        **overrides,
    }
    return Settings.model_validate(values)


@pytest.fixture
def settings(database_url: str) -> Settings:
    empty_tables(database_url)
    return settings_for_tests(database_url)


class ResponseHeaders(Mapping[str, str]):
    """werkzeug's case-insensitive headers as the read-only mapping the contract expects."""

    def __init__(self, headers: Headers) -> None:
        self._headers = headers

    def __getitem__(self, name: str) -> str:
        return self._headers[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._headers.keys())

    def __len__(self) -> int:
        return len(self._headers)


class FlaskApiResponse:
    def __init__(self, response: TestResponse) -> None:
        self._response = response

    @property
    def status_code(self) -> int:
        return self._response.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        return ResponseHeaders(self._response.headers)

    def json(self) -> Any:
        return json.loads(self._response.get_data())


class FlaskApiClient:
    """Flask's test client behind the `ApiClient` protocol of the shared contract tests."""

    def __init__(self, client: FlaskClient, base_url: str = "http://localhost") -> None:
        self.client = client
        self.base_url = base_url

    def request(
        self,
        method: str,
        path: str,
        /,
        *,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> FlaskApiResponse:
        response = self.client.open(
            path,
            base_url=self.base_url,
            method=method,
            json=json,
            data=content,
            headers=dict(headers or {}),
        )
        return FlaskApiResponse(response)


AppFactory = Callable[[Settings], Flask]


@pytest.fixture
def make_app() -> Iterator[AppFactory]:
    """`create_app`, with every engine {% if cookiecutter.worker == "celery" %}and Celery app {% endif %}it opened closed after the test."""
    apps: list[Flask] = []

    def make(settings: Settings) -> Flask:
        apps.append(create_app(settings))
        return apps[-1]

    yield make
    for app in apps:
        get_database(app).engine.dispose()
{%- if cookiecutter.worker == "celery" %}
        app.extensions["celery"].close()
{%- endif %}


@pytest.fixture
def api(settings: Settings, make_app: AppFactory) -> ApiClient:
    return FlaskApiClient(make_app(settings).test_client())


@pytest.fixture
def limited_api(settings: Settings, make_app: AppFactory) -> ApiClient:
    limited = settings.model_copy(update={"rate_limit": "3/minute"})
    return FlaskApiClient(make_app(limited).test_client())


@pytest.fixture
def unavailable_api(make_app: AppFactory) -> ApiClient:
    backend = sqlalchemy_url(configured_database_url()).get_backend_name()
    return FlaskApiClient(make_app(settings_for_tests(UNREACHABLE[backend])).test_client())
{%- if cookiecutter.worker == "celery" %}


@pytest.fixture(scope="session", autouse=True)
def redis_keys() -> Iterator[None]:
    """Redis must answer; this run's keys are deleted at the end."""
    redis_url = configured_redis_url()
    if problem := redis_problem(redis_url):
        pytest.fail(problem, pytrace=False)
    yield
    delete_keys(redis_url, KEY_PREFIX)


@pytest.fixture(scope="session")
def celery_app(database_url: str) -> Iterator[Celery]:
    app = create_celery(settings_for_tests(database_url))
    yield app
    app.close()


@pytest.fixture(scope="session")
def worker(celery_app: Celery) -> Iterator[str]:
    """A real worker (a thread of the test process) consuming this run's queue; its node name."""
    node = f"thread-{uuid.uuid4().hex[:8]}@test"
    with thread_worker(celery_app, node):
        yield node


@pytest.fixture
def no_broker_api(settings: Settings, make_app: AppFactory) -> ApiClient:
    unreachable = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    return FlaskApiClient(make_app(unreachable).test_client())
{%- endif %}
