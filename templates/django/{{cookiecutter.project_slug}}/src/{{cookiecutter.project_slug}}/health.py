"""Liveness (/health, no dependencies) and readiness (/ready, checks the database{% if cookiecutter.worker == "celery" %} and broker{% endif %})."""

import logging

from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe
{%- if cookiecutter.worker == "celery" %}

from {{ cookiecutter.project_slug }}.celery_config import broker_reachable
from {{ cookiecutter.project_slug }}.worker import producer
{%- endif %}

logger = logging.getLogger(__name__)
{%- if cookiecutter.worker == "celery" %}
CHECK_TIMEOUT_SECONDS = 3
{%- endif %}


@require_safe
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def check_database() -> str:
    try:
        with connections["default"].cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception:
        logger.exception("readiness: database check failed")
        return "error"
    return "ok"
{%- if cookiecutter.worker == "celery" %}


def check_broker() -> str:
    if not broker_reachable(producer(), CHECK_TIMEOUT_SECONDS):
        logger.error("readiness: broker check failed")
        return "error"
    return "ok"
{%- endif %}


@require_safe
def ready(request: HttpRequest) -> JsonResponse:
    checks = {"database": check_database()}
{%- if cookiecutter.worker == "celery" %}
    checks["broker"] = check_broker()
{%- endif %}
    healthy = all(result == "ok" for result in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status=200 if healthy else 503,
    )
