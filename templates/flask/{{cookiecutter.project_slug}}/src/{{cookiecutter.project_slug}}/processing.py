"""Background processing: POST /api/items/{id}/process queues a task for the worker,
GET /api/tasks/{id} reports its state and result."""

from celery import Celery
from flask import Blueprint, current_app, url_for
from werkzeug.exceptions import NotFound, ServiceUnavailable

from {{ cookiecutter.project_slug }}.api import ITEM_ID, get_item_or_404
from {{ cookiecutter.project_slug }}.celery_config import (
    BROKER_ERRORS,
    is_task_id,
    task_status,
)
from {{ cookiecutter.project_slug }}.database import get_session
from {{ cookiecutter.project_slug }}.schemas import TaskAccepted, TaskStatus
from {{ cookiecutter.project_slug }}.tasks import PROCESS_ITEM

blueprint = Blueprint("processing", __name__)

UNAVAILABLE = "The task queue is unavailable; try again later"

JsonObject = dict[str, object]


def get_celery() -> Celery:
    """The app's Celery instance (created in create_app): it sends tasks and reads results."""
    celery: Celery = current_app.extensions["celery"]
    return celery


@blueprint.post(f"/api/items{ITEM_ID}/process")
def process_item(item_id: int) -> tuple[JsonObject, int, dict[str, str]]:
    get_item_or_404(get_session(), item_id)
    try:
        result = get_celery().send_task(PROCESS_ITEM, args=[item_id])
    except BROKER_ERRORS as error:
        raise ServiceUnavailable(UNAVAILABLE) from error
    location = url_for(".read_task", task_id=result.id, _external=True)
    return TaskAccepted(task_id=result.id).model_dump(mode="json"), 202, {"Location": location}


@blueprint.get("/api/tasks/<task_id>")
def read_task(task_id: str) -> JsonObject:
    if not is_task_id(task_id):
        raise NotFound(f"Task {task_id} not found")
    try:
        found = task_status(get_celery(), task_id)
    except BROKER_ERRORS as error:
        raise ServiceUnavailable(UNAVAILABLE) from error
    return TaskStatus.model_validate(found).model_dump(mode="json")
