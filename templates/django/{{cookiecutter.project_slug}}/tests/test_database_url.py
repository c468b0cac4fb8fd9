"""DATABASE_URL in the forms users already have, turned into Django's DATABASES entry."""

import pytest

from {{ cookiecutter.project_slug }}.database_url import database_config


@pytest.mark.parametrize("scheme", ["postgresql", "postgres", "postgresql+psycopg"])
def test_postgresql(scheme: str) -> None:
    config = database_config(f"{scheme}://user:p%40ss@db.example.test:5433/shop?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert config["NAME"] == "shop"
    assert config["USER"] == "user"
    assert config["PASSWORD"] == "p@ss"
    assert config["HOST"] == "db.example.test"
    assert config["PORT"] == "5433"
    assert config["OPTIONS"] == {"sslmode": "require", "connect_timeout": 5}
    assert config["TEST"] == {"NAME": "test_shop"}


@pytest.mark.parametrize("scheme", ["mysql", "mariadb", "mysql+pymysql"])
def test_mysql(scheme: str) -> None:
    config = database_config(f"{scheme}://root@127.0.0.1/shop?connect_timeout=10")
    assert config["ENGINE"] == "django.db.backends.mysql"
    assert config["PORT"] == ""
    assert config["OPTIONS"] == {"connect_timeout": 10, "charset": "utf8mb4"}
    assert config["TEST"]["NAME"] == "test_shop"
    assert config["TEST"]["CHARSET"] == "utf8mb4"


@pytest.mark.parametrize(
    ("url", "name", "test_name"),
    [
        ("sqlite:///./shop.db", "./shop.db", "./test_shop.db"),
        ("sqlite:///shop.db", "shop.db", "test_shop.db"),
        ("sqlite:////var/data/shop.db", "/var/data/shop.db", "/var/data/test_shop.db"),
    ],
)
def test_sqlite_files(url: str, name: str, test_name: str) -> None:
    config = database_config(url)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == name
    assert config["TEST"] == {"NAME": test_name}


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:"])
def test_sqlite_in_memory(url: str) -> None:
    assert database_config(url)["NAME"] == ":memory:"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("shop.db", "no scheme"),
        ("oracle://db/shop", "not supported"),
        ("postgresql://db.example.test", "must name a database"),
    ],
)
def test_unusable_urls_are_refused(url: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        database_config(url)
