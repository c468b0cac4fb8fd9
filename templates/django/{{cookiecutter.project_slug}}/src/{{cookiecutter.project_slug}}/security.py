"""Security middleware.

Django's SecurityMiddleware and XFrameOptionsMiddleware send HSTS, nosniff, the referrer and
opener policies and frame denial (configured in settings); this module adds what they do not:
a request size limit, `Cache-Control: no-store` and the CSP per content type.
"""

from collections.abc import Callable

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase

from {{ cookiecutter.project_slug }}.errors import problem_response

GetResponse = Callable[[HttpRequest], HttpResponseBase]


class RequestSizeLimitMiddleware:
    """Answers 413 to a body over MAX_REQUEST_BYTES before anything reads it.

    Under WSGI a body is only ever read up to its declared Content-Length, so checking the
    declared length bounds what the application reads.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        limit: int = settings.MAX_REQUEST_BYTES
        length = request.META.get("CONTENT_LENGTH") or ""
        if length.isdigit() and int(length) > limit:
            return problem_response(413, f"Request body exceeds {limit} bytes")
        return self.get_response(request)


class NoStoreMiddleware:
    """`Cache-Control: no-store` on every response that sets no caching policy of its own."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        if not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, choosing the policy by what the response is.

    JSON gets CONTENT_SECURITY_POLICY (`default-src 'none'`); HTML pages such as the admin get
    HTML_CONTENT_SECURITY_POLICY. Directives are written in a fixed (sorted) order: django-csp
    4.0 orders them by set iteration, which changes with Python's hash seed.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        is_html = response.get("Content-Type", "").startswith("text/html")
        if is_html and not report_only and parts.config is None:
            parts.config = settings.HTML_CONTENT_SECURITY_POLICY
        return parts

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        response = super().process_response(request, response)
        for header in (HEADER, HEADER_REPORT_ONLY):
            if header in response:
                response[header] = "; ".join(sorted(response[header].split("; ")))
        return response
