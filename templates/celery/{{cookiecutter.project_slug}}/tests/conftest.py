"""Test fixtures: a throwaway `test_<name>` database (created, migrated once, dropped at the end)
and a real Celery worker on a Redis key prefix of this test run only."""

import os
import uuid
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config
from celery import Celery
from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL

from {{ cookiecutter.project_slug }}.database_url import sqlalchemy_url, test_database_url
from {{ cookiecutter.project_slug }}.models import Base
from {{ cookiecutter.project_slug }}.settings import Settings
from {{ cookiecutter.project_slug }}.worker import create_celery

from tests.worker import delete_keys, redis_problem, thread_worker, unique_prefix


def configured_database_url() -> str:
    return os.environ.get("DATABASE_URL") or Settings().database_url


def recreate_database(url: URL, *, drop_only: bool = False) -> None:
    backend = url.get_backend_name()
    if backend == "sqlite":
        if url.database and url.database != ":memory:" and os.path.exists(url.database):
            os.remove(url.database)
        return
    # Connect to a database every server has, to create or drop the test one.
    server = url.set(database="postgres" if backend == "postgresql" else "information_schema")
    engine = create_engine(server, isolation_level="AUTOCOMMIT")
    name = engine.dialect.identifier_preparer.quote(str(url.database))
    force = " WITH (FORCE)" if backend == "postgresql" else ""
    with engine.connect() as connection:
        connection.execute(text(f"DROP DATABASE IF EXISTS {name}{force}"))
        if not drop_only:
            connection.execute(text(f"CREATE DATABASE {name}"))
    engine.dispose()


def alembic_config(database_url: str) -> Config:
    config = Config("alembic.ini")
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


@pytest.fixture
def database(database_url: str) -> str:
    """The test database, emptied: tests that read or write it start from nothing."""
    engine = create_engine(sqlalchemy_url(database_url))
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()
    return database_url


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("REDIS_URL") or Settings().redis_url
    if problem := redis_problem(url):
        pytest.fail(problem, pytrace=False)
    return url


@pytest.fixture(scope="session")
def settings(database_url: str, redis_url: str) -> Iterator[Settings]:
    """Settings of this test run: its database, and a Redis key prefix nobody else uses."""
    prefix = unique_prefix()
    yield Settings(
        environment="test",
        database_url=database_url,
        redis_url=redis_url,
        redis_key_prefix=prefix,
    )
    delete_keys(redis_url, prefix)


@pytest.fixture(scope="session")
def celery_app(settings: Settings) -> Iterator[Celery]:
    app = create_celery(settings)
    yield app
    app.close()


@pytest.fixture(scope="session")
def worker(celery_app: Celery) -> Iterator[str]:
    """A worker thread consuming this run's queue; the value is its node name."""
    node = f"thread-{uuid.uuid4().hex[:8]}@test"
    with thread_worker(celery_app, node):
        yield node
