"""Security defaults that live in the settings: each one is asserted here."""

import pytest
from fastapi.testclient import TestClient
from pydantic import ValidationError

from {{ cookiecutter.project_slug }}.main import create_app
from {{ cookiecutter.project_slug }}.settings import DEVELOPMENT_SECRET_KEY, Settings

REAL_SECRET = "k3Yq9-" * 10  # 60 characters, as `secrets.token_urlsafe(50)` would give
PRODUCTION = {
    "environment": "production",
    "allowed_hosts": ["api.example.test"],
    "rate_limit_storage_url": "memory://",
}


def production(**overrides: object) -> Settings:
    return Settings.model_validate({**PRODUCTION, "secret_key": REAL_SECRET, **overrides})


@pytest.mark.parametrize("secret", ["", "change-me", DEVELOPMENT_SECRET_KEY, "short-but-random"])
def test_production_refuses_a_missing_placeholder_or_short_secret(secret: str) -> None:
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        production(secret_key=secret)


def test_production_refuses_to_start_without_a_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(_env_file=None)


def test_an_empty_secret_key_means_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    # `cp .env.example .env` leaves `SECRET_KEY=`, and the Makefile exports it.
    monkeypatch.setenv("SECRET_KEY", "")
    assert Settings(_env_file=None).secret_key == DEVELOPMENT_SECRET_KEY
    monkeypatch.setenv("ENVIRONMENT", "production")
    monkeypatch.setenv("ALLOWED_HOSTS", "api.example.test")
    with pytest.raises(ValidationError, match="SECRET_KEY"):
        Settings(_env_file=None)


def test_development_runs_without_secrets() -> None:
    assert Settings(environment="development").secret_key == DEVELOPMENT_SECRET_KEY


def test_production_accepts_a_real_secret() -> None:
    assert production().secret_key == REAL_SECRET


def test_debug_is_off_by_default_and_refused_in_production() -> None:
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


def test_cors_is_empty_by_default() -> None:
    assert Settings().cors_origins == []


def test_lists_are_read_from_comma_separated_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALLOWED_HOSTS", "api.example.test, www.example.test")
    monkeypatch.setenv("CORS_ORIGINS", "https://app.example.test")
    settings = Settings(_env_file=None)
    assert settings.allowed_hosts == ["api.example.test", "www.example.test"]
    assert settings.cors_origins == ["https://app.example.test"]


@pytest.mark.parametrize("path", ["/docs", "/redoc", "/openapi.json"])
def test_api_docs_are_off_in_production(database_url: str, path: str) -> None:
    settings = production(database_url=database_url)
    with TestClient(create_app(settings), base_url="http://api.example.test") as client:
        assert client.get(path).status_code == 404


def test_api_docs_can_be_enabled_in_production(database_url: str) -> None:
    settings = production(database_url=database_url, enable_docs=True)
    with TestClient(create_app(settings), base_url="http://api.example.test") as client:
        assert client.get("/openapi.json").status_code == 200
