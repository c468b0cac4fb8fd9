"""Background processing: POST /api/items/{id}/process queues a task for the worker,
GET /api/tasks/{id} reports its state and result."""

import asyncio
from typing import Any

from fastapi import APIRouter, HTTPException, Request, Response, status
from pydantic import BaseModel

from {{ cookiecutter.project_slug }}.api import PROBLEM_RESPONSES, get_item_or_404
from {{ cookiecutter.project_slug }}.celery_config import (
    BROKER_ERRORS,
    is_task_id,
    task_status,
)
from {{ cookiecutter.project_slug }}.database import Session
from {{ cookiecutter.project_slug }}.tasks import PROCESS_ITEM

router = APIRouter(tags=["tasks"])

UNAVAILABLE = "The task queue is unavailable; try again later"
TASK_RESPONSES: dict[int | str, dict[str, object]] = {
    404: {"description": "No task with this id", "content": {"application/problem+json": {}}},
    503: {"description": UNAVAILABLE, "content": {"application/problem+json": {}}},
}


class TaskAccepted(BaseModel):
    task_id: str


class TaskStatus(BaseModel):
    id: str
    state: str  # PENDING (or unknown), STARTED, RETRY, SUCCESS, FAILURE
    result: Any = None
    error: str | None = None


@router.post(
    "/api/items/{item_id}/process",
    status_code=status.HTTP_202_ACCEPTED,
    response_model=TaskAccepted,
    responses={**PROBLEM_RESPONSES, 503: TASK_RESPONSES[503]},
)
async def process_item(
    item_id: int, session: Session, request: Request, response: Response
) -> TaskAccepted:
    await get_item_or_404(session, item_id)
    celery = request.app.state.celery
    try:
        result = await asyncio.to_thread(celery.send_task, PROCESS_ITEM, args=[item_id])
    except BROKER_ERRORS as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, UNAVAILABLE) from error
    response.headers["Location"] = f"/api/tasks/{result.id}"
    return TaskAccepted(task_id=result.id)


@router.get("/api/tasks/{task_id}", response_model=TaskStatus, responses=TASK_RESPONSES)
async def read_task(task_id: str, request: Request) -> TaskStatus:
    if not is_task_id(task_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, f"Task {task_id} not found")
    try:
        found = await asyncio.to_thread(task_status, request.app.state.celery, task_id)
    except BROKER_ERRORS as error:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, UNAVAILABLE) from error
    return TaskStatus.model_validate(found)
