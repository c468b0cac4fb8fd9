"""Settings and the Celery configuration: each security and delivery default is asserted here."""

import pytest
from celery import Celery
from pydantic import ValidationError

from {{ cookiecutter.project_slug }}.celery_config import (
    RETRY_BACKOFF_MAX,
    refuse_root_in_production,
)
from {{ cookiecutter.project_slug }}.settings import Settings


def test_only_json_is_sent_or_accepted(celery_app: Celery) -> None:
    conf = celery_app.conf
    assert conf.task_serializer == "json"
    assert conf.result_serializer == "json"
    assert conf.accept_content == ["json"]
    assert conf.result_accept_content == ["json"]


def test_tasks_are_acknowledged_late_and_requeued_when_their_worker_dies(
    celery_app: Celery,
) -> None:
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1


def test_every_task_has_time_limits(celery_app: Celery) -> None:
    conf = celery_app.conf
    assert 0 < conf.task_soft_time_limit < conf.task_time_limit


def test_defaults_are_valid_in_production() -> None:
    settings = Settings(environment="production", _env_file=None)
    visibility_timeout = settings.broker_visibility_timeout
    assert visibility_timeout > settings.task_time_limit + RETRY_BACKOFF_MAX
    assert settings.json_logs is True


def test_the_soft_time_limit_must_come_first() -> None:
    with pytest.raises(ValidationError, match="TASK_SOFT_TIME_LIMIT"):
        Settings(task_soft_time_limit=60, task_time_limit=60, _env_file=None)


@pytest.mark.parametrize("limit", [0, -1])
def test_time_limits_must_be_positive(limit: int) -> None:
    with pytest.raises(ValidationError):
        Settings(task_soft_time_limit=limit, _env_file=None)


def test_production_refuses_a_visibility_timeout_shorter_than_a_task() -> None:
    with pytest.raises(ValidationError, match="BROKER_VISIBILITY_TIMEOUT"):
        Settings(environment="production", broker_visibility_timeout=300, _env_file=None)


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REDIS_URL", "rediss://:secret@redis.example.test:6380/0")
    monkeypatch.setenv("TASK_TIME_LIMIT", "900")
    settings = Settings(_env_file=None)
    assert settings.redis_url == "rediss://:secret@redis.example.test:6380/0"
    assert settings.task_time_limit == 900


def test_the_worker_refuses_to_run_as_root_in_production(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("os.geteuid", lambda: 0)
    with pytest.raises(SystemExit, match="root"):
        refuse_root_in_production("production")
    refuse_root_in_production("development")
