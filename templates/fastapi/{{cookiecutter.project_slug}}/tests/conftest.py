"""Test fixtures: a throwaway `test_<name>` database, migrated once, emptied between tests{% if cookiecutter.worker == "celery" %};
a real Celery worker on Redis keys of this test run only{% endif %}."""

import asyncio
import os
{%- if cookiecutter.worker == "celery" %}
import uuid
{%- endif %}
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config
{%- if cookiecutter.worker == "celery" %}
from celery import Celery
{%- endif %}
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import create_async_engine

from {{ cookiecutter.project_slug }}.database_url import sqlalchemy_url, test_database_url
from {{ cookiecutter.project_slug }}.main import create_app
from {{ cookiecutter.project_slug }}.models import Base
from {{ cookiecutter.project_slug }}.settings import Settings
{%- if cookiecutter.worker == "celery" %}
from {{ cookiecutter.project_slug }}.worker import create_celery
{%- endif %}

from tests.api import ApiClient
{%- if cookiecutter.worker == "celery" %}
from tests.worker import delete_keys, redis_problem, thread_worker, unique_prefix
{%- endif %}

LISTED_ORIGIN = "https://app.example.test"
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


async def recreate_database(url: URL, *, drop_only: bool = False) -> None:
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.database and url.database != ":memory:" and os.path.exists(url.database):
            os.remove(url.database)
        return
    # Connect to a database every server has, to create or drop the test one.
    server = url.set(database="postgres" if backend == "postgresql" else "information_schema")
    engine = create_async_engine(server, isolation_level="AUTOCOMMIT")
    name = engine.dialect.identifier_preparer.quote(str(url.database))
    force = " WITH (FORCE)" if backend == "postgresql" else ""
    async with engine.connect() as connection:
        await connection.execute(text(f"DROP DATABASE IF EXISTS {name}{force}"))
        if not drop_only:
            await connection.execute(text(f"CREATE DATABASE {name}"))
    await engine.dispose()


def alembic_config(database_url: str) -> Config:
    config = Config("alembic.ini")
    config.attributes["database_url"] = database_url
    return config


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    url = test_database_url(sqlalchemy_url(configured_database_url(), asynchronous=True))
    asyncio.run(recreate_database(url))
    rendered = url.render_as_string(hide_password=False)
    command.upgrade(alembic_config(rendered), "head")
    yield rendered
    asyncio.run(recreate_database(url, drop_only=True))


async def empty_tables(database_url: str) -> None:
    engine = create_async_engine(sqlalchemy_url(database_url, asynchronous=True))
    async with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            await connection.execute(table.delete())
    await engine.dispose()


def settings_for_tests(database_url: str, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "environment": "test",
        "database_url": database_url,
        "allowed_hosts": ["testserver"],
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
    asyncio.run(empty_tables(database_url))
    return settings_for_tests(database_url)


@pytest.fixture
def api(settings: Settings) -> Iterator[ApiClient]:
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def limited_api(settings: Settings) -> Iterator[ApiClient]:
    limited = settings.model_copy(update={"rate_limit": "3/minute"})
    with TestClient(create_app(limited)) as client:
        yield client


@pytest.fixture
def unavailable_api() -> Iterator[ApiClient]:
    backend = sqlalchemy_url(configured_database_url()).get_backend_name()
    with TestClient(create_app(settings_for_tests(UNREACHABLE[backend]))) as client:
        yield client
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
def no_broker_api(settings: Settings) -> Iterator[ApiClient]:
    unreachable = settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0"})
    with TestClient(create_app(unreachable)) as client:
        yield client
{%- endif %}
