"""Test fixtures: the contract's clients on Django's test client, in a throwaway database.

pytest-django creates `test_<name>` beside the database in DATABASE_URL, migrates it once,
rolls every test back, and drops the database when the run ends.
"""

import json as jsonlib
from collections.abc import Iterator, Mapping
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connections
from django.test import Client, override_settings
from pytest_django import DjangoDbBlocker

from tests.api import ApiClient, ApiResponse

LISTED_ORIGIN = "https://app.example.test"
# Where each database is not: /ready must report it, /health must not care.
UNREACHABLE: dict[str, dict[str, Any]] = {
    "postgresql": {"HOST": "127.0.0.1", "PORT": "1"},
    "mysql": {"HOST": "127.0.0.1", "PORT": "1"},
    "sqlite": {"NAME": "/nonexistent-directory/unreachable.db"},
}


class DjangoApiClient:
    """Django's test client behind the `ApiClient` interface the contract tests drive.

    Requests arrive over HTTPS, as they do in production behind TLS: Django sends HSTS on
    secure requests only.
    """

    def __init__(self, client: Client | None = None) -> None:
        self.client = client or Client()

    def request(
        self,
        method: str,
        path: str,
        /,
        *,
        json: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> ApiResponse:
        extra = {name.lower(): value for name, value in (headers or {}).items()}
        content_type = extra.pop("content-type", "application/json")
        body = jsonlib.dumps(json).encode() if json is not None else content or b""
        return self.client.generic(
            method, path, data=body, content_type=content_type, secure=True, headers=extra
        )


@pytest.fixture
def api(db: None) -> Iterator[ApiClient]:
    with override_settings(CORS_ALLOWED_ORIGINS=[LISTED_ORIGIN], RATE_LIMIT="1000/minute"):
        cache.clear()
        yield DjangoApiClient()


@pytest.fixture
def limited_api(api: ApiClient) -> Iterator[ApiClient]:
    with override_settings(RATE_LIMIT="3/minute"):
        yield api


@pytest.fixture
def unavailable_api(django_db_blocker: DjangoDbBlocker) -> Iterator[ApiClient]:
    connection = connections["default"]
    saved = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(UNREACHABLE[connection.vendor])
    try:
        with django_db_blocker.unblock():
            yield DjangoApiClient()
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(saved)
