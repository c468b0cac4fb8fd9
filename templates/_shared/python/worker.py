"""The Celery app for background tasks, run by `make worker`, or in production:

    celery -A {{ cookiecutter.project_slug }}.worker worker --loglevel INFO

The API sends tasks with `create_celery(settings)`; tasks.py holds the tasks.
"""

from typing import Any

from celery import Celery
from celery.signals import setup_logging, worker_init

from {{ cookiecutter.project_slug }}.celery_config import (
    celery_settings,
    refuse_root_in_production,
)
from {{ cookiecutter.project_slug }}.logs import configure_logging
from {{ cookiecutter.project_slug }}.settings import Settings, get_settings
from {{ cookiecutter.project_slug }}.sync_database import TASKS_DATABASE_URL

# Periodic tasks for `celery beat` (or `worker --beat`), e.g.
#   {"nightly-report": {"task": "<task name>", "schedule": crontab(hour=3, minute=0)}}
BEAT_SCHEDULE: dict[str, dict[str, Any]] = {}


def create_celery(settings: Settings) -> Celery:
    app = Celery(
        "{{ cookiecutter.project_slug }}",
        set_as_current=False,
        include=["{{ cookiecutter.project_slug }}.tasks"],
    )
    app.conf.update(
        celery_settings(
            settings.redis_url,
            key_prefix=settings.redis_key_prefix,
            soft_time_limit=settings.task_soft_time_limit,
            time_limit=settings.task_time_limit,
            visibility_timeout=settings.broker_visibility_timeout,
        ),
        beat_schedule=BEAT_SCHEDULE,
    )
    app.conf[TASKS_DATABASE_URL] = settings.database_url
    return app


app = create_celery(get_settings())


@setup_logging.connect
def structured_logging(loglevel: int | str | None = None, **kwargs: Any) -> None:
    """Celery leaves logging to us: structured records, at `--loglevel` or LOG_LEVEL."""
    settings = get_settings()
    configure_logging(loglevel or settings.log_level, json_lines=settings.json_logs)


@worker_init.connect
def refuse_root(**kwargs: Any) -> None:
    refuse_root_in_production(get_settings().environment)
