"""Celery settings and helpers every stackplate worker shares, whatever the web framework.

Redis is the broker and the result backend. Messages are JSON only. A task is acknowledged after
it ran, so the task of a worker that dies is delivered again: tasks must be idempotent. Every task
has a soft and a hard time limit, and transient errors are retried with exponential backoff.
"""

import logging
import os
import uuid
from typing import Any

from celery import Celery
from celery.backends.redis import RedisBackend
from kombu.exceptions import OperationalError
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# Retry transient errors up to 5 times, about 2, 4, 8, 16 and 32 s later (randomised by jitter).
RETRY_BACKOFF = 2
RETRY_BACKOFF_MAX = 120
MAX_RETRIES = 5
CONNECT_TIMEOUT_SECONDS = 5
# Raised when the broker or the result backend cannot be reached.
BROKER_ERRORS = (OperationalError, RedisError, ConnectionError, TimeoutError)


class ResultBackend(RedisBackend):
    """Celery's Redis result backend, except that sending a task does not subscribe to its
    result. A producer that never waits (a web request) then needs Redis only to publish, and
    fails fast when it is down; `result.get()` still subscribes while it waits."""

    def on_task_call(self, producer: Any, task_id: str) -> None:
        pass


def check_worker_settings(
    environment: str, *, soft_time_limit: int, time_limit: int, visibility_timeout: int
) -> None:
    """Refuse time limits and visibility timeouts that break the delivery guarantees."""
    if soft_time_limit >= time_limit:
        raise ValueError(
            "TASK_SOFT_TIME_LIMIT must be lower than TASK_TIME_LIMIT, so a task can clean up "
            "before the worker kills it"
        )
    if environment == "production" and visibility_timeout <= time_limit + RETRY_BACKOFF_MAX:
        raise ValueError(
            "BROKER_VISIBILITY_TIMEOUT must exceed TASK_TIME_LIMIT plus the longest retry delay "
            f"({RETRY_BACKOFF_MAX} s) in production; otherwise Redis hands a task that is still "
            "running to a second worker"
        )


def celery_settings(
    redis_url: str,
    *,
    key_prefix: str = "",
    soft_time_limit: int,
    time_limit: int,
    visibility_timeout: int,
) -> dict[str, Any]:
    """The Celery configuration (lower-case setting names) of a worker and its producers."""
    transport: dict[str, Any] = {
        # A task not acknowledged this many seconds after delivery goes back to the queue: that
        # is how the task of a worker that died reaches another worker.
        "visibility_timeout": visibility_timeout,
        # How often workers look for such tasks (kombu's default is every 100 s).
        "unacked_restore_interval": max(1, min(10, visibility_timeout // 10)),
        "unacked_restore_throttle": 1,
        "socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
    }
    backend: dict[str, Any] = {}
    if key_prefix:
        # Every Redis key and channel gets the prefix: deployments (or test runs) that share a
        # Redis database never see each other's tasks.
        transport["global_keyprefix"] = key_prefix
        backend["global_keyprefix"] = key_prefix
    return {
        "broker_url": redis_url,
        "result_backend": f"{__name__}:ResultBackend+{redis_url}",
        "broker_transport_options": transport,
        "result_backend_transport_options": backend,
        "broker_connection_retry_on_startup": True,
        "redis_socket_connect_timeout": CONNECT_TIMEOUT_SECONDS,
        # JSON only: with pickle, anyone who can write to Redis could run code in the worker.
        "task_serializer": "json",
        "result_serializer": "json",
        "accept_content": ["json"],
        "result_accept_content": ["json"],
        # Acknowledge a task once it ran, and hand it to another worker when the process running
        # it dies; take one task at a time so a busy worker does not hold tasks others could run.
        "task_acks_late": True,
        "task_reject_on_worker_lost": True,
        "worker_prefetch_multiplier": 1,
        "task_soft_time_limit": soft_time_limit,
        "task_time_limit": time_limit,
        "task_track_started": True,
        "result_expires": 24 * 60 * 60,
        "timezone": "UTC",
        "enable_utc": True,
        "worker_hijack_root_logger": False,
    }


def refuse_root_in_production(environment: str) -> None:
    """A production worker never runs as root: a task that is tricked stays unprivileged."""
    if environment == "production" and hasattr(os, "geteuid") and os.geteuid() == 0:
        raise SystemExit("Refusing to run the Celery worker as root in production.")


def broker_reachable(app: Celery, timeout: int = CONNECT_TIMEOUT_SECONDS) -> bool:
    """Whether the broker answers now (for readiness checks): one attempt, no retries."""
    try:
        with app.connection_for_write() as connection:
            connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
            connection.default_channel  # noqa: B018 - opening the channel sends a PING to Redis
    except BROKER_ERRORS:
        logger.warning("broker unreachable", exc_info=True)
        return False
    return True


def worker_answers(app: Celery, node: str, timeout: float) -> bool:
    """Whether the worker named `node` (like `celery@host`) answers a ping within `timeout`."""
    replies = app.control.ping(destination=[node], timeout=timeout, limit=1) or []
    return any(node in reply for reply in replies)


def is_task_id(value: str) -> bool:
    """Task ids are UUIDs; anything else names no task."""
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def task_status(app: Celery, task_id: str) -> dict[str, Any]:
    """What an API reports about a task: its state, its result once it succeeded, and the error
    type once it failed. Redis keeps results for a day; an unknown id reads as PENDING."""
    result = app.AsyncResult(task_id)
    state = result.state
    value = result.result if state in ("SUCCESS", "FAILURE") else None
    return {
        "id": task_id,
        "state": state,
        "result": value if state == "SUCCESS" else None,
        "error": type(value).__name__ if state == "FAILURE" else None,
    }
