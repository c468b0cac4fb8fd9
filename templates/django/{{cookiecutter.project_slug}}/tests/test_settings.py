"""Settings that depend on the environment: each production safeguard is asserted here."""

import importlib.util
import os
from contextlib import closing
from pathlib import Path
from typing import Any
from unittest import mock

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.http import FileResponse
from django.test import Client, override_settings

from {{ cookiecutter.project_slug }}.settings import DEVELOPMENT_SECRET_KEY

REAL_SECRET = "k3Yq9-" * 10  # 60 characters, as `secrets.token_urlsafe(50)` would give
PRODUCTION = {
    "ENVIRONMENT": "production",
    "SECRET_KEY": REAL_SECRET,
    "ALLOWED_HOSTS": "api.example.test",
}
# Settings the deploy check has no opinion on, and that the test run itself depends on.
KEEP_FOR_THE_TEST_RUN = frozenset({"DATABASES", "DATABASE_URL"})


def load_settings(**environ: str) -> dict[str, Any]:
    """Run the settings module afresh, with `environ` as the whole environment."""
    spec = importlib.util.find_spec("{{ cookiecutter.project_slug }}.settings")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    with mock.patch.dict(os.environ, environ, clear=True):
        spec.loader.exec_module(module)
    return {name: getattr(module, name) for name in dir(module) if name.isupper()}


def production(**overrides: str) -> dict[str, Any]:
    return load_settings(**{**PRODUCTION, **overrides})


def test_development_runs_without_any_configuration() -> None:
    values = load_settings()
    assert values["ENVIRONMENT"] == "development"
    assert values["SECRET_KEY"] == DEVELOPMENT_SECRET_KEY
    assert values["DEBUG"] is False
    assert values["SESSION_COOKIE_SECURE"] is False


@pytest.mark.parametrize(
    "secret", ["", "change-me", DEVELOPMENT_SECRET_KEY, "short-but-random", "ab" * 30]
)
def test_production_refuses_a_missing_placeholder_or_weak_secret(secret: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        production(SECRET_KEY=secret)


def test_production_refuses_to_start_without_a_secret() -> None:
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY must be set"):
        load_settings(ENVIRONMENT="production", ALLOWED_HOSTS="api.example.test")


def test_production_accepts_a_real_secret() -> None:
    assert production()["SECRET_KEY"] == REAL_SECRET


def test_debug_is_off_by_default_and_refused_in_production() -> None:
    assert production()["DEBUG"] is False
    with pytest.raises(ImproperlyConfigured, match="DEBUG"):
        production(DEBUG="true")


@pytest.mark.parametrize("hosts", ["*", " , "])
def test_production_needs_an_explicit_host_allowlist(hosts: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="ALLOWED_HOSTS"):
        production(ALLOWED_HOSTS=hosts)


def test_cors_is_empty_by_default_and_never_a_wildcard() -> None:
    assert load_settings()["CORS_ALLOWED_ORIGINS"] == []
    assert production()["CORS_ALLOW_CREDENTIALS"] is False
    with pytest.raises(ImproperlyConfigured, match="CORS_ORIGINS"):
        load_settings(CORS_ORIGINS="*")


def test_lists_are_read_from_comma_separated_variables() -> None:
    values = load_settings(
        ALLOWED_HOSTS="api.example.test, www.example.test",
        CORS_ORIGINS="https://app.example.test",
    )
    assert values["ALLOWED_HOSTS"] == ["api.example.test", "www.example.test"]
    assert values["CORS_ALLOWED_ORIGINS"] == ["https://app.example.test"]


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_is_refused(value: str) -> None:
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be true or false"):
        load_settings(DEBUG=value)


def test_production_cookies_are_secure_with_host_prefixed_names() -> None:
    values = production()
    assert values["SESSION_COOKIE_NAME"] == "__Host-sessionid"
    assert values["CSRF_COOKIE_NAME"] == "__Host-csrftoken"
    for cookie in ("SESSION", "CSRF"):
        assert values[f"{cookie}_COOKIE_SECURE"] is True
        assert values[f"{cookie}_COOKIE_HTTPONLY"] is True
        assert values[f"{cookie}_COOKIE_SAMESITE"] == "Lax"


@pytest.mark.django_db
def test_production_sets_a_host_prefixed_secure_cookie() -> None:
    values = production()
    cookie_settings = {name: values[name] for name in values if name.startswith("CSRF_COOKIE")}
    with override_settings(**cookie_settings):
        response = Client().get(f"/{settings.ADMIN_URL}login/", secure=True)
    cookie = response.cookies["__Host-csrftoken"]
    assert cookie["secure"] is True
    assert cookie["httponly"] is True
    assert cookie["path"] == "/"
    assert not cookie["domain"]


def test_production_redirects_to_https_except_for_probes() -> None:
    values = production()
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SECURE_REDIRECT_EXEMPT"] == [r"^health$", r"^ready$"]
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert load_settings()["SECURE_SSL_REDIRECT"] is False
    assert production(SECURE_SSL_REDIRECT="false")["SECURE_SSL_REDIRECT"] is False


def test_proxy_headers_are_trusted_only_when_asked() -> None:
    assert production()["SECURE_PROXY_SSL_HEADER"] is None
    assert production()["REST_FRAMEWORK"]["NUM_PROXIES"] == 0
    behind_proxy = production(TRUST_PROXY_HEADERS="true")
    assert behind_proxy["SECURE_PROXY_SSL_HEADER"] == ("HTTP_X_FORWARDED_PROTO", "https")
    assert behind_proxy["REST_FRAMEWORK"]["NUM_PROXIES"] == 1


def test_api_docs_are_off_in_production_unless_enabled() -> None:
    assert load_settings()["ENABLE_DOCS"] is True
    assert production()["ENABLE_DOCS"] is False
    assert production(ENABLE_DOCS="true")["ENABLE_DOCS"] is True


@pytest.mark.parametrize("path", ["admin/", "/manage/", "manage", ""])
def test_admin_url_must_be_a_relative_path_other_than_admin(path: str) -> None:
    if not path:
        # Empty means "use the default", which is never admin/.
        assert load_settings(ADMIN_URL=path)["ADMIN_URL"] != "admin/"
        return
    with pytest.raises(ImproperlyConfigured, match="ADMIN_URL"):
        load_settings(ADMIN_URL=path)


def test_static_files_are_served_by_the_application_only_when_asked(tmp_path: Path) -> None:
    assert "whitenoise.middleware.WhiteNoiseMiddleware" not in load_settings()["MIDDLEWARE"]
    (tmp_path / "admin").mkdir()
    (tmp_path / "admin" / "base.css").write_text("body { margin: 0 }")
    values = production(SERVE_STATIC="true", STATIC_ROOT=str(tmp_path))
    with override_settings(MIDDLEWARE=values["MIDDLEWARE"], STATIC_ROOT=values["STATIC_ROOT"]):
        response = Client().get("/static/admin/base.css")
    assert isinstance(response, FileResponse)
    with closing(response):
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"body { margin: 0 }"
        assert response.headers["cache-control"].startswith("max-age=")
        assert response.headers["x-frame-options"] == "DENY"


def test_passwords_use_argon2_first_and_all_four_validators() -> None:
    values = production()
    assert values["PASSWORD_HASHERS"][0].endswith("Argon2PasswordHasher")
    assert len(values["AUTH_PASSWORD_VALIDATORS"]) == 4


def test_rate_limit_must_be_well_formed() -> None:
    assert load_settings(RATE_LIMIT="5/second")["RATE_LIMIT"] == "5/second"
    with pytest.raises(ImproperlyConfigured, match="RATE_LIMIT"):
        load_settings(RATE_LIMIT="lots")


def test_rate_limits_are_counted_in_the_default_cache() -> None:
    cache = load_settings(REDIS_URL="redis://cache.example.test:6379/3")["CACHES"]["default"]
{%- if cookiecutter.worker == "celery" %}
    # Redis: every process counts against the same limit.
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == "redis://cache.example.test:6379/3"
{%- else %}
    # Process memory: each process counts for itself (Redis comes with the celery worker option).
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
{%- endif %}


def apply(values: dict[str, Any]) -> override_settings:
    """Override the settings that differ from the running ones (the rest stay untouched)."""
    changed = {
        name: value
        for name, value in values.items()
        if name not in KEEP_FOR_THE_TEST_RUN and getattr(settings, name, None) != value
    }
    return override_settings(**changed)


def test_deploy_check_passes_with_production_settings() -> None:
    with apply(production()):
        call_command("check", deploy=True, fail_level="WARNING")


def test_deploy_check_fails_with_development_settings() -> None:
    # Proves the check above would notice: development settings are not deployable.
    with apply(load_settings()), pytest.raises(SystemCheckError, match="SECURE_SSL_REDIRECT"):
        call_command("check", deploy=True, fail_level="WARNING")
