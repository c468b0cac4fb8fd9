"""The application factory, served by `flask run` in development and gunicorn in production."""

from flask import Flask
from flask.json.provider import DefaultJSONProvider

{% if cookiecutter.worker == "celery" -%}
from {{ cookiecutter.project_slug }} import (
    api,
    errors,
    health,
    openapi,
    processing,
    security,
)
{% else -%}
from {{ cookiecutter.project_slug }} import api, errors, health, openapi, security
{% endif -%}
from {{ cookiecutter.project_slug }}.database import Database
from {{ cookiecutter.project_slug }}.settings import Settings
{%- if cookiecutter.worker == "celery" %}
from {{ cookiecutter.project_slug }}.worker import create_celery
{%- endif %}


class JSONProvider(DefaultJSONProvider):
    sort_keys = False  # keep the field order of the schemas


class Application(Flask):
    json_provider_class = JSONProvider


def flask_config(settings: Settings) -> dict[str, object]:
    production = settings.environment == "production"
    return {
        "SECRET_KEY": settings.secret_key,
        # Flask 3.1 checks the Host header against this list: other hosts get 400.
        "TRUSTED_HOSTS": None if "*" in settings.allowed_hosts else settings.allowed_hosts,
        "MAX_CONTENT_LENGTH": settings.max_request_bytes,
        # Flask's defaults send the session cookie over plain HTTP with SameSite unset.
        "SESSION_COOKIE_NAME": "__Host-session" if production else "session",
        "SESSION_COOKIE_SECURE": True,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_PATH": "/",
        "SESSION_COOKIE_DOMAIN": None,
        "PREFERRED_URL_SCHEME": "https" if production else "http",
    }


def create_app(settings: Settings | None = None) -> Flask:
    """Build the app; without `settings`, read (and validate) them from the environment."""
    settings = settings or Settings()
    app = Application(__name__)
    app.config.from_mapping(flask_config(settings))
    app.debug = settings.debug
    app.extensions["settings"] = settings
    Database(settings.database_url).init_app(app)
{%- if cookiecutter.worker == "celery" %}
    # Sends tasks to the worker and reads their results (see processing.py).
    app.extensions["celery"] = create_celery(settings)
{%- endif %}
    limiter = security.init_app(app, settings)
    limiter.exempt(health.blueprint)
    errors.init_app(app)
    app.register_blueprint(health.blueprint)
    app.register_blueprint(api.blueprint)
{%- if cookiecutter.worker == "celery" %}
    app.register_blueprint(processing.blueprint)
{%- endif %}
    if settings.docs_enabled:
        app.register_blueprint(openapi.blueprint)
    return app
