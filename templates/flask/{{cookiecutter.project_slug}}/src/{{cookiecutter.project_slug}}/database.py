"""The engine of each app, and one SQLAlchemy session per request (closed when it ends)."""

from typing import Any

from flask import Flask, current_app, g
from sqlalchemy import Engine
from sqlalchemy import create_engine as sqlalchemy_create_engine
from sqlalchemy.orm import Session, sessionmaker

from {{ cookiecutter.project_slug }}.database_url import (
    sqlalchemy_url,
)

EXTENSION = "database"
SESSION = "_database_session"
CONNECT_TIMEOUT_SECONDS = 5


def create_engine(database_url: str, **options: Any) -> Engine:
    url = sqlalchemy_url(database_url)
    connect_args: dict[str, Any] = {}
    if url.get_backend_name() in ("postgresql", "mysql"):
        # Fail fast when the server is unreachable instead of hanging a worker (and /ready).
        connect_args["connect_timeout"] = CONNECT_TIMEOUT_SECONDS
    return sqlalchemy_create_engine(url, pool_pre_ping=True, connect_args=connect_args, **options)


class Database:
    """Holds the engine; `session()` gives the request's session, closed at teardown."""

    def __init__(self, database_url: str) -> None:
        self.engine = create_engine(database_url)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    def init_app(self, app: Flask) -> None:
        app.extensions[EXTENSION] = self
        app.teardown_appcontext(self.close_session)

    def session(self) -> Session:
        session: Session | None = g.get(SESSION)
        if session is None:
            session = self.sessions()
            setattr(g, SESSION, session)
        return session

    def close_session(self, error: BaseException | None = None) -> None:
        session: Session | None = g.pop(SESSION, None)
        if session is not None:
            session.close()


def get_database(app: Flask | None = None) -> Database:
    database: Database = (app or current_app).extensions[EXTENSION]
    return database


def get_session() -> Session:
    """The SQLAlchemy session of the current request."""
    return get_database().session()
