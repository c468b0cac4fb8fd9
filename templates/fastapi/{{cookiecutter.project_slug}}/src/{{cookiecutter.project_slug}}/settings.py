"""Settings from environment variables (and a local .env), validated at start-up."""

from functools import lru_cache
from typing import Annotated, Literal, Self

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
{%- if cookiecutter.worker == "celery" %}

from {{ cookiecutter.project_slug }}.celery_config import check_worker_settings
{%- endif %}

# Accepted in development only: production refuses it (see `refuse_unsafe_production`).
DEVELOPMENT_SECRET_KEY = "development-only-insecure-key"  # noqa: S105
PLACEHOLDER_SECRETS = frozenset({"", "change-me", "changeme", "secret", DEVELOPMENT_SECRET_KEY})
MIN_SECRET_LENGTH = 50

CommaList = Annotated[list[str], NoDecode]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    debug: bool = False
    secret_key: str = DEVELOPMENT_SECRET_KEY
{%- if cookiecutter.database == "postgresql" %}
    database_url: str = "postgresql://postgres@localhost/{{ cookiecutter.project_slug }}"
{%- elif cookiecutter.database == "mysql" %}
    database_url: str = "mysql://root@localhost/{{ cookiecutter.project_slug }}"
{%- else %}
    database_url: str = "sqlite:///./{{ cookiecutter.project_slug }}.db"
{%- endif %}
{%- if cookiecutter.worker == "celery" %}
    # Celery broker and results; rate limits are counted there too unless set otherwise.
    redis_url: str = "redis://127.0.0.1:6379/0"
    # Prefix for every Redis key of the worker, so several deployments can share one database.
    redis_key_prefix: str = ""
    # Seconds: the soft limit raises SoftTimeLimitExceeded in the task, the hard one kills it.
    task_soft_time_limit: int = Field(default=300, gt=0)
    task_time_limit: int = Field(default=330, gt=0)
    # Seconds before Redis hands an unacknowledged task (its worker died) to another worker.
    broker_visibility_timeout: int = Field(default=3600, gt=0)
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    # Worker logs: one JSON object per line, or key=value text; JSON in production unless set.
    log_format: Literal["json", "text"] | None = None
{%- endif %}
    allowed_hosts: CommaList = Field(default_factory=lambda: ["localhost", "127.0.0.1"])
    cors_origins: CommaList = Field(default_factory=list)
    rate_limit: str = "100/minute"
    rate_limit_storage_url: str = "memory://"
    max_request_bytes: int = Field(default=1024 * 1024, gt=0)
    enable_docs: bool | None = None

    @field_validator("secret_key", mode="before")
    @classmethod
    def unset_when_empty(cls, value: object) -> object:
        # `SECRET_KEY=` (as .env.example has it) means "not set": the development key, which
        # production refuses.
        return DEVELOPMENT_SECRET_KEY if value == "" else value

    @field_validator("allowed_hosts", "cors_origins", mode="before")
    @classmethod
    def split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip() for item in value.split(",") if item.strip()]
        return value

{%- if cookiecutter.worker == "celery" %}

    @model_validator(mode="after")
    def configure_the_worker(self) -> Self:
        check_worker_settings(
            self.environment,
            soft_time_limit=self.task_soft_time_limit,
            time_limit=self.task_time_limit,
            visibility_timeout=self.broker_visibility_timeout,
        )
        if "rate_limit_storage_url" not in self.model_fields_set:
            # Every server process counts in the same place.
            self.rate_limit_storage_url = self.redis_url
        return self
{%- endif %}

    @model_validator(mode="after")
    def refuse_unsafe_production(self) -> Self:
        if self.environment != "production":
            return self
        if self.secret_key in PLACEHOLDER_SECRETS or len(self.secret_key) < MIN_SECRET_LENGTH:
            raise ValueError(
                "SECRET_KEY must be set to a random value of at least "
                f"{MIN_SECRET_LENGTH} characters in production"
            )
        if self.debug:
            raise ValueError("DEBUG must be off in production")
        if "*" in self.allowed_hosts or not self.allowed_hosts:
            raise ValueError("ALLOWED_HOSTS must list the service's host names in production")
        if "*" in self.cors_origins:
            raise ValueError("CORS_ORIGINS must list origins explicitly, not '*'")
        return self

    @property
    def docs_enabled(self) -> bool:
        """API docs are served outside production, and in production only when asked for."""
        if self.enable_docs is not None:
            return self.enable_docs
        return self.environment != "production"
{%- if cookiecutter.worker == "celery" %}

    @property
    def json_logs(self) -> bool:
        if self.log_format is not None:
            return self.log_format == "json"
        return self.environment == "production"
{%- endif %}


@lru_cache
def get_settings() -> Settings:
    return Settings()
