"""Synchronous SQLAlchemy sessions for Celery tasks: one engine per database and process.

The worker's Celery app names the database in its configuration (`TASKS_DATABASE_URL`), so tests
can point a worker at their own database.
"""

from typing import Any

from celery import Celery
from celery.signals import worker_process_init
from sqlalchemy import Engine, create_engine, exc
from sqlalchemy.orm import Session, sessionmaker

from {{ cookiecutter.project_slug }}.database_url import sqlalchemy_url

# The Celery setting that holds the tasks' DATABASE_URL.
TASKS_DATABASE_URL = "tasks_database_url"
# Worth a retry: the database went away, timed out or is busy ("database is locked" in SQLite).
TRANSIENT_ERRORS = (
    exc.OperationalError,
    exc.InterfaceError,
    exc.TimeoutError,
    ConnectionError,
    TimeoutError,
)

CONNECT_TIMEOUT_SECONDS = 5

_sessions: dict[str, sessionmaker[Session]] = {}


def task_engine(database_url: str) -> Engine:
    url = sqlalchemy_url(database_url)
    connect_args: dict[str, Any] = {}
    if url.get_backend_name() in ("postgresql", "mysql"):
        # An unreachable server raises (and the task is retried) instead of hanging the task.
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    return create_engine(url, pool_pre_ping=True, connect_args=connect_args)


def sessions(database_url: str) -> sessionmaker[Session]:
    """The session factory for `database_url`, created once per process."""
    factory = _sessions.get(database_url)
    if factory is None:
        engine = task_engine(database_url)
        factory = _sessions[database_url] = sessionmaker(engine, expire_on_commit=False)
    return factory


def task_session(app: Celery) -> Session:
    """A new session on the database of the Celery app running the task."""
    return sessions(str(app.conf[TASKS_DATABASE_URL]))()


@worker_process_init.connect
def forget_inherited_connections(**kwargs: object) -> None:
    """A forked pool process opens its own connections instead of sharing its parent's."""
    for factory in _sessions.values():
        factory.kw["bind"].dispose(close=False)
