"""Every error leaves as RFC 9457 problem+json, and requests are validated with pydantic."""

from typing import Any

from flask import Flask, Response, current_app, jsonify, request
from flask_limiter import RateLimitExceeded
from pydantic import TypeAdapter, ValidationError
from werkzeug.exceptions import (
    BadRequest,
    HTTPException,
    NotFound,
    RequestEntityTooLarge,
    UnprocessableEntity,
    UnsupportedMediaType,
)

from {{ cookiecutter.project_slug }}.problems import (
    PROBLEM_CONTENT_TYPE,
    field_error,
    problem,
)


class InvalidRequest(UnprocessableEntity):
    """422 with the per-field `errors` list of the problem body."""

    def __init__(self, errors: list[dict[str, str]]) -> None:
        super().__init__("The request is not valid")
        self.errors = errors


def problem_response(
    status: int, detail: str, headers: dict[str, str] | None = None, **extensions: Any
) -> Response:
    response = jsonify(problem(status, detail, **extensions))
    response.status_code = status
    response.mimetype = PROBLEM_CONTENT_TYPE
    response.headers.update(headers or {})
    return response


def describe(error: HTTPException) -> str:
    """The problem's `detail`: what went wrong with this request, in plain words."""
    if isinstance(error, RateLimitExceeded):
        return f"Rate limit of {error.description} exceeded"
    if isinstance(error, RequestEntityTooLarge):
        return f"The request body exceeds {current_app.config['MAX_CONTENT_LENGTH']} bytes"
    if isinstance(error, NotFound) and request.url_rule is None:
        # Unknown routes, and ids that are not integers (/api/items/abc): nothing lives there.
        return f"Nothing found at {request.path}"
    return error.description or "The request failed"


def http_error(error: HTTPException) -> Response:
    status = error.code or 500
    # Keep the headers the error carries (Allow on a 405), but not its HTML content type.
    headers = {k: v for k, v in error.get_headers() if k.lower() != "content-type"}
    extensions = {"errors": error.errors} if isinstance(error, InvalidRequest) else {}
    return problem_response(status, describe(error), headers, **extensions)


def init_app(app: Flask) -> None:
    # Unhandled exceptions become InternalServerError (logged by Flask) and land here too.
    app.register_error_handler(HTTPException, http_error)


def json_body() -> object:
    """The request's JSON body: 415 when it is not JSON, 400 when it does not parse."""
    if not request.is_json:
        raise UnsupportedMediaType("Send the request body as application/json")
    try:
        return request.get_json()
    except BadRequest as error:
        raise BadRequest("The request body is not valid JSON") from error


def validate[T](adapter: TypeAdapter[T], data: object) -> T:
    """`data` as the adapter's type, or a 422 problem naming every invalid field."""
    try:
        return adapter.validate_python(data)
    except ValidationError as error:
        raise InvalidRequest(
            [
                field_error(".".join(str(part) for part in e["loc"]) or "body", e["msg"])
                for e in error.errors(include_url=False)
            ]
        ) from error
