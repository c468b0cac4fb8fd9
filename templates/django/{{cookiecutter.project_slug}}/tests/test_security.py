"""Django-specific security defaults, each asserted on real responses (see SECURITY.md)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client, override_settings

from {{ cookiecutter.project_slug }}.items.views import ItemListView

from tests.api import ApiClient
from tests.conftest import DjangoApiClient

PROBLEM = "application/problem+json"
API_CSP = "default-src 'none'; frame-ancestors 'none'"
HTML_CSP = (
    "base-uri 'none'; default-src 'self'; form-action 'self'; frame-ancestors 'none'; "
    "object-src 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


def admin_path(page: str = "") -> str:
    return f"/{settings.ADMIN_URL}{page}"


def test_unlisted_host_gets_a_400_problem_with_security_headers(api: ApiClient) -> None:
    response = api.request("GET", "/api/items", headers={"Host": "evil.test"})
    assert response.status_code == 400
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["content-security-policy"] == API_CSP


def test_hsts_is_sent_on_https_responses(api: ApiClient) -> None:
    # Browsers ignore HSTS over plain HTTP (RFC 6797), so Django only sends it over HTTPS.
    assert api.request("GET", "/health").headers["strict-transport-security"] == HSTS
    assert "strict-transport-security" not in Client().get("/health").headers


def test_api_responses_get_the_strict_csp(api: ApiClient) -> None:
    for path in ("/health", "/api/items", "/api/items/999999", "/openapi.json"):
        assert api.request("GET", path).headers["content-security-policy"] == API_CSP


@pytest.mark.django_db
def test_admin_pages_get_the_html_csp() -> None:
    response = Client().get(admin_path("login/"))
    assert response.status_code == 200
    assert response.headers["content-security-policy"] == HTML_CSP
    assert response.headers["x-frame-options"] == "DENY"


def test_admin_is_not_at_the_default_path(api: ApiClient) -> None:
    assert settings.ADMIN_URL != "admin/"
    response = api.request("GET", "/admin/")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


@pytest.mark.django_db
def test_admin_asks_for_a_login_at_its_own_path() -> None:
    response = Client().get(admin_path())
    assert response.status_code == 302
    assert response.headers["location"].startswith(admin_path("login/"))


@pytest.mark.django_db
def test_csrf_rejects_a_cookie_authenticated_post_without_a_token() -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(admin_path("login/"), {"username": "alice", "password": "x"})
    assert response.status_code == 403
    assert response.headers["content-type"] == PROBLEM
    assert "CSRF" in response.json()["detail"]


@pytest.mark.django_db
def test_csrf_accepts_a_post_with_its_token() -> None:
    client = Client(enforce_csrf_checks=True)
    client.get(admin_path("login/"))
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(
        admin_path("login/"),
        {"username": "alice", "password": "x", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 200  # the form again, with "wrong password"


@pytest.mark.django_db
def test_passwords_are_hashed_with_argon2id() -> None:
    user = get_user_model().objects.create_user("alice", password="a long and unusual phrase")
    assert user.password.startswith("argon2$argon2id$")
    assert user.check_password("a long and unusual phrase")
    assert make_password("anything").startswith("argon2")


@pytest.mark.parametrize("password", ["short", "password123", "12345678901234", "alice-alice"])
def test_weak_passwords_are_refused(password: str) -> None:
    user = get_user_model()(username="alice-alice")
    with pytest.raises(ValidationError):
        validate_password(password, user)


def test_oversized_request_is_a_413_problem(api: ApiClient) -> None:
    body = b"x" * (settings.MAX_REQUEST_BYTES + 1)
    response = api.request("POST", "/api/items", content=body)
    assert response.status_code == 413
    assert response.headers["content-type"] == PROBLEM
    assert response.json()["title"] == "Content Too Large"


def test_rate_limit_counts_per_client_address(limited_api: ApiClient) -> None:
    for _ in range(3):
        assert limited_api.request("GET", "/api/items").status_code == 200
    response = limited_api.request("GET", "/api/items")
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) > 0
    # Without TRUST_PROXY_HEADERS a client cannot pick a fresh address with X-Forwarded-For.
    spoofed = limited_api.request("GET", "/api/items", headers={"X-Forwarded-For": "192.0.2.9"})
    assert spoofed.status_code == 429


def test_openapi_document_is_off_when_docs_are_disabled(api: ApiClient) -> None:
    with override_settings(ENABLE_DOCS=False):
        response = api.request("GET", "/openapi.json")
    assert response.status_code == 404
    assert response.headers["content-type"] == PROBLEM


def test_form_posts_to_the_api_are_refused(api: ApiClient) -> None:
    # The API parses JSON only; a cross-site form post cannot reach it as a "simple" request.
    response = api.request(
        "POST",
        "/api/items",
        content=b"name=Widget",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert response.status_code == 415


def test_cors_never_allows_credentials(api: ApiClient) -> None:
    headers = {
        "Origin": "https://app.example.test",
        "Access-Control-Request-Method": "POST",
    }
    response = api.request("OPTIONS", "/api/items", headers=headers)
    assert response.headers["access-control-allow-origin"] == "https://app.example.test"
    assert "access-control-allow-credentials" not in response.headers


def test_unrouted_methods_get_a_405_problem(api: ApiClient) -> None:
    response = api.request("PUT", "/api/items/1", json={"name": "x"})
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM
    assert "PATCH" in response.headers["allow"]


@pytest.mark.django_db
def test_unexpected_errors_are_a_500_problem_without_details(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def fail(*args: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(ItemListView, "get", fail)
    client = DjangoApiClient(Client(raise_request_exception=False))
    response = client.request("GET", "/api/items")
    assert response.status_code == 500
    assert response.headers["content-type"] == PROBLEM
    assert "secret internals" not in str(response.json())
