# Generated from generator/stackplate/spec.toml by `python -m stackplate.derive`.
{% raw %}"""Answer validation and file-keeping rules, shared by the CLI and the cookiecutter hooks.

This module must stay standard-library only: `stackplate.derive` embeds its source verbatim
(inside a raw block) into the cookiecutter hooks, so the CLI and cookiecutter apply the very
same checks.
"""

from __future__ import annotations

import fnmatch
import keyword
import re
from collections.abc import Mapping, Sequence
from typing import Any

# Jinja delimiters in an answer would be rendered by cookiecutter but kept verbatim by copier,
# so the front doors would disagree: refuse them everywhere.
JINJA_MARKERS = ("{" + "{", "{" + "%", "{" + "#")


def text_problem(option: Mapping[str, Any], value: str, slug: Mapping[str, Any]) -> str | None:
    """Return why `value` is not acceptable for the text option, or None when it is fine."""
    if not value and not option.get("allow_empty", False):
        return "must not be empty"
    if any(ord(char) < 32 or ord(char) == 127 for char in value):
        return "must be a single line without control characters"
    if any(marker in value for marker in JINJA_MARKERS):
        return "must not contain template delimiters ({{ }}, {% %} or {# #})"
    max_length = option.get("max_length")
    if max_length is not None and len(value) > max_length:
        return f"must be at most {max_length} characters (got {len(value)})"
    pattern = option.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, value):
        return f"must be {option.get('pattern_help', 'of the form ' + pattern)}"
    if option.get("slug", False):
        return slug_problem(value, slug)
    return None


def slug_problem(value: str, slug: Mapping[str, Any]) -> str | None:
    """Why `value` cannot name the generated Python package, or None."""
    if not re.fullmatch(slug["pattern"], value):
        return (
            "must start with a lower-case letter and contain only a-z, 0-9 and _ "
            "(at most 40 characters); pass a slug explicitly if the name has other characters"
        )
    if keyword.iskeyword(value) or keyword.issoftkeyword(value):
        return "is a Python keyword and cannot name a package"
    if value in slug["reserved"]:
        return "would shadow a module the project imports; pick another name"
    return None


def path_matches(relpath: str, pattern: str) -> bool:
    """True when `relpath` is `pattern` or lies below a directory that `pattern` names."""
    parts = relpath.split("/")
    pattern_parts = pattern.split("/")
    if len(pattern_parts) > len(parts):
        return False
    return all(
        fnmatch.fnmatchcase(part, want) for part, want in zip(parts, pattern_parts, strict=False)
    )


def is_kept(
    relpath: str, answers: Mapping[str, Any], stack: str, files: Sequence[Mapping[str, Any]]
) -> bool:
    """Whether the file at `relpath` belongs in a project generated with `answers`."""
    for rule in files:
        if "stacks" in rule and stack not in rule["stacks"]:
            continue
        if not any(path_matches(relpath, pattern) for pattern in rule["paths"]):
            continue
        for name, allowed in rule["keep_when"].items():
            if answers.get(name) not in allowed:
                return False
    return True

import json
import pathlib
import sys

DATA = json.loads(r'''
{
  "choices": {
    "ci": [
      "github",
      "gitlab",
      "none"
    ],
    "database": [
      "postgresql",
      "mysql",
      "sqlite"
    ],
    "docker": [
      "yes",
      "no"
    ],
    "license": [
      "MIT",
      "Apache-2.0",
      "BSD-3-Clause",
      "proprietary"
    ],
    "python_version": [
      "3.12",
      "3.13"
    ],
    "worker": [
      "none",
      "celery"
    ]
  },
  "files": [
    {
      "keep_when": {
        "ci": [
          "github"
        ]
      },
      "paths": [
        ".github"
      ]
    },
    {
      "keep_when": {
        "ci": [
          "gitlab"
        ]
      },
      "paths": [
        ".gitlab-ci.yml"
      ]
    },
    {
      "keep_when": {
        "docker": [
          "yes"
        ]
      },
      "paths": [
        "Dockerfile",
        ".dockerignore",
        "compose.yaml"
      ]
    },
    {
      "keep_when": {
        "worker": [
          "celery"
        ]
      },
      "paths": [
        "src/*/worker.py",
        "src/*/tasks.py",
        "src/*/processing.py",
        "src/*/celery_config.py",
        "src/*/sync_database.py",
        "src/*/logs.py",
        "src/*/healthcheck.py",
        "tests/worker.py",
        "tests/worker_harness.py",
        "tests/test_worker.py",
        "tests/test_worker_contract.py",
        "tests/test_worker_reliability.py"
      ],
      "stacks": [
        "fastapi",
        "flask",
        "django"
      ]
    }
  ],
  "slug": {
    "pattern": "^[a-z][a-z0-9_]{0,39}$",
    "reserved": [
      "alembic",
      "api",
      "app",
      "asyncio",
      "celery",
      "config",
      "conftest",
      "core",
      "django",
      "email",
      "fastapi",
      "flask",
      "http",
      "json",
      "kombu",
      "logging",
      "main",
      "models",
      "os",
      "pydantic",
      "pytest",
      "redis",
      "rest_framework",
      "settings",
      "site",
      "sqlalchemy",
      "src",
      "starlette",
      "string",
      "sys",
      "tasks",
      "test",
      "tests",
      "types",
      "typing",
      "uvicorn",
      "gunicorn",
      "werkzeug",
      "aiomysql",
      "aiosqlite",
      "anyio",
      "argon2",
      "asyncpg",
      "billiard",
      "click",
      "corsheaders",
      "csp",
      "drf_spectacular",
      "flask_limiter",
      "httpx",
      "httpx2",
      "itsdangerous",
      "jinja2",
      "limits",
      "openapi_spec_validator",
      "psycopg",
      "pymysql",
      "pydantic_settings",
      "structlog",
      "vine",
      "yaml"
    ]
  },
  "text": {
    "author_email": {
      "max_length": 120,
      "pattern": "^[^@\\s\"'<>\\\\]+@[^@\\s\"'<>\\\\]+\\.[A-Za-z]{2,}$",
      "pattern_help": "an address like name@example.com"
    },
    "author_name": {
      "max_length": 100
    },
    "description": {
      "allow_empty": true,
      "max_length": 200
    },
    "project_name": {
      "max_length": 80
    },
    "project_slug": {
      "slug": true
    }
  }
}
''')
{% endraw %}
STACK = {{ cookiecutter.__stack|tojson }}
ANSWERS = {
{%- for name, value in cookiecutter.items() if not name.startswith("_") %}
    {{ name|tojson }}: {{ value|tojson }},
{%- endfor %}
}


def main() -> int:
    found = []
    for name, value in ANSWERS.items():
        if name in DATA["text"]:
            problem = text_problem(DATA["text"][name], value, DATA["slug"])
            if problem:
                found.append(f"{name}: {value!r} {problem}")
        elif name in DATA["choices"] and value not in DATA["choices"][name]:
            allowed = ", ".join(DATA["choices"][name])
            found.append(f"{name}: {value!r} is not allowed; choose one of: {allowed}")
    for line in found:
        print(f"error: {line}", file=sys.stderr)
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
