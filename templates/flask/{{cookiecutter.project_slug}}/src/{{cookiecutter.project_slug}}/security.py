"""Security defaults: response headers, CORS allowlist, rate limiting and proxy trust."""

from flask import Flask, Response, request
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

from {{ cookiecutter.project_slug }}.settings import Settings

SECURITY_HEADERS = {
    "Strict-Transport-Security": "max-age=31536000; includeSubDomains",
    "Content-Security-Policy": "default-src 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cache-Control": "no-store",
}
CORS_METHODS = "GET, POST, PATCH, DELETE"
CORS_HEADERS = "Content-Type, Authorization"
CORS_MAX_AGE_SECONDS = 600


def add_security_headers(response: Response) -> Response:
    response.headers.update(SECURITY_HEADERS)
    return response


class CorsPolicy:
    """Lets the listed browser origins call the API; never with credentials, never `*`."""

    def __init__(self, origins: list[str]) -> None:
        self.origins = frozenset(origins)

    def __call__(self, response: Response) -> Response:
        response.vary.add("Origin")
        origin = request.headers.get("Origin")
        if origin is None or origin not in self.origins:
            return response
        response.headers["Access-Control-Allow-Origin"] = origin
        if request.method == "OPTIONS" and "Access-Control-Request-Method" in request.headers:
            response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
            response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
            response.headers["Access-Control-Max-Age"] = str(CORS_MAX_AGE_SECONDS)
        return response


def retry_after_only_when_limited(response: Response) -> Response:
    # Flask-Limiter adds Retry-After to every response; it means something only on a 429.
    if response.status_code != 429:
        response.headers.pop("Retry-After", None)
    return response


def create_limiter(app: Flask, settings: Settings) -> Limiter:
    """One limit per client address shared by every route (health routes are exempted)."""
    app.after_request(retry_after_only_when_limited)
    return Limiter(
        get_remote_address,
        app=app,
        application_limits=[settings.rate_limit],
        storage_uri=settings.rate_limit_storage,
        strategy="fixed-window",
        headers_enabled=True,
        key_prefix="{{ cookiecutter.project_slug }}",
    )


def init_app(app: Flask, settings: Settings) -> Limiter:
    if settings.trusted_proxy_count:
        # Only behind proxies: otherwise clients could forge their address and scheme.
        hops = settings.trusted_proxy_count
        # mypy: Flask documents wrapping wsgi_app as the way to add WSGI middleware.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.after_request(CorsPolicy(settings.cors_origins))
    app.after_request(add_security_headers)
    return create_limiter(app, settings)
