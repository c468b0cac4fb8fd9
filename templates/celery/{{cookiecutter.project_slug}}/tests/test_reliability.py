"""Failures, with `celery worker` subprocesses (prefork pool, as in production): a transient error
is retried, a task that overruns is stopped, and a task whose worker is killed in the middle is
delivered again and done exactly once."""

import os
import signal
from pathlib import Path

import pytest
from celery import Celery
from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from sqlalchemy import select

from {{ cookiecutter.project_slug }}.database import sessions
from {{ cookiecutter.project_slug }}.models import WordCount
from {{ cookiecutter.project_slug }}.settings import Settings
from {{ cookiecutter.project_slug }}.tasks import COUNT_WORDS
from {{ cookiecutter.project_slug }}.worker import create_celery

from tests.worker import (
    WorkerProcess,
    delete_keys,
    environment,
    running,
    unique_prefix,
    wait_for,
)

RESULT_SECONDS = 30
# Short limits so the tests are quick (a killed worker's task is handed out after 3 s), with
# room for a busy machine: a task reaches its pause well within the 2 s soft limit.
FAST = {"task_soft_time_limit": 2, "task_time_limit": 4, "broker_visibility_timeout": 10}
PATIENT = {"task_soft_time_limit": 20, "task_time_limit": 25, "broker_visibility_timeout": 3}


def keys(database_url: str) -> list[str]:
    with sessions(database_url)() as session:
        return list(session.scalars(select(WordCount.key)))


def isolated(settings: Settings, limits: dict[str, int]) -> Settings:
    """This test's settings: its own key prefix, so no other worker sees its tasks."""
    return settings.model_copy(update={"redis_key_prefix": unique_prefix(), **limits})


def worker_env(settings: Settings, **extra: str) -> dict[str, str]:
    return {**environment(settings.model_dump()), **extra}


def test_a_transient_error_is_retried_with_backoff_then_succeeds(
    settings: Settings, database: str, tmp_path: Path
) -> None:
    test_settings = isolated(settings, {})
    app = create_celery(test_settings)
    env = worker_env(test_settings, TEST_FAIL_COMMITS="1")
    try:
        with WorkerProcess(app, env, tmp_path / "worker.log", "flaky") as worker:
            result = app.send_task(COUNT_WORDS, args=["flaky", "retry me"])
            value = result.get(timeout=RESULT_SECONDS)
            assert "connection drops" in worker.output()
            assert "Retry in" in worker.output()
    finally:
        delete_keys(settings.redis_url, test_settings.redis_key_prefix)
    assert value == {"key": "flaky", "words": 2, "characters": 8, "created": True}
    assert keys(database) == ["flaky"]


def test_time_limits_stop_slow_and_stuck_tasks(
    settings: Settings, database: str, tmp_path: Path
) -> None:
    """The soft limit raises in a slow task; one that ignores it is killed at the hard limit."""
    slow_settings, stuck_settings = isolated(settings, FAST), isolated(settings, FAST)
    pause = {"TEST_PAUSE": "before_commit:30"}
    slow = WorkerProcess(
        create_celery(slow_settings),
        worker_env(slow_settings, **pause),
        tmp_path / "slow.log",
        "slow",
    )
    stuck = WorkerProcess(
        create_celery(stuck_settings),
        worker_env(stuck_settings, **pause, TEST_IGNORE_SOFT_TIME_LIMIT="true"),
        tmp_path / "stuck.log",
        "stuck",
    )
    try:
        with running(slow, stuck):
            slow_task = slow.app.send_task(COUNT_WORDS, args=["slow", "takes too long"])
            stuck_task = stuck.app.send_task(COUNT_WORDS, args=["stuck", "never ends"])
            with pytest.raises(SoftTimeLimitExceeded):
                slow_task.get(timeout=RESULT_SECONDS)
            with pytest.raises(TimeLimitExceeded):
                stuck_task.get(timeout=RESULT_SECONDS)
            assert "ignoring the soft time limit" in stuck.output()
    finally:
        delete_keys(settings.redis_url, slow_settings.redis_key_prefix)
        delete_keys(settings.redis_url, stuck_settings.redis_key_prefix)
    assert keys(database) == []


def wait_until_committed(app: Celery, task_id: str, database: str, key: str) -> None:
    wait_for(lambda: app.AsyncResult(task_id).state == "STARTED", RESULT_SECONDS, "the task")
    wait_for(lambda: keys(database) == [key], RESULT_SECONDS, "its commit")


def test_the_task_of_a_killed_worker_runs_again_on_another_worker_exactly_once(
    settings: Settings, database: str, tmp_path: Path
) -> None:
    test_settings = isolated(settings, PATIENT)
    app = create_celery(test_settings)
    first_env = worker_env(test_settings, TEST_PAUSE="after_commit:60")
    try:
        with WorkerProcess(app, first_env, tmp_path / "first.log", "first") as first:
            result = app.send_task(COUNT_WORDS, args=["crash", "survives a crash"])
            wait_until_committed(app, result.id, database, "crash")
            first.kill()  # SIGKILL, in the middle of the task: after its commit, before its ack
        with WorkerProcess(app, worker_env(test_settings), tmp_path / "second.log", "second"):
            value = result.get(timeout=RESULT_SECONDS)
    finally:
        delete_keys(settings.redis_url, test_settings.redis_key_prefix)
    # The second run finds the row the first one committed, and changes nothing.
    assert value == {"key": "crash", "words": 3, "characters": 16, "created": False}
    assert keys(database) == ["crash"]


def test_the_task_of_a_killed_pool_process_runs_again_exactly_once(
    settings: Settings, database: str, tmp_path: Path
) -> None:
    test_settings = isolated(settings, PATIENT)
    app = create_celery(test_settings)
    marker = tmp_path / "paused-once"
    env = worker_env(test_settings, TEST_PAUSE="after_commit:60", TEST_PAUSE_ONCE=str(marker))
    try:
        with WorkerProcess(app, env, tmp_path / "worker.log", "pool") as worker:
            result = app.send_task(COUNT_WORDS, args=["child", "the child dies"])
            wait_until_committed(app, result.id, database, "child")
            [task] = (app.control.inspect([worker.node]).active() or {})[worker.node]
            os.kill(task["worker_pid"], signal.SIGKILL)
            value = result.get(timeout=RESULT_SECONDS)
    finally:
        delete_keys(settings.redis_url, test_settings.redis_key_prefix)
    assert value == {"key": "child", "words": 3, "characters": 14, "created": False}
    assert keys(database) == ["child"]
