"""Flask's worker tests beyond tests/test_worker_reliability.py: rate limits shared through
Redis by every app process."""

import uuid

from {{ cookiecutter.project_slug }}.settings import Settings

from tests.conftest import AppFactory
from tests.worker import delete_keys


def test_rate_limits_are_shared_through_redis(settings: Settings, make_app: AppFactory) -> None:
    """Two apps, as two gunicorn workers would, count a client's requests together in Redis."""
    limited = settings.model_copy(update={"rate_limit": "3/minute", "rate_limit_storage_url": ""})
    first, second = make_app(limited).test_client(), make_app(limited).test_client()
    # A client address of its own: the counters live in Redis, shared with other test runs.
    address = f"test-{uuid.uuid4().hex}"
    counters = f"LIMITS:LIMITER/{{ cookiecutter.project_slug }}/{address}/"
    client = {"REMOTE_ADDR": address}
    try:
        for api in (first, second, first):
            assert api.get("/api/items", environ_base=client).status_code == 200
        assert second.get("/api/items", environ_base=client).status_code == 429
    finally:
        delete_keys(settings.redis_url, counters)
