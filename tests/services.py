"""The local services the runtime checks need, and the skip-or-fail rule for when one is down.

A missing service skips the check with a reason, unless STACKPLATE_REQUIRE_SERVICES=1 (set by
.ci/run), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import socket
import subprocess
from dataclasses import dataclass
from urllib.parse import urlsplit

POSTGRES_URL = os.environ.get("STACKPLATE_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
MYSQL_URL = os.environ.get("STACKPLATE_MYSQL_URL", "mysql://root@127.0.0.1:3306")
REDIS_URL = os.environ.get("STACKPLATE_REDIS_URL", "redis://127.0.0.1:6379")


def services_required() -> bool:
    return os.environ.get("STACKPLATE_REQUIRE_SERVICES") == "1"


@dataclass(frozen=True)
class Service:
    name: str
    url: str

    @property
    def address(self) -> tuple[str, int]:
        parts = urlsplit(self.url)
        return parts.hostname or "127.0.0.1", parts.port or 0

    def unavailable_reason(self) -> str | None:
        """None when the service accepts connections, else why not."""
        host, port = self.address
        try:
            with socket.create_connection((host, port), timeout=3):
                return None
        except OSError as error:
            return f"{self.name} is not reachable at {host}:{port} ({error})"


POSTGRES = Service("PostgreSQL", POSTGRES_URL)
MYSQL = Service("MariaDB/MySQL", MYSQL_URL)
REDIS = Service("Redis", REDIS_URL)
DATABASE_SERVICES = {"postgresql": POSTGRES, "mysql": MYSQL}


def _psql(statement: str) -> None:
    host, port = POSTGRES.address
    user = urlsplit(POSTGRES.url).username or "postgres"
    _run(
        [
            "psql",
            "-h",
            host,
            "-p",
            str(port),
            "-U",
            user,
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            statement,
        ]
    )


def create_database(database: str, name: str) -> str:
    """Create database `name` on the server for `database` and return its DATABASE_URL."""
    if database == "postgresql":
        _psql(f'CREATE DATABASE "{name}"')
        return f"{POSTGRES.url}/{name}"
    if database == "mysql":
        _mysql(f"CREATE DATABASE `{name}` CHARACTER SET utf8mb4")
        return f"{MYSQL.url}/{name}"
    raise ValueError(database)


def drop_database(database: str, name: str) -> None:
    if database == "postgresql":
        _psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    elif database == "mysql":
        _mysql(f"DROP DATABASE IF EXISTS `{name}`")


def _mysql(statement: str) -> None:
    host, port = MYSQL.address
    user = urlsplit(MYSQL.url).username or "root"
    password = urlsplit(MYSQL.url).password
    command = ["mysql", "-h", host, "-P", str(port), "-u", user, "-e", statement]
    if password:
        command.insert(1, f"-p{password}")
    _run(command)


def _run(command: list[str]) -> None:
    subprocess.run(command, check=True, capture_output=True, text=True)
