"""Background processing: POST /api/items/{id}/process queues a task for the worker,
GET /api/tasks/{id} reports its state and result."""

from typing import Any

from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import APIException, NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from {{ cookiecutter.project_slug }}.celery_config import (
    BROKER_ERRORS,
    is_task_id,
    task_status,
)
from {{ cookiecutter.project_slug }}.items.serializers import PROBLEM
from {{ cookiecutter.project_slug }}.items.views import NOT_FOUND, get_item_or_404
from {{ cookiecutter.project_slug }}.problems import PROBLEM_CONTENT_TYPE
from {{ cookiecutter.project_slug }}.tasks import PROCESS_ITEM
from {{ cookiecutter.project_slug }}.worker import producer


class QueueUnavailable(APIException):
    """The broker (or the result backend) cannot be reached: 503, worth a retry later."""

    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = "The task queue is unavailable; try again later"
    default_code = "queue_unavailable"


class TaskAcceptedSerializer(serializers.Serializer[dict[str, str]]):
    task_id = serializers.CharField()


class TaskStatusSerializer(serializers.Serializer[dict[str, Any]]):
    id = serializers.CharField()
    # PENDING (or unknown), STARTED, RETRY, SUCCESS, FAILURE
    state = serializers.CharField()
    result = serializers.JSONField(allow_null=True, help_text="What the task returned")
    error = serializers.CharField(allow_null=True, help_text="The exception type of a failure")


# Error responses as the schema documents them: problem+json bodies.
NO_TASK = {(404, PROBLEM_CONTENT_TYPE): OpenApiResponse(PROBLEM, description="No such task")}
UNAVAILABLE = {
    (503, PROBLEM_CONTENT_TYPE): OpenApiResponse(PROBLEM, description="The task queue is down")
}


@extend_schema(tags=["tasks"])
class ProcessItemView(APIView):
    @extend_schema(
        operation_id="process_item",
        request=None,
        responses={202: TaskAcceptedSerializer, **NOT_FOUND, **UNAVAILABLE},
    )
    def post(self, request: Request, item_id: int) -> Response:
        get_item_or_404(item_id)
        try:
            result = producer().send_task(PROCESS_ITEM, args=[item_id])
        except BROKER_ERRORS as error:
            raise QueueUnavailable from error
        return Response(
            {"task_id": result.id},
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": reverse("task-detail", args=[result.id])},
        )


@extend_schema(tags=["tasks"])
class TaskView(APIView):
    @extend_schema(
        operation_id="read_task",
        responses={200: TaskStatusSerializer, **NO_TASK, **UNAVAILABLE},
    )
    def get(self, request: Request, task_id: str) -> Response:
        if not is_task_id(task_id):
            raise NotFound(f"Task {task_id} not found")
        try:
            found = task_status(producer(), task_id)
        except BROKER_ERRORS as error:
            raise QueueUnavailable from error
        return Response(TaskStatusSerializer(found).data)
