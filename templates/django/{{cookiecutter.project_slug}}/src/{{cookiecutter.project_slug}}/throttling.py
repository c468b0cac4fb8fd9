"""The API rate limit (DRF throttling): RATE_LIMIT requests per client address."""

from typing import TYPE_CHECKING

from django.conf import settings
from rest_framework.throttling import SimpleRateThrottle

if TYPE_CHECKING:
    # Only for the annotations: DRF imports this module while it defines APIView.
    from rest_framework.request import Request
    from rest_framework.views import APIView


class ApiRateThrottle(SimpleRateThrottle):
    """One limit per client address across the API views; health checks are not API views.

    Counted in the default cache: per process with the local-memory cache, shared by every
    process with Redis. The client address is REMOTE_ADDR, or the entry your proxy adds to
    X-Forwarded-For when TRUST_PROXY_HEADERS is on.
    """

    scope = "api"

    def get_rate(self) -> str:
        # Read on every request, so a changed setting (or a test's) applies at once.
        rate: str = settings.RATE_LIMIT
        return rate

    def get_cache_key(self, request: "Request", view: "APIView") -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
