"""The sample API contract, the same for every stackplate web stack.

This file is identical in the Django, Flask and FastAPI projects stackplate generates: the
stacks differ in code, never in behaviour. Each project's conftest provides the `api`,
`limited_api` and `unavailable_api` fixtures for its framework.
"""

from typing import Any

import pytest

from tests.api import ApiClient, ApiResponse

PROBLEM = "application/problem+json"
LISTED_ORIGIN = "https://app.example.test"


def create(api: ApiClient, name: str = "Widget", **fields: Any) -> dict[str, Any]:
    response = api.request("POST", "/api/items", json={"name": name, **fields})
    assert response.status_code == 201, response.json()
    item: dict[str, Any] = response.json()
    return item


def assert_problem(response: ApiResponse, status: int, title: str) -> dict[str, Any]:
    assert response.status_code == status
    assert response.headers["content-type"].startswith(PROBLEM)
    body: dict[str, Any] = response.json()
    assert body["type"] == "about:blank"
    assert body["title"] == title
    assert body["status"] == status
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return body


def error_fields(body: dict[str, Any]) -> set[str]:
    return {error["field"] for error in body["errors"]}


# Health and readiness


def test_health_needs_no_dependencies(unavailable_api: ApiClient) -> None:
    response = unavailable_api.request("GET", "/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_checks_the_database(api: ApiClient) -> None:
    response = api.request("GET", "/ready")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"] == "ok"


def test_ready_is_503_when_the_database_is_down(unavailable_api: ApiClient) -> None:
    response = unavailable_api.request("GET", "/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"] == "error"


# Items: create, read, update, delete


def test_create_returns_201_location_and_the_item(api: ApiClient) -> None:
    response = api.request(
        "POST", "/api/items", json={"name": "Widget", "description": "A fine widget"}
    )
    assert response.status_code == 201
    item = response.json()
    assert item == {
        "id": item["id"],
        "name": "Widget",
        "description": "A fine widget",
        "processed": False,
    }
    assert isinstance(item["id"], int)
    assert response.headers["location"].endswith(f"/api/items/{item['id']}")


def test_create_defaults_the_description(api: ApiClient) -> None:
    assert create(api)["description"] == ""


def test_get_returns_the_item(api: ApiClient) -> None:
    item = create(api, "Gadget")
    response = api.request("GET", f"/api/items/{item['id']}")
    assert response.status_code == 200
    assert response.json() == item


def test_get_missing_item_is_404_problem(api: ApiClient) -> None:
    body = assert_problem(api.request("GET", "/api/items/999999"), 404, "Not Found")
    assert "999999" in body["detail"]


def test_non_integer_id_is_404(api: ApiClient) -> None:
    assert_problem(api.request("GET", "/api/items/abc"), 404, "Not Found")


def test_patch_changes_only_the_given_fields(api: ApiClient) -> None:
    item = create(api, "Old name", description="kept")
    response = api.request("PATCH", f"/api/items/{item['id']}", json={"name": "New name"})
    assert response.status_code == 200
    assert response.json() == {**item, "name": "New name"}
    assert api.request("GET", f"/api/items/{item['id']}").json()["name"] == "New name"


def test_patch_missing_item_is_404(api: ApiClient) -> None:
    response = api.request("PATCH", "/api/items/999999", json={"name": "x"})
    assert_problem(response, 404, "Not Found")


def test_patch_validates(api: ApiClient) -> None:
    item = create(api)
    response = api.request("PATCH", f"/api/items/{item['id']}", json={"name": ""})
    body = assert_problem(response, 422, "Unprocessable Content")
    assert error_fields(body) == {"name"}


def test_patch_rejects_null_name(api: ApiClient) -> None:
    item = create(api)
    response = api.request("PATCH", f"/api/items/{item['id']}", json={"name": None})
    assert error_fields(assert_problem(response, 422, "Unprocessable Content")) == {"name"}


def test_delete_returns_204_then_404(api: ApiClient) -> None:
    item = create(api)
    response = api.request("DELETE", f"/api/items/{item['id']}")
    assert response.status_code == 204
    assert_problem(api.request("GET", f"/api/items/{item['id']}"), 404, "Not Found")
    assert_problem(api.request("DELETE", f"/api/items/{item['id']}"), 404, "Not Found")


# Validation


def test_create_requires_a_name(api: ApiClient) -> None:
    response = api.request("POST", "/api/items", json={"description": "no name"})
    body = assert_problem(response, 422, "Unprocessable Content")
    assert error_fields(body) == {"name"}
    assert all(isinstance(error["message"], str) and error["message"] for error in body["errors"])


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 101}, "name"),
        ({"name": 5}, "name"),
        ({"name": "ok", "description": "x" * 1001}, "description"),
    ],
)
def test_create_validates_each_field(api: ApiClient, payload: dict[str, Any], field: str) -> None:
    response = api.request("POST", "/api/items", json=payload)
    assert error_fields(assert_problem(response, 422, "Unprocessable Content")) == {field}


def test_name_of_exactly_100_characters_is_accepted(api: ApiClient) -> None:
    assert create(api, "x" * 100)["name"] == "x" * 100


def test_malformed_json_is_400(api: ApiClient) -> None:
    response = api.request(
        "POST", "/api/items", content=b"{not json", headers={"Content-Type": "application/json"}
    )
    assert_problem(response, 400, "Bad Request")


# Pagination


def test_list_paginates_with_total(api: ApiClient) -> None:
    ids = [create(api, f"item {n}")["id"] for n in range(25)]
    first = api.request("GET", "/api/items").json()
    assert first["total"] == 25
    assert first["limit"] == 20
    assert first["offset"] == 0
    assert [item["id"] for item in first["items"]] == ids[:20]
    rest = api.request("GET", "/api/items?limit=10&offset=20").json()
    assert [item["id"] for item in rest["items"]] == ids[20:]
    assert rest["total"] == 25
    assert rest["limit"] == 10
    assert rest["offset"] == 20


def test_list_accepts_the_maximum_limit(api: ApiClient) -> None:
    response = api.request("GET", "/api/items?limit=100")
    assert response.status_code == 200
    assert response.json() == {"items": [], "total": 0, "limit": 100, "offset": 0}


@pytest.mark.parametrize(
    ("query", "field"),
    [("limit=0", "limit"), ("limit=101", "limit"), ("limit=abc", "limit"), ("offset=-1", "offset")],
)
def test_list_rejects_out_of_range_paging(api: ApiClient, query: str, field: str) -> None:
    response = api.request("GET", f"/api/items?{query}")
    assert error_fields(assert_problem(response, 422, "Unprocessable Content")) == {field}


# OpenAPI and HTTP semantics


def test_openapi_document_describes_the_api(api: ApiClient) -> None:
    response = api.request("GET", "/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert "/api/items" in document["paths"]
    assert any(path.startswith("/api/items/{") for path in document["paths"])


def test_unknown_api_route_is_404_problem(api: ApiClient) -> None:
    assert_problem(api.request("GET", "/api/nothing-here"), 404, "Not Found")


def test_trace_is_not_allowed(api: ApiClient) -> None:
    assert api.request("TRACE", "/api/items").status_code == 405


# Security defaults (see SECURITY.md)


def test_security_headers(api: ApiClient) -> None:
    headers = api.request("GET", "/api/items").headers
    assert headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"
    assert headers["content-security-policy"] == "default-src 'none'; frame-ancestors 'none'"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert headers["cross-origin-opener-policy"] == "same-origin"
    assert "no-store" in headers["cache-control"]


def test_unlisted_host_is_rejected(api: ApiClient) -> None:
    response = api.request("GET", "/api/items", headers={"Host": "evil.test"})
    assert response.status_code == 400


def test_cors_preflight_from_unlisted_origin_gets_no_allow_origin(api: ApiClient) -> None:
    response = api.request(
        "OPTIONS",
        "/api/items",
        headers={"Origin": "https://evil.test", "Access-Control-Request-Method": "GET"},
    )
    assert "access-control-allow-origin" not in response.headers


def test_cors_allows_the_listed_origin_without_credentials(api: ApiClient) -> None:
    response = api.request(
        "OPTIONS",
        "/api/items",
        headers={"Origin": LISTED_ORIGIN, "Access-Control-Request-Method": "GET"},
    )
    assert response.headers["access-control-allow-origin"] == LISTED_ORIGIN
    assert response.headers.get("access-control-allow-credentials") != "true"


def test_oversized_request_is_413(api: ApiClient) -> None:
    body = b'{"name": "' + b"x" * (2 * 1024 * 1024) + b'"}'
    response = api.request(
        "POST", "/api/items", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413


def test_rate_limit_answers_429_problem(limited_api: ApiClient) -> None:
    # limited_api allows 3 API requests per minute.
    for _ in range(3):
        assert limited_api.request("GET", "/api/items").status_code == 200
    assert_problem(limited_api.request("GET", "/api/items"), 429, "Too Many Requests")


def test_health_is_not_rate_limited(limited_api: ApiClient) -> None:
    for _ in range(5):
        assert limited_api.request("GET", "/health").status_code == 200
