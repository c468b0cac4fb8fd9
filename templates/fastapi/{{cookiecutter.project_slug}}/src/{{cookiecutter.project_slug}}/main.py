"""The application factory, served by uvicorn with `--factory <package>.main:create_app`."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import async_sessionmaker
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware

from {{ cookiecutter.project_slug }} import (
    api,
    health,
{%- if cookiecutter.worker == "celery" %}
    processing,
{%- endif %}
)
from {{ cookiecutter.project_slug }}.database import create_engine
from {{ cookiecutter.project_slug }}.problems import (
    PROBLEM_CONTENT_TYPE,
    field_error,
    problem,
)
from {{ cookiecutter.project_slug }}.security import (
    BodySizeLimitMiddleware,
    RateLimitMiddleware,
    SecurityHeadersMiddleware,
)
from {{ cookiecutter.project_slug }}.settings import Settings, get_settings
{%- if cookiecutter.worker == "celery" %}
from {{ cookiecutter.project_slug }}.worker import create_celery
{%- endif %}

UNLIMITED_PATHS = ("/health", "/ready")


def problem_response(status: int, detail: str, **extensions: object) -> JSONResponse:
    return JSONResponse(
        problem(status, detail, **extensions), status_code=status, media_type=PROBLEM_CONTENT_TYPE
    )


async def http_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, HTTPException)  # noqa: S101 - narrows the type for mypy
    response = problem_response(error.status_code, str(error.detail))
    response.headers.update(error.headers or {})
    return response


async def validation_error(request: Request, error: Exception) -> JSONResponse:
    assert isinstance(error, RequestValidationError)  # noqa: S101 - narrows the type for mypy
    errors = error.errors()
    if any(e["loc"][0] == "path" for e in errors):
        # /api/items/abc names no item: the same 404 as an unknown id, as in every stack.
        return problem_response(404, f"Nothing found at {request.url.path}")
    if any(e["type"] == "json_invalid" for e in errors):
        return problem_response(400, "The request body is not valid JSON")
    fields = [
        field_error(".".join(str(part) for part in e["loc"][1:]) or str(e["loc"][0]), e["msg"])
        for e in errors
    ]
    return problem_response(422, "The request is not valid", errors=fields)


async def unexpected_error(request: Request, error: Exception) -> JSONResponse:
    return problem_response(500, "An unexpected error occurred")


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = create_engine(settings.database_url)
        app.state.engine = engine
        app.state.sessions = async_sessionmaker(engine, expire_on_commit=False)
        yield
        await engine.dispose()
{%- if cookiecutter.worker == "celery" %}
        app.state.celery.close()
{%- endif %}

    docs = settings.docs_enabled
    app = FastAPI(
        title="{{ cookiecutter.project_slug }}",
        version="0.1.0",
        debug=settings.debug,
        lifespan=lifespan,
        docs_url="/docs" if docs else None,
        redoc_url="/redoc" if docs else None,
        openapi_url="/openapi.json" if docs else None,
    )
    app.state.settings = settings
{%- if cookiecutter.worker == "celery" %}
    # Sends tasks to the worker and reads their results (see processing.py).
    app.state.celery = create_celery(settings)
{%- endif %}
    app.include_router(health.router)
    app.include_router(api.router)
{%- if cookiecutter.worker == "celery" %}
    app.include_router(processing.router)
{%- endif %}
    app.add_exception_handler(HTTPException, http_error)
    app.add_exception_handler(RequestValidationError, validation_error)
    app.add_exception_handler(Exception, unexpected_error)
    # Added innermost first: headers wrap everything, so even a 400 for a bad host carries them.
    app.add_middleware(
        RateLimitMiddleware,
        limit=settings.rate_limit,
        storage_url=settings.rate_limit_storage_url,
        exempt_paths=UNLIMITED_PATHS,
    )
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=settings.max_request_bytes)
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.cors_origins,
        allow_methods=["GET", "POST", "PATCH", "DELETE"],
        allow_headers=["Content-Type", "Authorization"],
        allow_credentials=False,
        max_age=600,
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=settings.allowed_hosts)
    app.add_middleware(SecurityHeadersMiddleware, docs_paths=("/docs", "/redoc"))
    return app
