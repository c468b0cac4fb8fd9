"""Settings from environment variables (and a local .env), validated at start-up."""

from functools import lru_cache
from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from {{ cookiecutter.project_slug }}.celery_config import check_worker_settings


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
{%- if cookiecutter.database == "postgresql" %}
    database_url: str = "postgresql://postgres@localhost/{{ cookiecutter.project_slug }}"
{%- elif cookiecutter.database == "mysql" %}
    database_url: str = "mysql://root@localhost/{{ cookiecutter.project_slug }}"
{%- else %}
    database_url: str = "sqlite:///./{{ cookiecutter.project_slug }}.db"
{%- endif %}
    redis_url: str = "redis://127.0.0.1:6379/0"
    # Prefix for every Redis key, so several deployments can share one Redis database.
    redis_key_prefix: str = ""
    # Seconds: the soft limit raises SoftTimeLimitExceeded in the task, the hard one kills it.
    task_soft_time_limit: int = Field(default=300, gt=0)
    task_time_limit: int = Field(default=330, gt=0)
    # Seconds before Redis hands an unacknowledged task (its worker died) to another worker.
    broker_visibility_timeout: int = Field(default=3600, gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # One JSON object per line, or key=value text; JSON in production unless set.
    log_format: Literal["json", "text"] | None = None
    # The periodic clean-up deletes word counts older than this many days.
    retention_days: int = Field(default=30, gt=0)

    @model_validator(mode="after")
    def refuse_unsafe_settings(self) -> Self:
        check_worker_settings(
            self.environment,
            soft_time_limit=self.task_soft_time_limit,
            time_limit=self.task_time_limit,
            visibility_timeout=self.broker_visibility_timeout,
        )
        return self

    @property
    def json_logs(self) -> bool:
        if self.log_format is not None:
            return self.log_format == "json"
        return self.environment == "production"


@lru_cache
def get_settings() -> Settings:
    return Settings()
