"""The OpenAPI 3.1 document of the API at /openapi.json (off in production unless enabled).

Paths are written here; the schemas come from the pydantic models that validate the requests,
so the document cannot drift from what the API accepts.
"""

from functools import cache
from typing import Any

from flask import Blueprint
from pydantic import TypeAdapter

from {{ cookiecutter.project_slug }}.schemas import (
    ITEM_CREATE,
    ITEM_UPDATE,
    ItemPage,
    ItemRead,
    Paging,
{%- if cookiecutter.worker == "celery" %}
    TaskAccepted,
    TaskStatus,
{%- endif %}
)
{#- The project name as a Python string that ruff leaves alone (a double quote as \u0022, not
    \": ruff would swap the quote style), or the slug when the escaped name is long. #}
{%- set title = cookiecutter.project_name|tojson|replace('\\"', '\\u0022') %}

TITLE = {{ title if title|length <= 80 else cookiecutter.project_slug|tojson }}
VERSION = "0.1.0"
REF_TEMPLATE = "#/components/schemas/{model}"
JSON = "application/json"
PROBLEM = "application/problem+json"

blueprint = Blueprint("openapi", __name__)

Json = dict[str, Any]

PROBLEM_SCHEMA: Json = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string"},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {
            "type": "array",
            "description": "422 only: one entry per invalid field.",
            "items": {
                "type": "object",
                "required": ["field", "message"],
                "properties": {"field": {"type": "string"}, "message": {"type": "string"}},
            },
        },
    },
}
HEALTH_SCHEMA: Json = {
    "type": "object",
    "required": ["status"],
    "properties": {
        "status": {"type": "string", "enum": ["ok", "unavailable"]},
        "checks": {"type": "object", "additionalProperties": {"enum": ["ok", "error"]}},
    },
}


def ref(name: str) -> Json:
    return {"$ref": REF_TEMPLATE.format(model=name)}


def json_content(schema: Json, description: str) -> Json:
    return {"description": description, "content": {JSON: {"schema": schema}}}


def json_body(schema: Json) -> Json:
    return {"required": True, "content": {JSON: {"schema": schema}}}


PROBLEM_REF = ref("Problem")


def problems(*statuses: int) -> dict[str, Json]:
    reasons = {
        400: "The body is not valid JSON",
        404: "No item with this id",
        413: "The body is too large",
        415: "The body is not application/json",
        422: "A field or parameter is invalid (see `errors`)",
        429: "Rate limit exceeded",
{%- if cookiecutter.worker == "celery" %}
        503: "The task queue is unavailable",
{%- endif %}
    }
    return {
        str(status): {"description": reasons[status], "content": {PROBLEM: {"schema": PROBLEM_REF}}}
        for status in statuses
    }


@cache
def build_document() -> Json:
    schemas, definitions = TypeAdapter.json_schemas(
        [
            ("ItemCreate", "validation", ITEM_CREATE),
            ("ItemUpdate", "validation", ITEM_UPDATE),
            ("ItemRead", "serialization", TypeAdapter(ItemRead)),
            ("ItemPage", "serialization", TypeAdapter(ItemPage)),
{%- if cookiecutter.worker == "celery" %}
            ("TaskAccepted", "serialization", TypeAdapter(TaskAccepted)),
            ("TaskStatus", "serialization", TypeAdapter(TaskStatus)),
{%- endif %}
        ],
        ref_template=REF_TEMPLATE,
    )
    schema = {key: value for (key, _mode), value in schemas.items()}
    paging = Paging.model_json_schema()["properties"]
    item_id = {"name": "item_id", "in": "path", "required": True, "schema": {"type": "integer"}}
{%- if cookiecutter.worker == "celery" %}
    task_id = {
        "name": "task_id",
        "in": "path",
        "required": True,
        "schema": {"type": "string", "format": "uuid"},
    }
    task_not_found = {**problems(404)["404"], "description": "No task with this id"}
{%- endif %}
    body_errors = problems(400, 413, 415, 422, 429)
    return {
        "openapi": "3.1.0",
        "info": {"title": TITLE, "version": VERSION},
        "paths": {
            "/health": {
                "get": {
                    "summary": "Liveness: the process answers",
                    "responses": {"200": json_content(HEALTH_SCHEMA, "Alive")},
                }
            },
            "/ready": {
                "get": {
{%- if cookiecutter.worker == "celery" %}
                    "summary": "Readiness: the database and the task broker answer",
{%- else %}
                    "summary": "Readiness: the database answers",
{%- endif %}
                    "responses": {
                        "200": json_content(HEALTH_SCHEMA, "Ready"),
                        "503": json_content(HEALTH_SCHEMA, "A dependency is down"),
                    },
                }
            },
            "/api/items": {
                "get": {
                    "summary": "List items, oldest first",
                    "parameters": [
                        {"name": name, "in": "query", "required": False, "schema": value}
                        for name, value in paging.items()
                    ],
                    "responses": {
                        "200": json_content(schema["ItemPage"], "A page of items"),
                        **problems(422, 429),
                    },
                },
                "post": {
                    "summary": "Create an item",
                    "requestBody": json_body(schema["ItemCreate"]),
                    "responses": {
                        "201": {
                            **json_content(schema["ItemRead"], "Created"),
                            "headers": {
                                "Location": {
                                    "description": "URL of the new item",
                                    "schema": {"type": "string"},
                                }
                            },
                        },
                        **body_errors,
                    },
                },
            },
            "/api/items/{item_id}": {
                "parameters": [item_id],
                "get": {
                    "summary": "Read an item",
                    "responses": {
                        "200": json_content(schema["ItemRead"], "The item"),
                        **problems(404, 429),
                    },
                },
                "patch": {
                    "summary": "Change some fields of an item",
                    "requestBody": json_body(schema["ItemUpdate"]),
                    "responses": {
                        "200": json_content(schema["ItemRead"], "The changed item"),
                        **problems(404),
                        **body_errors,
                    },
                },
                "delete": {
                    "summary": "Delete an item",
                    "responses": {"204": {"description": "Deleted"}, **problems(404, 429)},
                },
            },
{%- if cookiecutter.worker == "celery" %}
            "/api/items/{item_id}/process": {
                "parameters": [item_id],
                "post": {
                    "summary": "Queue a task that marks the item processed",
                    "responses": {
                        "202": {
                            **json_content(schema["TaskAccepted"], "Queued"),
                            "headers": {
                                "Location": {
                                    "description": "URL of the task's state",
                                    "schema": {"type": "string"},
                                }
                            },
                        },
                        **problems(404, 429, 503),
                    },
                },
            },
            "/api/tasks/{task_id}": {
                "parameters": [task_id],
                "get": {
                    "summary": "State and result of a task (unknown ids read as PENDING)",
                    "responses": {
                        "200": json_content(schema["TaskStatus"], "The task's state"),
                        "404": task_not_found,
                        **problems(429, 503),
                    },
                },
            },
{%- endif %}
        },
        "components": {"schemas": {**definitions.get("$defs", {}), "Problem": PROBLEM_SCHEMA}},
    }


@blueprint.get("/openapi.json")
def openapi_document() -> Json:
    return build_document()
