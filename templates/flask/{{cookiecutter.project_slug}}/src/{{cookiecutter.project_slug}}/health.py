"""Liveness (/health, no dependencies) and readiness (/ready, checks the database)."""

import logging

from flask import Blueprint
from sqlalchemy import Engine, text

from {{ cookiecutter.project_slug }}.database import get_database

blueprint = Blueprint("health", __name__)
logger = logging.getLogger(__name__)


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


@blueprint.get("/ready")
def ready() -> tuple[dict[str, object], int]:
    checks = {"database": check_database(get_database().engine)}
    healthy = all(result == "ok" for result in checks.values())
    return {"status": "ok" if healthy else "unavailable", "checks": checks}, 200 if healthy else 503
