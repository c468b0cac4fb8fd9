"""Security defaults of the running app, beyond the shared contract: one test each."""

from typing import Any

import pytest
from flask import Flask, session
{%- if cookiecutter.worker == "celery" %}
from limits.storage import RedisStorage, Storage
{%- else %}
from limits.storage import MemoryStorage, Storage
{%- endif %}
from openapi_spec_validator import validate

from {{ cookiecutter.project_slug }}.settings import Settings

from tests.api import ApiClient, ApiResponse
from tests.conftest import REAL_SECRET, AppFactory, FlaskApiClient

PROBLEM = "application/problem+json"
PRODUCTION_HOST = "api.example.test"


def production(settings: Settings, **overrides: object) -> Settings:
    values = {
        "environment": "production",
        "secret_key": REAL_SECRET,
        "allowed_hosts": [PRODUCTION_HOST],
        "cors_origins": [],
        **overrides,
    }
    return settings.model_copy(update=values)


def client(app: Flask, host: str = "localhost") -> ApiClient:
    return FlaskApiClient(app.test_client(), base_url=f"http://{host}")


def problem_body(response: ApiResponse, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    return body


def session_cookie(app: Flask, host: str) -> str:
    """The Set-Cookie header of a response that stores something in the session."""

    @app.get("/remember")
    def remember() -> str:
        session["seen"] = True
        return "ok"

    return app.test_client().get("/remember", base_url=f"https://{host}").headers["Set-Cookie"]


def test_debug_is_off_unless_asked(settings: Settings, make_app: AppFactory) -> None:
    assert make_app(settings).debug is False
    assert make_app(settings.model_copy(update={"debug": True})).debug is True


def test_the_host_allowlist_is_flasks_trusted_hosts(
    settings: Settings, make_app: AppFactory
) -> None:
    app = make_app(settings)
    assert app.config["TRUSTED_HOSTS"] == ["localhost"]
    response = client(app, "evil.test").request("GET", "/health")
    assert "not trusted" in problem_body(response, 400)["detail"]


def test_session_cookie_is_secure_httponly_and_samesite(
    settings: Settings, make_app: AppFactory
) -> None:
    cookie = session_cookie(make_app(settings), "localhost")
    assert cookie.startswith("session=")
    assert "; Secure" in cookie
    assert "; HttpOnly" in cookie
    assert "; SameSite=Lax" in cookie


def test_session_cookie_has_the_host_prefix_in_production(
    settings: Settings, make_app: AppFactory
) -> None:
    cookie = session_cookie(make_app(production(settings)), PRODUCTION_HOST)
    # __Host- cookies must be Secure, for the whole site (Path=/) and bound to this host.
    assert cookie.startswith("__Host-session=")
    assert "; Secure" in cookie
    assert "; HttpOnly" in cookie
    assert "; SameSite=Lax" in cookie
    assert "; Path=/" in cookie
    assert "Domain=" not in cookie


def test_security_headers_are_on_errors_too(api: ApiClient) -> None:
    headers = api.request("GET", "/api/nothing-here").headers
    assert headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["cache-control"] == "no-store"


def test_no_origin_is_allowed_by_default(settings: Settings, make_app: AppFactory) -> None:
    app = make_app(settings.model_copy(update={"cors_origins": []}))
    response = client(app).request(
        "OPTIONS",
        "/api/items",
        headers={"Origin": "https://app.example.test", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in response.headers


def test_oversized_request_is_a_413_problem(settings: Settings, make_app: AppFactory) -> None:
    api = client(make_app(settings.model_copy(update={"max_request_bytes": 100})))
    response = api.request("POST", "/api/items", json={"name": "x" * 100})
    assert "100 bytes" in problem_body(response, 413)["detail"]
    assert api.request("POST", "/api/items", json={"name": "x" * 50}).status_code == 201


def test_rate_limited_responses_say_when_to_retry(limited_api: ApiClient) -> None:
    for _ in range(3):
        limited_api.request("GET", "/api/items")
    response = limited_api.request("GET", "/api/items")
    problem_body(response, 429)
    assert int(response.headers["retry-after"]) > 0


def test_only_a_429_says_when_to_retry(api: ApiClient) -> None:
    response = api.request("GET", "/api/items")
    assert response.headers["x-ratelimit-limit"] == "1000"
    assert "retry-after" not in response.headers


def limiter_storage(app: Flask) -> Storage:
    (limiter,) = app.extensions["limiter"]
    storage: Storage = limiter.storage
    return storage
{%- if cookiecutter.worker == "celery" %}


def test_rate_limits_are_counted_in_redis(settings: Settings, make_app: AppFactory) -> None:
    app = make_app(settings.model_copy(update={"rate_limit_storage_url": ""}))
    assert isinstance(limiter_storage(app), RedisStorage)
{%- else %}


def test_rate_limits_are_counted_in_memory(settings: Settings, make_app: AppFactory) -> None:
    app = make_app(settings.model_copy(update={"rate_limit_storage_url": ""}))
    assert isinstance(limiter_storage(app), MemoryStorage)
{%- endif %}


def test_trace_is_a_405_problem_naming_the_allowed_methods(api: ApiClient) -> None:
    response = api.request("TRACE", "/api/items")
    problem_body(response, 405)
    assert "TRACE" not in response.headers["allow"]
    assert "POST" in response.headers["allow"]


def test_unexpected_errors_are_a_500_problem_without_details(
    settings: Settings, make_app: AppFactory, caplog: pytest.LogCaptureFixture
) -> None:
    app = make_app(settings)

    @app.get("/broken")
    def broken() -> str:
        raise RuntimeError("internal detail")

    response = client(app).request("GET", "/broken")
    assert "internal detail" not in str(problem_body(response, 500))
    assert "internal detail" in caplog.text  # logged for the operators, not sent to the client


def test_a_body_that_is_not_json_is_415(api: ApiClient) -> None:
    response = api.request(
        "POST", "/api/items", content=b"name=x", headers={"Content-Type": "text/plain"}
    )
    problem_body(response, 415)


@pytest.mark.parametrize("path", ["/api/items/0x1", "/api/items/-1", "/api/items/99999999999"])
def test_ids_outside_the_integer_range_are_404(api: ApiClient, path: str) -> None:
    problem_body(api.request("GET", path), 404)


def test_proxy_headers_are_ignored_unless_a_proxy_is_trusted(
    settings: Settings, make_app: AppFactory
) -> None:
    forwarded = {"X-Forwarded-Proto": "https"}
    for proxies, scheme in [(0, "http"), (1, "https")]:
        app = make_app(settings.model_copy(update={"trusted_proxy_count": proxies}))
        response = client(app).request(
            "POST", "/api/items", json={"name": "Proxied"}, headers=forwarded
        )
        assert response.headers["location"].startswith(f"{scheme}://localhost/api/items/")


def test_openapi_document_is_valid_openapi(api: ApiClient) -> None:
    document = api.request("GET", "/openapi.json").json()
    validate(document)
    assert {"/api/items", "/api/items/{item_id}", "/health", "/ready"} <= set(document["paths"])


@pytest.mark.parametrize("enabled", [None, False])
def test_openapi_is_off_in_production(
    settings: Settings, make_app: AppFactory, enabled: bool | None
) -> None:
    app = make_app(production(settings, enable_docs=enabled))
    problem_body(client(app, PRODUCTION_HOST).request("GET", "/openapi.json"), 404)


def test_openapi_can_be_enabled_in_production(settings: Settings, make_app: AppFactory) -> None:
    app = make_app(production(settings, enable_docs=True))
    assert client(app, PRODUCTION_HOST).request("GET", "/openapi.json").status_code == 200
