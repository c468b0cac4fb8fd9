"""Security middleware: response headers, request size limit and rate limiting (pure ASGI)."""

import json
from collections.abc import Iterable

from limits import parse
from limits.aio.storage import MemoryStorage, RedisStorage, Storage
from limits.aio.strategies import FixedWindowRateLimiter
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from {{ cookiecutter.project_slug }}.problems import (
    PROBLEM_CONTENT_TYPE,
    problem,
)

API_HEADERS = [
    (b"strict-transport-security", b"max-age=31536000; includeSubDomains"),
    (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
# Swagger UI and ReDoc load their scripts from a CDN; they are off in production.
DOCS_CSP = (
    b"default-src 'self'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    b"style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; img-src 'self' data: "
    b"https://fastapi.tiangolo.com; frame-ancestors 'none'"
)


async def send_problem(send: Send, status: int, detail: str) -> None:
    body = json.dumps(problem(status, detail)).encode()
    headers = [
        (b"content-type", PROBLEM_CONTENT_TYPE.encode()),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class SecurityHeadersMiddleware:
    """Adds the security headers to every HTTP response (a relaxed CSP on the docs pages)."""

    def __init__(self, app: ASGIApp, docs_paths: Iterable[str] = ()) -> None:
        self.app = app
        self.docs_paths = frozenset(docs_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        is_docs = scope["path"] in self.docs_paths

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in API_HEADERS}
                headers = [h for h in message.get("headers", []) if h[0].lower() not in names]
                for name, value in API_HEADERS:
                    if is_docs and name == b"content-security-policy":
                        value = DOCS_CSP
                    headers.append((name, value))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class RequestTooLarge(Exception):
    pass


class BodySizeLimitMiddleware:
    """Answers 413 to bodies over `max_bytes`, declared or streamed, before the app reads them."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_bytes:
            await send_problem(send, 413, f"Request body exceeds {self.max_bytes} bytes")
            return
        received = 0
        response_started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise RequestTooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except RequestTooLarge:
            if response_started:
                raise
            await send_problem(send, 413, f"Request body exceeds {self.max_bytes} bytes")


def rate_limit_storage(url: str) -> Storage:
    """Memory for a single process; Redis (shared by all workers) when a redis:// URL is set."""
    if url.startswith(("redis://", "rediss://")):
        return RedisStorage(f"async+{url}", implementation="redispy")
    return MemoryStorage()


async def close_storage(storage: Storage) -> None:
    """Close the Redis connections of a rate limit storage (limits has no method for it)."""
    client = getattr(getattr(storage, "bridge", None), "storage", None)
    if client is not None:
        await client.aclose()


class RateLimitMiddleware:
    """Fixed-window limit per client address on every path except the exempt ones."""

    def __init__(
        self, app: ASGIApp, limit: str, storage_url: str, exempt_paths: Iterable[str] = ()
    ) -> None:
        self.app = app
        self.limit = parse(limit)
        self.storage = rate_limit_storage(storage_url)
        self.limiter = FixedWindowRateLimiter(self.storage)
        self.exempt_paths = frozenset(exempt_paths)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await self.app(scope, receive, self.closing_storage_at_shutdown(send))
            return
        if scope["type"] != "http" or scope["path"] in self.exempt_paths:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        address = client[0] if client else "unknown"
        if not await self.limiter.hit(self.limit, "api", address):
            await send_problem(send, 429, f"Rate limit of {self.limit} exceeded")
            return
        await self.app(scope, receive, send)

    def closing_storage_at_shutdown(self, send: Send) -> Send:
        async def send_after_closing(message: Message) -> None:
            if message["type"] == "lifespan.shutdown.complete":
                await close_storage(self.storage)
            await send(message)

        return send_after_closing
