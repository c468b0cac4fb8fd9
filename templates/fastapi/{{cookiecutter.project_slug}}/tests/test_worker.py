"""FastAPI's worker tests beyond tests/test_worker_reliability.py: rate limits counted in
Redis, and the worker settings checks."""

import uuid

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from {{ cookiecutter.project_slug }}.main import create_app
from {{ cookiecutter.project_slug }}.settings import Settings

from tests.worker import delete_keys


def test_rate_limits_are_counted_in_redis(settings: Settings) -> None:
    assert Settings(_env_file=None).rate_limit_storage_url == Settings(_env_file=None).redis_url
    limited = settings.model_copy(
        update={"rate_limit": "3/minute", "rate_limit_storage_url": settings.redis_url}
    )
    # A client address of its own: the counter lives in Redis, shared with other test runs.
    address = f"test-{uuid.uuid4().hex}"
    try:
        with TestClient(create_app(limited), client=(address, 50000)) as api:
            for _ in range(3):
                assert api.get("/api/items").status_code == 200
            assert api.get("/api/items").status_code == 429
    finally:
        delete_keys(settings.redis_url, f"LIMITS:LIMITER/api/{address}/")


def test_worker_settings_are_checked() -> None:
    with pytest.raises(ValidationError, match="TASK_SOFT_TIME_LIMIT"):
        Settings(task_soft_time_limit=60, task_time_limit=60, _env_file=None)
    with pytest.raises(ValidationError, match="BROKER_VISIBILITY_TIMEOUT"):
        Settings(
            environment="production",
            secret_key="k3Yq9-" * 10,
            allowed_hosts=["api.example.test"],
            broker_visibility_timeout=300,
            _env_file=None,
        )
