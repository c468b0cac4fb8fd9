"""Committed migrations match the models, and run down and up again cleanly."""

import asyncio

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection

from {{ cookiecutter.project_slug }}.database import create_engine
from {{ cookiecutter.project_slug }}.models import Base

from tests.conftest import alembic_config


def pending_changes(connection: Connection) -> list[object]:
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    return list(compare_metadata(context, Base.metadata))


async def compare(database_url: str) -> list[object]:
    engine = create_engine(database_url)
    async with engine.connect() as connection:
        changes = await connection.run_sync(pending_changes)
    await engine.dispose()
    return changes


def test_models_and_migrations_agree(database_url: str) -> None:
    assert asyncio.run(compare(database_url)) == []


def test_migrations_downgrade_and_upgrade(database_url: str) -> None:
    config = alembic_config(database_url)
    command.downgrade(config, "base")
    command.upgrade(config, "head")
