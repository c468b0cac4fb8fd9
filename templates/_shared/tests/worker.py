"""Real Celery workers for tests, never eager mode: a thread in the test process, or a
`celery worker` subprocess that a test can kill.

Every test run and every subprocess worker uses its own Redis key prefix, so parallel runs never
share a queue; the keys are deleted afterwards.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Self

import redis
from celery import Celery
from celery.contrib.testing.worker import start_worker

from {{ cookiecutter.project_slug }}.celery_config import worker_answers

START_SECONDS = 30
STOP_SECONDS = 15


def unique_prefix() -> str:
    """A Redis key prefix no other test run uses."""
    return f"test-{uuid.uuid4().hex}:"


def redis_problem(redis_url: str) -> str | None:
    """Why Redis at `redis_url` cannot be used, or None when it answers."""
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=3)
    try:
        client.ping()
    except redis.RedisError as error:
        return f"Redis at {redis_url} does not answer ({error}); start it or set REDIS_URL"
    finally:
        client.close()
    return None


def delete_keys(redis_url: str, prefix: str) -> None:
    """Delete every key that starts with `prefix`."""
    client = redis.Redis.from_url(redis_url)
    try:
        keys = list(client.scan_iter(match=f"{prefix}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


def environment(settings: Mapping[str, object]) -> dict[str, str]:
    """Environment variables that give a worker subprocess these settings."""
    variables = {}
    for name, value in settings.items():
        if isinstance(value, bool):
            variables[name.upper()] = "true" if value else "false"
        elif isinstance(value, str | int | float):
            variables[name.upper()] = str(value)
        elif isinstance(value, list | tuple):
            variables[name.upper()] = ",".join(str(item) for item in value)
    return variables


def wait_for(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"gave up after {timeout} s waiting for {what}")
        time.sleep(0.05)


@contextmanager
def thread_worker(app: Celery, node: str) -> Iterator[None]:
    """A worker thread in the test process (solo pool): quick to start, and a test's
    monkeypatching reaches the tasks it runs. Time limits need `WorkerProcess`."""
    with start_worker(
        app, pool="solo", perform_ping_check=False, hostname=node, shutdown_timeout=STOP_SECONDS
    ):
        yield


class WorkerProcess:
    """`celery worker` (prefork pool, one child) in a subprocess of its own process group, run
    by tests/worker_harness.py. `env` adds environment variables (the worker reads its settings
    from them); the output goes to `log_path`."""

    def __init__(self, app: Celery, env: Mapping[str, str], log_path: Path, name: str) -> None:
        self.app = app
        self.env = {**os.environ, **env}
        self.log_path = log_path
        self.node = f"{name}-{uuid.uuid4().hex[:8]}@test"
        self.process: subprocess.Popen[bytes] | None = None

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()

    def start(self) -> None:
        self.launch()
        self.wait_until_ready()

    def launch(self) -> None:
        """Start the process; `wait_until_ready()` waits for the worker to answer."""
        command = [sys.executable, "-m", "tests.worker_harness", "worker"]
        command += [f"--hostname={self.node}", "--pool=prefork", "--concurrency=1"]
        command += ["--loglevel=INFO", "--without-mingle", "--without-gossip"]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(  # noqa: S603 - our own fixed command
                command, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )

    def wait_until_ready(self) -> None:
        process = self.process
        assert process is not None
        wait_for(
            lambda: process.poll() is not None or worker_answers(self.app, self.node, 0.2),
            START_SECONDS,
            f"worker {self.node} to start",
        )
        if process.poll() is not None:
            raise AssertionError(f"worker {self.node} exited:\n{self.output()}")

    def kill(self) -> None:
        """SIGKILL the worker and its pool processes at once, as the OOM killer would."""
        assert self.process is not None
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self) -> None:
        """Tests need no graceful shutdown: kill whatever still runs."""
        if self.process is not None and self.process.poll() is None:
            self.kill()

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")[-10_000:]


@contextmanager
def running(*workers: WorkerProcess) -> Iterator[None]:
    """Start the workers side by side (quicker than one after the other), stop them after."""
    try:
        for worker in workers:
            worker.launch()
        for worker in workers:
            worker.wait_until_ready()
        yield
    finally:
        for worker in workers:
            worker.stop()
