"""Django settings, read from environment variables (see `.env.example` and the README).

ENVIRONMENT picks the defaults: `development` (the default) runs with no secrets configured,
`test` is what the test suite runs with, and `production` refuses to start on an unsafe
configuration and passes `manage.py check --deploy --fail-level WARNING`.
"""

import re
from pathlib import Path

import django_stubs_ext
{% if cookiecutter.database == "mysql" -%}
import pymysql
{% endif -%}
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

{% if cookiecutter.worker == "celery" -%}
from {{ cookiecutter.project_slug }}.celery_config import check_worker_settings
{% endif -%}
from {{ cookiecutter.project_slug }}.database_url import database_config
from {{ cookiecutter.project_slug }}.environment import (
    env_bool,
    env_int,
    env_list,
    env_str,
)
{%- if cookiecutter.worker == "celery" %}
from {{ cookiecutter.project_slug }}.logs import HANDLER_NAME
{%- endif %}

# Lets generic Django classes be subscripted at run time, as in `admin.ModelAdmin[Item]`.
django_stubs_ext.monkeypatch()
{%- if cookiecutter.database == "mysql" %}

# PyMySQL stands in for mysqlclient (no C compiler or MySQL client library needed); this must
# run before Django loads its MySQL backend.
pymysql.install_as_MySQLdb()
{%- endif %}

# The project directory (in a checkout or an editable install).
BASE_DIR = Path(__file__).resolve().parents[2]

ENVIRONMENT = env_str("ENVIRONMENT", "development")
if ENVIRONMENT not in ("development", "test", "production"):
    raise ImproperlyConfigured(
        f"ENVIRONMENT must be development, test or production, not {ENVIRONMENT!r}"
    )
PRODUCTION = ENVIRONMENT == "production"

# Secrets: only from the environment. The development key is refused in production, and Django's
# own deploy check flags it too (it starts with "django-insecure-").
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
PLACEHOLDER_SECRETS = frozenset({"change-me", "changeme", "secret", DEVELOPMENT_SECRET_KEY})
MIN_SECRET_LENGTH = 50
SECRET_KEY = env_str("SECRET_KEY") or ("" if PRODUCTION else DEVELOPMENT_SECRET_KEY)
if PRODUCTION and (
    SECRET_KEY in PLACEHOLDER_SECRETS
    or len(SECRET_KEY) < MIN_SECRET_LENGTH
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    raise ImproperlyConfigured(
        f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_LENGTH} characters "
        "in production; generate one with: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
# Old keys that still verify sessions and signatures while you rotate SECRET_KEY.
SECRET_KEY_FALLBACKS = env_list("SECRET_KEY_FALLBACKS", [])

DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1"])
if PRODUCTION and (not ALLOWED_HOSTS or "*" in ALLOWED_HOSTS):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the service's host names in production")

# Browser origins allowed to call the API (django-cors-headers); none by default.
CORS_ALLOWED_ORIGINS = env_list("CORS_ORIGINS", [])
if "*" in CORS_ALLOWED_ORIGINS:
    raise ImproperlyConfigured("CORS_ORIGINS must list origins explicitly, not '*'")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_CREDENTIALS = False
CORS_ALLOW_METHODS = ["DELETE", "GET", "OPTIONS", "PATCH", "POST"]
CORS_ALLOW_HEADERS = ["authorization", "content-type"]
CORS_PREFLIGHT_MAX_AGE = 600

# The admin lives on a path of your choosing, never the guessable admin/.
ADMIN_URL = env_str("ADMIN_URL", "manage-{{ cookiecutter.project_slug|replace('_', '-') }}/")
if not re.fullmatch(r"[\w.~-]+(/[\w.~-]+)*/", ADMIN_URL) or ADMIN_URL == "admin/":
    raise ImproperlyConfigured(
        "ADMIN_URL must be a path like 'manage-site/' (no leading slash, a trailing one) "
        f"other than 'admin/', not {ADMIN_URL!r}"
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "corsheaders",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "{{ cookiecutter.project_slug }}.users",
    "{{ cookiecutter.project_slug }}.items",
]

# Outermost first: the header middleware wraps everything, so even a 400 for a bad host or a
# 413 for an oversized body carries the security headers.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "{{ cookiecutter.project_slug }}.security.ContentSecurityPolicyMiddleware",
    "{{ cookiecutter.project_slug }}.security.NoStoreMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "{{ cookiecutter.project_slug }}.security.RequestSizeLimitMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

ROOT_URLCONF = "{{ cookiecutter.project_slug }}.urls"
WSGI_APPLICATION = "{{ cookiecutter.project_slug }}.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL in the usual forms; tests use `test_<name>` beside it.
DATABASE_URL = env_str(
    "DATABASE_URL",
{%- if cookiecutter.database == "postgresql" %}
    "postgresql://postgres@localhost/{{ cookiecutter.project_slug }}",
{%- elif cookiecutter.database == "mysql" %}
    "mysql://root@localhost/{{ cookiecutter.project_slug }}",
{%- else %}
    "sqlite:///./{{ cookiecutter.project_slug }}.db",
{%- endif %}
)
try:
    DATABASES = {
        "default": {
            **database_config(DATABASE_URL),
            "CONN_MAX_AGE": env_int("CONN_MAX_AGE", 60),
            "CONN_HEALTH_CHECKS": True,
        },
    }
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

{%- if cookiecutter.worker == "celery" %}

# Redis: Celery's broker, and the cache that rate limits are counted in across processes.
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
# Prefix for every Redis key (tasks, results, rate limits), so deployments can share a database.
REDIS_KEY_PREFIX = env_str("REDIS_KEY_PREFIX", "")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": REDIS_KEY_PREFIX,
    },
}

# The Celery worker (worker.py). Seconds: the soft time limit raises SoftTimeLimitExceeded in a
# task, the hard one kills it; an unacknowledged task (its worker died) goes to another worker
# after the visibility timeout.
TASK_SOFT_TIME_LIMIT = env_int("TASK_SOFT_TIME_LIMIT", 300, minimum=1)
TASK_TIME_LIMIT = env_int("TASK_TIME_LIMIT", 330, minimum=1)
BROKER_VISIBILITY_TIMEOUT = env_int("BROKER_VISIBILITY_TIMEOUT", 3600, minimum=1)
try:
    check_worker_settings(
        ENVIRONMENT,
        soft_time_limit=TASK_SOFT_TIME_LIMIT,
        time_limit=TASK_TIME_LIMIT,
        visibility_timeout=BROKER_VISIBILITY_TIMEOUT,
    )
except ValueError as error:
    raise ImproperlyConfigured(str(error)) from None
{%- else %}

# Rate limits are counted per process; add Redis (the celery worker option) to share them.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    },
}
{%- endif %}

# Users and passwords: a custom user model from day one, Argon2id first.
AUTH_USER_MODEL = "users.User"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# HTTPS. Behind a TLS-terminating proxy set TRUST_PROXY_HEADERS=true, so X-Forwarded-Proto and
# (for rate limits) the proxy's X-Forwarded-For entry are believed; never without such a proxy.
TRUST_PROXY_HEADERS = env_bool("TRUST_PROXY_HEADERS", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUST_PROXY_HEADERS else None
# Production redirects HTTP to HTTPS; turn it off only where something in front already does.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", PRODUCTION)
# Probes inside the container or cluster speak plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^ready$"]
# HSTS is sent on HTTPS responses; preload is opt-in (hence the silenced W021).
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SILENCED_SYSTEM_CHECKS = ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Cookies: HttpOnly and SameSite everywhere; Secure with the __Host- prefix in production (the
# browser then refuses them over HTTP, from another path, or set for a parent domain).
SESSION_COOKIE_SECURE = PRODUCTION
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
CSRF_FAILURE_VIEW = "{{ cookiecutter.project_slug }}.errors.csrf_failure"

# Content Security Policy (django-csp): JSON responses may load nothing at all; HTML pages (the
# admin) get a same-origin policy, chosen per response by security.ContentSecurityPolicyMiddleware.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "frame-ancestors": [NONE],
    },
}
HTML_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "object-src": [NONE],
    "base-uri": [NONE],
    "frame-ancestors": [NONE],
    "form-action": [SELF],
}

# Request bodies larger than this are answered with 413.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 1024 * 1024, minimum=1)
DATA_UPLOAD_MAX_MEMORY_SIZE = MAX_REQUEST_BYTES

# API requests per client address (health checks are not limited), like 100/minute.
RATE_LIMIT = env_str("RATE_LIMIT", "100/minute")
if not re.fullmatch(r"[1-9]\d*/(second|minute|hour|day|[smhd])", RATE_LIMIT):
    raise ImproperlyConfigured(f"RATE_LIMIT must look like 100/minute, not {RATE_LIMIT!r}")

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    # The sample API is public; add authentication classes when you add users to it.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_THROTTLE_CLASSES": [
        "{{ cookiecutter.project_slug }}.throttling.ApiRateThrottle",
    ],
    "NUM_PROXIES": 1 if TRUST_PROXY_HEADERS else 0,
    "EXCEPTION_HANDLER": "{{ cookiecutter.project_slug }}.errors.exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
}

# The OpenAPI document at /openapi.json: served outside production, in production on request.
ENABLE_DOCS = env_bool("ENABLE_DOCS", not PRODUCTION)
SPECTACULAR_SETTINGS = {
    # The package name, not the free-text project name: no user text in code.
    "TITLE": "{{ cookiecutter.project_slug }}",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# Static files (the admin's): `manage.py collectstatic` copies them to STATIC_ROOT for your web
# server or CDN to serve under STATIC_URL.
STATIC_URL = "static/"
STATIC_ROOT = env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
# Or the application serves them itself (WhiteNoise, with caching headers), as the Docker image
# does. Inside the header middleware, so they get the security headers too.
SERVE_STATIC = env_bool("SERVE_STATIC", False)
if SERVE_STATIC:
    MIDDLEWARE.insert(
        MIDDLEWARE.index("corsheaders.middleware.CorsMiddleware"),
        "whitenoise.middleware.WhiteNoiseMiddleware",
    )
{%- if cookiecutter.worker == "celery" %}

# Log to stderr, where containers and process managers collect it: one JSON object per line or
# key=value text (JSON in production unless LOG_FORMAT says otherwise), with the Celery task of
# each record. The worker (worker.py) replaces the handler with one at its --loglevel.
LOG_LEVEL = env_str("LOG_LEVEL", "INFO").upper()
if LOG_LEVEL not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
    raise ImproperlyConfigured(
        f"LOG_LEVEL must be DEBUG, INFO, WARNING, ERROR or CRITICAL, not {LOG_LEVEL!r}"
    )
LOG_FORMAT = env_str("LOG_FORMAT", "json" if PRODUCTION else "text").lower()
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be json or text, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "task": {"()": "{{ cookiecutter.project_slug }}.logs.TaskContextFilter"},
    },
    "formatters": {
        "json": {"()": "{{ cookiecutter.project_slug }}.logs.JsonFormatter"},
        "text": {"()": "{{ cookiecutter.project_slug }}.logs.TextFormatter"},
    },
    "handlers": {
        # Named like the handler of logs.configure_logging, which replaces it in the worker.
        HANDLER_NAME: {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["task"],
        },
    },
    "root": {"handlers": [HANDLER_NAME], "level": LOG_LEVEL},
}
{%- else %}

# Log to stderr, where containers and process managers collect it.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain"},
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
}
{%- endif %}
