"""Every error is an RFC 9457 problem+json body: API exceptions, Django's error views, CSRF."""

from typing import Any

from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from {{ cookiecutter.project_slug }}.problems import (
    PROBLEM_CONTENT_TYPE,
    field_error,
    problem,
)


def problem_response(status: int, detail: str, **extensions: Any) -> JsonResponse:
    return JsonResponse(
        problem(status, detail, **extensions), status=status, content_type=PROBLEM_CONTENT_TYPE
    )


def field_errors(detail: Any, field: str = "") -> list[dict[str, str]]:
    """Flatten DRF's nested validation detail into the `errors` list: [{field, message}]."""
    if isinstance(detail, dict):
        return [
            error
            for key, value in detail.items()
            for error in field_errors(value, join_field(field, str(key)))
        ]
    if isinstance(detail, list):
        if all(isinstance(message, str) for message in detail):
            return [field_error(field or "body", str(message)) for message in detail]
        return [
            error
            for index, value in enumerate(detail)
            for error in field_errors(value, join_field(field, str(index)))
        ]
    return [field_error(field or "body", str(detail))]


def join_field(parent: str, key: str) -> str:
    if key == api_settings.NON_FIELD_ERRORS_KEY:
        return parent
    return f"{parent}.{key}" if parent else key


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler (status, Retry-After, Allow, rollback), with a problem+json body."""
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: Django answers 500 through `server_error`
    if isinstance(exc, exceptions.ValidationError):
        response.status_code = 422
        body = problem(422, "The request is not valid", errors=field_errors(exc.detail))
    elif isinstance(exc, exceptions.ParseError):
        body = problem(400, "The request body is not valid JSON")
    else:
        # DRF's message: "Not found.", "Method \"TRACE\" not allowed.", "Request was throttled..."
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        body = problem(response.status_code, str(detail or "The request failed"))
    response.data = body
    response.content_type = PROBLEM_CONTENT_TYPE
    return response


# Django's error views (`handler400` and friends in urls.py), for everything outside the API views.


def bad_request(request: HttpRequest, exception: Exception) -> JsonResponse:
    if isinstance(exception, DisallowedHost):
        return problem_response(400, "This service does not answer for the requested host")
    return problem_response(400, "The request could not be understood")


def permission_denied(request: HttpRequest, exception: Exception) -> JsonResponse:
    return problem_response(403, "You may not access this resource")


def page_not_found(request: HttpRequest, exception: Exception) -> JsonResponse:
    return problem_response(404, f"Nothing found at {request.path}")


def server_error(request: HttpRequest) -> JsonResponse:
    return problem_response(500, "An unexpected error occurred")


def csrf_failure(request: HttpRequest, reason: str = "") -> JsonResponse:
    return problem_response(403, f"CSRF verification failed: {reason or 'no valid token'}")
