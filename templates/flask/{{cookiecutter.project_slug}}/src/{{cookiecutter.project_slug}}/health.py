"""Liveness (/health, no dependencies) and readiness (/ready, checks the database{% if cookiecutter.worker == "celery" %} and broker{% endif %})."""

import logging

{% if cookiecutter.worker == "celery" -%}
from celery import Celery
from flask import Blueprint, current_app
{% else -%}
from flask import Blueprint
{% endif -%}
from sqlalchemy import Engine, text

{% if cookiecutter.worker == "celery" -%}
from {{ cookiecutter.project_slug }}.celery_config import broker_reachable
{% endif -%}
from {{ cookiecutter.project_slug }}.database import get_database

blueprint = Blueprint("health", __name__)
logger = logging.getLogger(__name__)
{%- if cookiecutter.worker == "celery" %}
CHECK_TIMEOUT_SECONDS = 3
{%- endif %}


@blueprint.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


def check_database(engine: Engine) -> str:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception:
        logger.exception("readiness: database check failed")
        return "error"
    return "ok"
{%- if cookiecutter.worker == "celery" %}


def check_broker(celery: Celery) -> str:
    if not broker_reachable(celery, CHECK_TIMEOUT_SECONDS):
        logger.error("readiness: broker check failed")
        return "error"
    return "ok"
{%- endif %}


@blueprint.get("/ready")
def ready() -> tuple[dict[str, object], int]:
    checks = {"database": check_database(get_database().engine)}
{%- if cookiecutter.worker == "celery" %}
    checks["broker"] = check_broker(current_app.extensions["celery"])
{%- endif %}
    healthy = all(result == "ok" for result in checks.values())
    return {"status": "ok" if healthy else "unavailable", "checks": checks}, 200 if healthy else 503
