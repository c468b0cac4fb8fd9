"""The Celery worker of a SQLAlchemy web stack, beyond the shared contract: retries, time
limits and a worker killed in the middle of a task, with `celery worker` subprocesses (prefork
pool, as in production); the worker health check and configuration.

Shared by the FastAPI and Flask projects stackplate generates; each project's own
tests/test_worker.py adds what differs between them (how rate limits reach Redis).
"""

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded

from {{ cookiecutter.project_slug }} import healthcheck
from {{ cookiecutter.project_slug }}.settings import Settings
from {{ cookiecutter.project_slug }}.tasks import PROCESS_ITEM
from {{ cookiecutter.project_slug }}.worker import create_celery

from tests.api import ApiClient
from tests.test_contract import create
from tests.worker import (
    WorkerProcess,
    delete_keys,
    environment,
    running,
    unique_prefix,
    wait_for,
)

RESULT_SECONDS = 30
# Short limits keep the tests quick, with room for a busy machine: a task reaches its pause well
# within the 2 s soft limit.
FAST = {"task_soft_time_limit": 2, "task_time_limit": 4, "broker_visibility_timeout": 10}
# Time to finish, but the task of a killed worker is handed out again after 3 s.
PATIENT = {"task_soft_time_limit": 20, "task_time_limit": 25, "broker_visibility_timeout": 3}


class Isolated:
    """The settings, Celery app and workers of one test, on a Redis key prefix of their own."""

    def __init__(self, settings: Settings, limits: dict[str, int], logs: Path) -> None:
        self.settings = settings.model_copy(update={"redis_key_prefix": unique_prefix(), **limits})
        self.app = create_celery(self.settings)
        self.logs = logs

    def worker(self, name: str, **env: str) -> WorkerProcess:
        """A `celery worker` subprocess with these settings (and test faults set by `env`)."""
        variables = {**environment(self.settings.model_dump()), **env}
        return WorkerProcess(self.app, variables, self.logs / f"{name}.log", name)

    def close(self) -> None:
        self.app.close()
        delete_keys(self.settings.redis_url, self.settings.redis_key_prefix)


Isolate = Callable[[dict[str, int]], Isolated]


@pytest.fixture
def isolated(settings: Settings, tmp_path: Path) -> Iterator[Isolate]:
    created: list[Isolated] = []

    def make(limits: dict[str, int]) -> Isolated:
        created.append(Isolated(settings, limits, tmp_path))
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


def test_healthcheck_passes_when_the_worker_answers(settings: Settings, worker: str) -> None:
    command = [sys.executable, "-m", healthcheck.__name__, "--node", worker]
    completed = subprocess.run(  # noqa: S603 - our own fixed command
        command,
        env=environment(settings.model_dump()),
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
