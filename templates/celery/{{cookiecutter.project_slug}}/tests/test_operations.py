"""What operators use: the producer command, the worker health check and structured logs."""

import io
import json
import logging
import subprocess
import sys
from typing import Any

import pytest
from celery import Celery

from {{ cookiecutter.project_slug }} import healthcheck, produce
from {{ cookiecutter.project_slug }}.logs import (
    JsonFormatter,
    TaskContextFilter,
    TextFormatter,
)
from {{ cookiecutter.project_slug }}.settings import Settings

from tests.worker import environment


def output_lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_produce_queues_a_task_and_waits_for_its_result(
    celery_app: Celery, worker: str, database: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert produce.main(["to be or not to be", "--wait", "20"], app=celery_app) == 0
    queued, result = output_lines(capsys)
    key = produce.idempotency_key("to be or not to be")
    assert queued == {"task_id": queued["task_id"], "key": key}
    assert result == {"key": key, "words": 6, "characters": 18, "created": True}


def test_produce_reads_stdin_and_takes_a_key(
    celery_app: Celery,
    worker: str,
    database: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("from standard input"))
    assert produce.main(["-", "--key", "stdin", "--wait", "20"], app=celery_app) == 0
    assert output_lines(capsys)[1] == {
        "key": "stdin",
        "words": 3,
        "characters": 19,
        "created": True,
    }


def test_produce_refuses_an_overlong_key(
    celery_app: Celery, capsys: pytest.CaptureFixture[str]
) -> None:
    assert produce.main(["text", "--key", "k" * 65], app=celery_app) == 2
    assert "at most 64" in capsys.readouterr().err


def run_healthcheck(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", healthcheck.__name__, *args]
    return subprocess.run(  # noqa: S603 - our own fixed command
        command,
        env=environment(settings.model_dump()),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_healthcheck_passes_when_the_worker_answers(settings: Settings, worker: str) -> None:
    completed = run_healthcheck(settings, "--node", worker)
    assert completed.returncode == 0, completed.stderr


def test_healthcheck_fails_when_no_worker_answers(
    celery_app: Celery, worker: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert healthcheck.main(["--node", "nobody@nowhere", "--timeout", "0.5"], app=celery_app) == 1
    assert "no answer" in capsys.readouterr().err


# A task of its own, run in-process (apply), only to see what logging inside a task records.
log_app = Celery("log-test", set_as_current=False)
log_test_logger = logging.getLogger("tests.structured")


@log_app.task(name="tests.log_something")
def log_something() -> None:
    log_test_logger.info("inside a task", extra={"item": 7})


def capture_logs(formatter: logging.Formatter) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(TaskContextFilter())
    handler.setFormatter(formatter)
    log_test_logger.addHandler(handler)
    log_test_logger.setLevel(logging.INFO)
    try:
        log_test_logger.info("outside a task")
        log_something.apply(task_id="0a1b2c3d-0000-4000-8000-000000000000")
    finally:
        log_test_logger.removeHandler(handler)
    return stream.getvalue()


def test_json_logs_carry_the_task_and_extra_fields() -> None:
    lines = capture_logs(JsonFormatter()).splitlines()
    outside, inside = (json.loads(line) for line in lines)
    assert outside["message"] == "outside a task"
    assert "task_id" not in outside
    assert inside["level"] == "INFO"
    assert inside["logger"] == "tests.structured"
    assert inside["message"] == "inside a task"
    assert inside["task_name"] == "tests.log_something"
    assert inside["task_id"] == "0a1b2c3d-0000-4000-8000-000000000000"
    assert inside["item"] == 7


def test_text_logs_read_as_key_value_pairs() -> None:
    inside = capture_logs(TextFormatter()).splitlines()[1]
    assert "INFO" in inside
    assert "inside a task task_name=tests.log_something task_id=0a1b2c3d-" in inside
    assert inside.endswith(" item=7")
