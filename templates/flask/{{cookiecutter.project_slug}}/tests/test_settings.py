"""Security defaults that live in the settings: each one is asserted here."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from {{ cookiecutter.project_slug }}.app import create_app
from {{ cookiecutter.project_slug }}.settings import DEVELOPMENT_SECRET_KEY, Settings

from tests.conftest import REAL_SECRET

PRODUCTION = {"environment": "production", "allowed_hosts": ["api.example.test"]}


@pytest.fixture(autouse=True)
def environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """No setting from the environment or a .env file (`make` exports .env to the tests)."""
    for name in Settings.model_fields:
        monkeypatch.delenv(name.upper(), raising=False)
    monkeypatch.chdir(tmp_path)
    return monkeypatch


def production(**overrides: object) -> Settings:
    return Settings.model_validate({**PRODUCTION, "secret_key": REAL_SECRET, **overrides})


@pytest.mark.parametrize("secret", ["", "change-me", DEVELOPMENT_SECRET_KEY, "short-but-random"])
def test_production_refuses_a_missing_placeholder_or_short_secret(secret: str) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        production(secret_key=secret)


def test_app_refuses_to_start_in_production_without_a_secret(
    environment: pytest.MonkeyPatch,
) -> None:
    environment.setenv("ENVIRONMENT", "production")
    environment.setenv("ALLOWED_HOSTS", "api.example.test")
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        create_app()


def test_development_runs_without_secrets(environment: pytest.MonkeyPatch) -> None:
    assert Settings().secret_key == DEVELOPMENT_SECRET_KEY
    environment.setenv("SECRET_KEY", "")  # as in .env.example
    assert Settings().secret_key == DEVELOPMENT_SECRET_KEY


def test_production_accepts_a_real_secret() -> None:
    assert production().secret_key == REAL_SECRET


def test_debug_is_off_by_default_and_refused_in_production(
    environment: pytest.MonkeyPatch,
) -> None:
    assert Settings().debug is False
    with pytest.raises(ValidationError, match="DEBUG"):
        production(debug=True)


@pytest.mark.parametrize("hosts", [["*"], []])
def test_production_needs_an_explicit_host_allowlist(hosts: list[str]) -> None:
    with pytest.raises(ValidationError, match="ALLOWED_HOSTS"):
        production(allowed_hosts=hosts)


def test_cors_wildcard_is_refused_in_production() -> None:
    with pytest.raises(ValidationError, match="CORS_ORIGINS"):
        production(cors_origins=["*"])


def test_cors_is_empty_by_default(environment: pytest.MonkeyPatch) -> None:
    assert Settings().cors_origins == []


def test_lists_are_read_from_comma_separated_environment(
    environment: pytest.MonkeyPatch,
) -> None:
    environment.setenv("ALLOWED_HOSTS", "api.example.test, www.example.test")
    environment.setenv("CORS_ORIGINS", "https://app.example.test")
    settings = Settings()
    assert settings.allowed_hosts == ["api.example.test", "www.example.test"]
    assert settings.cors_origins == ["https://app.example.test"]


def test_an_invalid_rate_limit_is_refused_at_start() -> None:
    with pytest.raises(ValidationError, match="RATE_LIMIT"):
        Settings(rate_limit="a lot")


def test_request_size_is_bounded_by_default(environment: pytest.MonkeyPatch) -> None:
    assert Settings().max_request_bytes == 1024 * 1024
{%- if cookiecutter.worker == "celery" %}


def test_rate_limits_are_counted_in_redis(environment: pytest.MonkeyPatch) -> None:
    environment.setenv("REDIS_URL", "redis://redis.example.test:6379/3")
    assert Settings().rate_limit_storage == "redis://redis.example.test:6379/3"


def test_task_time_limits_must_leave_room_to_clean_up() -> None:
    with pytest.raises(ValidationError, match="TASK_SOFT_TIME_LIMIT"):
        Settings(task_soft_time_limit=60, task_time_limit=60)


def test_production_keeps_running_tasks_from_being_handed_out_twice() -> None:
    with pytest.raises(ValidationError, match="BROKER_VISIBILITY_TIMEOUT"):
        production(broker_visibility_timeout=300)
    assert production().broker_visibility_timeout > production().task_time_limit


def test_worker_logs_are_json_in_production_unless_set() -> None:
    assert Settings(environment="development").json_logs is False
    assert production().json_logs is True
    assert production(log_format="text").json_logs is False
{%- else %}


def test_rate_limits_are_counted_in_memory(environment: pytest.MonkeyPatch) -> None:
    assert Settings().rate_limit_storage == "memory://"
{%- endif %}


def test_rate_limit_storage_can_be_set(environment: pytest.MonkeyPatch) -> None:
    environment.setenv("RATE_LIMIT_STORAGE_URL", "redis://limits.example.test:6379/0")
    assert Settings().rate_limit_storage == "redis://limits.example.test:6379/0"


def test_docs_are_off_in_production_unless_enabled() -> None:
    assert Settings(environment="development").docs_enabled is True
    assert production().docs_enabled is False
    assert production(enable_docs=True).docs_enabled is True


def test_proxy_headers_are_not_trusted_by_default(environment: pytest.MonkeyPatch) -> None:
    assert Settings().trusted_proxy_count == 0
