"""Committed migrations match the models, and run down and up again cleanly."""

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine

from {{ cookiecutter.project_slug }}.database_url import sqlalchemy_url
from {{ cookiecutter.project_slug }}.models import Base

from tests.conftest import alembic_config


def test_models_and_migrations_agree(database_url: str) -> None:
    engine = create_engine(sqlalchemy_url(database_url))
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        changes = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert changes == []


def test_migrations_downgrade_and_upgrade(database_url: str) -> None:
    config = alembic_config(database_url)
    command.downgrade(config, "base")
    command.upgrade(config, "head")
