"""Liveness (/health, no dependencies) and readiness (/ready, checks the database)."""

import asyncio
import logging

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

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


@router.get("/ready")
async def ready(request: Request) -> JSONResponse:
    checks = {"database": await check_database(request.app.state.engine)}
    healthy = all(result == "ok" for result in checks.values())
    return JSONResponse(
        {"status": "ok" if healthy else "unavailable", "checks": checks},
        status_code=200 if healthy else 503,
    )
