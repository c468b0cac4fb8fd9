"""Test fixtures: a throwaway `test_<name>` database, migrated once, emptied between tests."""

import asyncio
import os
from collections.abc import Iterator

import pytest
from alembic import command
from alembic.config import Config
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import URL
from sqlalchemy.ext.asyncio import create_async_engine

from {{ cookiecutter.project_slug }}.database_url import sqlalchemy_url, test_database_url
from {{ cookiecutter.project_slug }}.main import create_app
from {{ cookiecutter.project_slug }}.models import Base
from {{ cookiecutter.project_slug }}.settings import Settings

from tests.api import ApiClient

LISTED_ORIGIN = "https://app.example.test"
UNREACHABLE = {
    "postgresql": "postgresql://postgres@127.0.0.1:1/unreachable",
    "mysql": "mysql://root@127.0.0.1:1/unreachable",
    "sqlite": "sqlite:////nonexistent-directory/unreachable.db",
}


def configured_database_url() -> str:
    return os.environ.get("DATABASE_URL") or Settings().database_url


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
