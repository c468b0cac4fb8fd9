"""Runs the project's Celery worker for tests, with optional pauses in the middle of tasks:

    python -m tests.worker_harness worker [celery worker options]

TEST_PAUSE=after_commit:30 (or before_commit:30) makes a task that saves a model sleep 30 s right
after its transaction commits (or after the save, before the commit), so a test can kill the
worker, or run into the time limits, in the middle of a task. With TEST_PAUSE_ONCE=<path> only the
first pause happens (the file records it), so the task can finish when it runs again.
TEST_IGNORE_SOFT_TIME_LIMIT=true sleeps on through the soft time limit, as a stuck task would.
TEST_FAIL_COMMITS=2 makes the first two saves of each worker process fail as if the database
connection had dropped, so their transactions never commit.

The faults hook into Django's model signals; `transaction.on_commit` runs right after a commit.
"""

import logging
import os
import sys
import time
from pathlib import Path
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.db import OperationalError, transaction
from django.db.models.signals import post_save, pre_save

from {{ cookiecutter.project_slug }}.worker import app

logger = logging.getLogger("tests.worker_harness")
MOMENTS = ("before_commit", "after_commit")


def sleep(seconds: float, *, ignore_soft_time_limit: bool) -> None:
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        try:
            time.sleep(left)
        except SoftTimeLimitExceeded:
            if not ignore_soft_time_limit:
                raise
            logger.warning("test pause: ignoring the soft time limit")


def pause_at(moment: str, seconds: float, *, once: Path | None, ignore_soft: bool) -> None:
    if moment not in MOMENTS:
        raise SystemExit(f"TEST_PAUSE: {moment!r} is not one of {', '.join(MOMENTS)}")

    def pause() -> None:
        if once is not None:
            if once.exists():
                return
            once.touch()
        logger.warning("test pause: %s s %s in process %s", seconds, moment, os.getpid())
        sleep(seconds, ignore_soft_time_limit=ignore_soft)

    def saved(sender: type[Any], **kwargs: Any) -> None:
        if moment == "after_commit":
            transaction.on_commit(pause)
        else:
            pause()  # still in the task's transaction

    post_save.connect(saved, weak=False)


def fail_commits(count: int) -> None:
    failures = iter(range(count))

    def fail(sender: type[Any], **kwargs: Any) -> None:
        if next(failures, None) is not None:
            logger.warning("test failure: the connection drops before the commit")
            raise OperationalError("server closed the connection unexpectedly")

    pre_save.connect(fail, weak=False)


if __name__ == "__main__":
    if spec := os.environ.get("TEST_PAUSE"):
        moment, _, seconds = spec.partition(":")
        once = os.environ.get("TEST_PAUSE_ONCE")
        pause_at(
            moment,
            float(seconds),
            once=Path(once) if once else None,
            ignore_soft=os.environ.get("TEST_IGNORE_SOFT_TIME_LIMIT") == "true",
        )
    if failures := os.environ.get("TEST_FAIL_COMMITS"):
        fail_commits(int(failures))
    app.worker_main(sys.argv[1:])
