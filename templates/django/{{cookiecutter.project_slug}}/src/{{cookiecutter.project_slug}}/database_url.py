"""Turn the DATABASE_URL users already have into a Django `DATABASES` entry.

Accepts `postgresql://`, `postgres://`, `mysql://`, `mariadb://` and `sqlite:///path`, with or
without a `+driver` suffix, so the same variable works for psql, Docker images and PaaS hosts.
Query parameters become connection OPTIONS (`?sslmode=require`, `?connect_timeout=10`).
"""

from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

ENGINES = {
    "postgresql": "django.db.backends.postgresql",
    "mysql": "django.db.backends.mysql",
    "sqlite": "django.db.backends.sqlite3",
}
ALIASES = {"postgres": "postgresql", "mariadb": "mysql", "sqlite3": "sqlite"}
CONNECT_TIMEOUT_SECONDS = 5


def database_config(database_url: str) -> dict[str, Any]:
    """The `DATABASES["default"]` entry for `database_url`, with its test database beside it."""
    scheme, separator, rest = database_url.partition("://")
    if not separator:
        raise ValueError(f"DATABASE_URL {database_url!r} has no scheme (like postgresql://)")
    family = scheme.split("+", 1)[0].lower()
    family = ALIASES.get(family, family)
    if family not in ENGINES:
        supported = ", ".join(sorted([*ENGINES, *ALIASES]))
        raise ValueError(
            f"DATABASE_URL scheme {scheme!r} is not supported; use one of: {supported}"
        )
    if family == "sqlite":
        return sqlite_config(rest)
    parts = urlsplit(f"//{rest}")
    name = unquote(parts.path.lstrip("/"))
    if not name:
        raise ValueError("DATABASE_URL must name a database, like postgresql://host/name")
    # Numbers stay numbers: drivers expect `connect_timeout=10`, not "10".
    options: dict[str, Any] = {
        key: int(value) if value.isdigit() else value for key, value in parse_qsl(parts.query)
    }
    options.setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    test: dict[str, Any] = {"NAME": f"test_{name}"}
    if family == "mysql":
        options.setdefault("charset", "utf8mb4")
        test.update(CHARSET="utf8mb4", COLLATION="utf8mb4_unicode_ci")
    return {
        "ENGINE": ENGINES[family],
        "NAME": name,
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "OPTIONS": options,
        "TEST": test,
    }


def sqlite_config(rest: str) -> dict[str, Any]:
    """`sqlite:///relative.db`, `sqlite:////absolute.db` or `sqlite://` (in memory)."""
    path = rest.split("?", 1)[0]
    path = path[1:] if path.startswith("/") else path
    if path in ("", ":memory:"):
        return {"ENGINE": ENGINES["sqlite"], "NAME": ":memory:", "TEST": {}}
    directory, slash, filename = path.rpartition("/")
    return {
        "ENGINE": ENGINES["sqlite"],
        "NAME": path,
        "TEST": {"NAME": f"{directory}{slash}test_{filename}"},
    }
