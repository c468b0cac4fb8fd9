"""The Celery worker, beyond the shared contract: retries, time limits and a worker killed in
the middle of a task, with `celery worker` subprocesses (prefork pool, as in production); rate
limits counted in Redis; the worker health check and settings."""

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from {{ cookiecutter.project_slug }} import healthcheck
from {{ cookiecutter.project_slug }}.tasks import PROCESS_ITEM
from {{ cookiecutter.project_slug }}.worker import create_celery

from tests.api import ApiClient
from tests.conftest import worker_environment
from tests.test_contract import create
from tests.test_settings import load_settings, production
from tests.worker import WorkerProcess, delete_keys, running, unique_prefix, wait_for

RESULT_SECONDS = 30
# Short limits so the tests are quick (a killed worker's task is handed out after 3 s), with
# room for a busy machine: a task reaches its pause well within the 2 s soft limit.
FAST = {"TASK_SOFT_TIME_LIMIT": 2, "TASK_TIME_LIMIT": 4, "BROKER_VISIBILITY_TIMEOUT": 10}
PATIENT = {"TASK_SOFT_TIME_LIMIT": 20, "TASK_TIME_LIMIT": 25, "BROKER_VISIBILITY_TIMEOUT": 3}


class Isolated:
    """A Celery app and workers of one test: its own Redis key prefix and time limits."""

    def __init__(self, limits: dict[str, int], tmp_path: Path) -> None:
        self.prefix = unique_prefix()
        self.settings: dict[str, object] = {"REDIS_KEY_PREFIX": self.prefix, **limits}
        self.app = create_celery(**self.settings)
        self.tmp_path = tmp_path

    def worker(self, name: str, **env: str) -> WorkerProcess:
        variables = {**worker_environment(**self.settings), **env}
        return WorkerProcess(self.app, variables, self.tmp_path / f"{name}.log", name)

    def close(self) -> None:
        self.app.close()
        delete_keys(settings.REDIS_URL, self.prefix)


Isolate = Callable[[dict[str, int]], Isolated]


@pytest.fixture
def isolated(transactional_db: None, tmp_path: Path) -> Iterator[Isolate]:
    """Workers in other processes see only what is committed, so these tests commit."""
    created: list[Isolated] = []

    def make(limits: dict[str, int]) -> Isolated:
        created.append(Isolated(limits, tmp_path))
        return created[-1]

    yield make
    for each in created:
        each.close()


def processed(api: ApiClient, item_id: int) -> bool:
    value: bool = api.request("GET", f"/api/items/{item_id}").json()["processed"]
    return value


def test_a_transient_error_is_retried_with_backoff_then_succeeds(
    api: ApiClient, isolated: Isolate
) -> None:
    test = isolated({})
    item = create(api)
    with test.worker("flaky", TEST_FAIL_COMMITS="1") as worker:
        result = test.app.send_task(PROCESS_ITEM, args=[item["id"]])
        assert result.get(timeout=RESULT_SECONDS)["changed"] is True
        assert "connection drops" in worker.output()
        assert "Retry in" in worker.output()
    assert processed(api, item["id"])


def test_time_limits_stop_slow_and_stuck_tasks(api: ApiClient, isolated: Isolate) -> None:
    """The soft limit raises in a slow task; one that ignores it is killed at the hard limit."""
    slow_test, stuck_test = isolated(FAST), isolated(FAST)
    slow = slow_test.worker("slow", TEST_PAUSE="before_commit:30")
    stuck = stuck_test.worker(
        "stuck", TEST_PAUSE="before_commit:30", TEST_IGNORE_SOFT_TIME_LIMIT="true"
    )
    slow_item, stuck_item = create(api), create(api)
    with running(slow, stuck):
        slow_task = slow_test.app.send_task(PROCESS_ITEM, args=[slow_item["id"]])
        stuck_task = stuck_test.app.send_task(PROCESS_ITEM, args=[stuck_item["id"]])
        with pytest.raises(SoftTimeLimitExceeded):
            slow_task.get(timeout=RESULT_SECONDS)
        with pytest.raises(TimeLimitExceeded):
            stuck_task.get(timeout=RESULT_SECONDS)
        assert "ignoring the soft time limit" in stuck.output()
    assert not processed(api, slow_item["id"])
    assert not processed(api, stuck_item["id"])


def test_the_task_of_a_killed_worker_runs_again_on_another_worker_exactly_once(
    api: ApiClient, isolated: Isolate
) -> None:
    test = isolated(PATIENT)
    item = create(api)
    with test.worker("first", TEST_PAUSE="after_commit:60") as first:
        result = test.app.send_task(PROCESS_ITEM, args=[item["id"]])
        wait_for(lambda: processed(api, item["id"]), RESULT_SECONDS, "the commit")
        first.kill()  # SIGKILL, in the middle of the task: after its commit, before its ack
    with test.worker("second"):
        value = result.get(timeout=RESULT_SECONDS)
    # The second run finds the item processed by the first one, and changes nothing.
    assert value == {"item_id": item["id"], "processed": True, "changed": False}


def test_rate_limits_are_counted_in_redis(api: ApiClient) -> None:
    shared = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": settings.REDIS_URL,
        "KEY_PREFIX": settings.REDIS_KEY_PREFIX,
    }
    with override_settings(CACHES={"default": shared}, RATE_LIMIT="3/minute"):
        for _ in range(3):
            assert api.request("GET", "/api/items").status_code == 200
        assert api.request("GET", "/api/items").status_code == 429
    client = redis.Redis.from_url(settings.REDIS_URL)
    try:
        assert list(client.scan_iter(match=f"{settings.REDIS_KEY_PREFIX}*throttle_api_*"))
    finally:
        client.close()


def test_healthcheck_passes_when_the_worker_answers(worker: str) -> None:
    command = [sys.executable, "-m", healthcheck.__name__, "--node", worker]
    completed = subprocess.run(  # noqa: S603 - our own fixed command
        command,
        env={**os.environ, **worker_environment()},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr


def test_healthcheck_fails_when_no_worker_answers(
    celery_app: Celery, capsys: pytest.CaptureFixture[str]
) -> None:
    assert healthcheck.main(["--node", "nobody@nowhere", "--timeout", "0.5"], app=celery_app) == 1
    assert "no answer" in capsys.readouterr().err


def test_tasks_are_json_only_acknowledged_late_and_time_limited(celery_app: Celery) -> None:
    conf = celery_app.conf
    assert conf.accept_content == ["json"]
    assert conf.result_accept_content == ["json"]
    assert conf.task_serializer == "json"
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit


def test_worker_settings_are_checked() -> None:
    with pytest.raises(ImproperlyConfigured, match="TASK_SOFT_TIME_LIMIT"):
        load_settings(TASK_SOFT_TIME_LIMIT="60", TASK_TIME_LIMIT="60")
    with pytest.raises(ImproperlyConfigured, match="BROKER_VISIBILITY_TIMEOUT"):
        production(BROKER_VISIBILITY_TIMEOUT="300")
    with pytest.raises(ImproperlyConfigured, match="TASK_TIME_LIMIT must be a whole number"):
        load_settings(TASK_TIME_LIMIT="soon")
    with pytest.raises(ImproperlyConfigured, match="LOG_FORMAT"):
        load_settings(LOG_FORMAT="xml")
    with pytest.raises(TypeError, match="DEBUG"):
        create_celery(DEBUG=True)


def test_logs_are_json_in_production_and_text_elsewhere() -> None:
    assert production()["LOG_FORMAT"] == "json"
    assert load_settings()["LOG_FORMAT"] == "text"
    assert production(LOG_FORMAT="text")["LOG_FORMAT"] == "text"


def test_every_redis_key_gets_the_prefix() -> None:
    values = load_settings(REDIS_KEY_PREFIX="shop-a:")
    assert values["CACHES"]["default"]["KEY_PREFIX"] == "shop-a:"
    app = create_celery(REDIS_KEY_PREFIX="shop-a:")
    try:
        assert app.conf.broker_transport_options["global_keyprefix"] == "shop-a:"
        assert app.conf.result_backend_transport_options["global_keyprefix"] == "shop-a:"
    finally:
        app.close()
