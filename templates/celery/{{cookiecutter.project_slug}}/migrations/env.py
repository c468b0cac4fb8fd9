"""Alembic environment: URL from the settings (DATABASE_URL), with the project's sync driver."""

from alembic import context
from sqlalchemy import create_engine

from {{ cookiecutter.project_slug }}.database_url import sqlalchemy_url
from {{ cookiecutter.project_slug }}.models import Base
from {{ cookiecutter.project_slug }}.settings import get_settings

config = context.config
target_metadata = Base.metadata


def database_url() -> str:
    # Tests pass their throwaway database here; everything else reads DATABASE_URL.
    url = config.attributes.get("database_url")
    return str(url) if url else get_settings().database_url


def run_online() -> None:
    engine = create_engine(sqlalchemy_url(database_url()))
    with engine.connect() as connection:
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            compare_type=True,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        with context.begin_transaction():
            context.run_migrations()
    engine.dispose()


if context.is_offline_mode():
    raise SystemExit("Offline (--sql) migrations are not supported; connect to a database.")
run_online()
