"""The Celery app for background tasks, run by `make worker`, or in production:

    celery -A {{ cookiecutter.project_slug }}.worker worker --loglevel INFO

It reads the Django settings (REDIS_URL, TASK_TIME_LIMIT, ...), as the web app does; web requests
send tasks with `producer()`. tasks.py holds the tasks.
"""

import os
from functools import cache
from typing import Any

from celery import Celery
from celery.signals import setup_logging, worker_init
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

from {{ cookiecutter.project_slug }}.celery_config import (
    celery_settings,
    refuse_root_in_production,
)
from {{ cookiecutter.project_slug }}.logs import configure_logging

# Needed before the first app is created: Celery's Django fix-up then runs django.setup() before
# it imports the tasks, and closes database connections around every task and in every forked
# pool process.
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "{{ cookiecutter.project_slug }}.settings")

# The Django settings a Celery app is configured from.
CELERY_SETTINGS = (
    "REDIS_URL",
    "REDIS_KEY_PREFIX",
    "TASK_SOFT_TIME_LIMIT",
    "TASK_TIME_LIMIT",
    "BROKER_VISIBILITY_TIMEOUT",
)

# Periodic tasks for `celery beat` (or `worker --beat`), e.g.
#   {"nightly-report": {"task": "<task name>", "schedule": crontab(hour=3, minute=0)}}
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {}


def create_celery(**changes: Any) -> Celery:
    """A Celery app configured from the Django settings; `changes` replaces some of them, by
    setting name (tests give their workers a Redis key prefix and time limits of their own)."""
    unknown = sorted(set(changes) - set(CELERY_SETTINGS))
    if unknown:
        raise TypeError(f"not a setting of the Celery app: {', '.join(unknown)}")
    values = {name: changes.get(name, getattr(settings, name)) for name in CELERY_SETTINGS}
    app = Celery(
        "{{ cookiecutter.project_slug }}",
        set_as_current=False,
        include=["{{ cookiecutter.project_slug }}.tasks"],
    )
    app.conf.update(
        celery_settings(
            values["REDIS_URL"],
            key_prefix=values["REDIS_KEY_PREFIX"],
            soft_time_limit=values["TASK_SOFT_TIME_LIMIT"],
            time_limit=values["TASK_TIME_LIMIT"],
            visibility_timeout=values["BROKER_VISIBILITY_TIMEOUT"],
        ),
        beat_schedule=BEAT_SCHEDULE,
    )
    return app


app = create_celery()


@cache
def producer() -> Celery:
    """The app web requests send tasks with and /ready checks the broker through: one per
    process, built on first use."""
    return create_celery()


@receiver(setting_changed)
def forget_producer(*, setting: str, **kwargs: Any) -> None:
    """A test that overrides REDIS_URL (or another setting of the app) gets a producer using it."""
    if setting in CELERY_SETTINGS and producer.cache_info().currsize:
        producer().close()
        producer.cache_clear()


@setup_logging.connect
def structured_logging(loglevel: int | str | None = None, **kwargs: Any) -> None:
    """Celery leaves logging to us: the records of settings.LOGGING, at `--loglevel`."""
    configure_logging(loglevel or settings.LOG_LEVEL, json_lines=settings.LOG_FORMAT == "json")


@worker_init.connect
def refuse_root(**kwargs: Any) -> None:
    refuse_root_in_production(settings.ENVIRONMENT)
