"""Liveness (/health, no dependencies) and readiness (/ready, checks the database{% if cookiecutter.worker == "celery" %} and broker{% endif %})."""

import asyncio
import logging

{% if cookiecutter.worker == "celery" -%}
from celery import Celery
{% endif -%}
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
{%- if cookiecutter.worker == "celery" %}

from {{ cookiecutter.project_slug }}.celery_config import broker_reachable
{%- endif %}

router = APIRouter(tags=["health"])
logger = logging.getLogger(__name__)
CHECK_TIMEOUT_SECONDS = 3


@router.get("/health")
async def health() -> dict[str, str]:
    return {"status": "ok"}


async def check_database(engine: AsyncEngine) -> str:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS), engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
    except Exception:
        logger.exception("readiness: database check failed")
        return "error"
    return "ok"
{%- if cookiecutter.worker == "celery" %}


async def check_broker(celery: Celery) -> str:
    try:
        async with asyncio.timeout(CHECK_TIMEOUT_SECONDS):
            reachable = await asyncio.to_thread(broker_reachable, celery, CHECK_TIMEOUT_SECONDS)
    except TimeoutError:
        reachable = False
    if not reachable:
        logger.error("readiness: broker check failed")
        return "error"
    return "ok"
{%- endif %}


@router.get("/ready")
async def ready(request: Request) -> JSONResponse:
    checks = {"database": await check_database(request.app.state.engine)}
{%- if cookiecutter.worker == "celery" %}
    checks["broker"] = await check_broker(request.app.state.celery)
{%- endif %}
    healthy = all(result == "ok" for result in checks.values())
    return JSONResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status_code=200 if healthy else 503,
    )
