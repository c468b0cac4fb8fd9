"""Turn the DATABASE_URL users already have into a SQLAlchemy URL with this project's driver.

Accepts `postgresql://`, `postgres://`, `mysql://`, `mariadb://` and `sqlite:///path`, with or
without a `+driver` suffix, so the same variable works for psql, Docker images and PaaS hosts.
"""

from sqlalchemy.engine import URL, make_url

DRIVERS = {
    # family: (synchronous driver, asyncio driver)
    "postgresql": ("postgresql+psycopg", "postgresql+asyncpg"),
    "mysql": ("mysql+pymysql", "mysql+aiomysql"),
    "sqlite": ("sqlite+pysqlite", "sqlite+aiosqlite"),
}
ALIASES = {"postgres": "postgresql", "mariadb": "mysql"}


def sqlalchemy_url(database_url: str, *, asynchronous: bool = False) -> URL:
    """The SQLAlchemy URL for `database_url`, using the driver this project installs."""
    scheme, separator, rest = database_url.partition("://")
    if not separator:
        raise ValueError(f"DATABASE_URL {database_url!r} has no scheme (like postgresql://)")
    family = scheme.split("+", 1)[0].lower()
    family = ALIASES.get(family, family)
    if family not in DRIVERS:
        supported = ", ".join(sorted([*DRIVERS, *ALIASES]))
        raise ValueError(
            f"DATABASE_URL scheme {scheme!r} is not supported; use one of: {supported}"
        )
    url = make_url(f"{DRIVERS[family][asynchronous]}://{rest}")
    if family == "mysql" and "charset" not in url.query:
        url = url.update_query_dict({"charset": "utf8mb4"})
    if asynchronous and family == "postgresql" and "sslmode" in url.query:
        # asyncpg spells libpq's sslmode as ssl.
        query = dict(url.query)
        query["ssl"] = query.pop("sslmode")
        url = url.set(query=query)
    return url


def test_database_url(url: URL) -> URL:
    """The throwaway database tests use: `test_<name>` beside the configured one."""
    if url.get_backend_name() == "sqlite":
        database = url.database or ""
        if database in ("", ":memory:"):
            return url
        directory, _, name = database.rpartition("/")
        return url.set(database=f"{directory}/test_{name}" if directory else f"test_{name}")
    return url.set(database=f"test_{url.database}")
