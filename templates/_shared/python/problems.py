"""RFC 9457 problem details: the one error shape every endpoint returns."""

from typing import Any

PROBLEM_CONTENT_TYPE = "application/problem+json"

# Fixed titles (RFC 9110 reason phrases) so every stack and Python version says the same thing.
TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    406: "Not Acceptable",
    409: "Conflict",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    500: "Internal Server Error",
    503: "Service Unavailable",
}


def problem(status: int, detail: str, **extensions: Any) -> dict[str, Any]:
    """A problem+json body: `type`, `title`, `status`, `detail`, plus any extension members."""
    return {
        "type": "about:blank",
        "title": TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        **extensions,
    }


def field_error(field: str, message: str) -> dict[str, str]:
    """One entry of the `errors` list of a 422 validation problem."""
    return {"field": field, "message": message}
