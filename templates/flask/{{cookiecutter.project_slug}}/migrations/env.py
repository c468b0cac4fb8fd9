"""Alembic environment: the app's engine, URL from the settings (DATABASE_URL)."""

from alembic import context
from sqlalchemy.pool import NullPool

from {{ cookiecutter.project_slug }}.database import create_engine
from {{ cookiecutter.project_slug }}.models import Base
from {{ cookiecutter.project_slug }}.settings import Settings

config = context.config
target_metadata = Base.metadata


def database_url() -> str:
    # Tests pass their throwaway database here; everything else reads DATABASE_URL.
    url = config.attributes.get("database_url")
    return str(url) if url else Settings().database_url


def run_online() -> None:
    engine = create_engine(database_url(), poolclass=NullPool)
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
