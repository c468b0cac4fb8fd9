"""The OpenAPI document (drf-spectacular) at /openapi.json."""

from typing import Any

from django.conf import settings
from drf_spectacular.views import SpectacularJSONAPIView
from rest_framework.exceptions import NotFound
from rest_framework.request import Request


class OpenApiView(SpectacularJSONAPIView):
    """Served outside production; in production only with ENABLE_DOCS=true."""

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not settings.ENABLE_DOCS:
            raise NotFound(f"Nothing found at {request.path}")
