"""The background-task contract, the same for every stackplate web stack with worker=celery.

Each project's conftest provides `api` (sending tasks to a queue of this test run only), `worker`
(a real Celery worker consuming that queue, never eager mode) and `no_broker_api` (the broker
unreachable, the database fine).
"""

import time
import uuid
from typing import Any

from tests.api import ApiClient
from tests.test_contract import assert_problem, create

TASK_SECONDS = 20


def process(api: ApiClient, item_id: int) -> str:
    response = api.request("POST", f"/api/items/{item_id}/process")
    assert response.status_code == 202, response.json()
    task_id: str = response.json()["task_id"]
    assert response.headers["location"].endswith(f"/api/tasks/{task_id}")
    return task_id


def finished(api: ApiClient, task_id: str) -> dict[str, Any]:
    """Poll the task until it succeeded or failed."""
    deadline = time.monotonic() + TASK_SECONDS
    while True:
        response = api.request("GET", f"/api/tasks/{task_id}")
        assert response.status_code == 200
        status: dict[str, Any] = response.json()
        if status["state"] in ("SUCCESS", "FAILURE") or time.monotonic() > deadline:
            return status
        time.sleep(0.05)


def test_process_queues_a_task_that_marks_the_item_processed(api: ApiClient, worker: str) -> None:
    item = create(api)
    task_id = process(api, item["id"])
    assert finished(api, task_id) == {
        "id": task_id,
        "state": "SUCCESS",
        "result": {"item_id": item["id"], "processed": True, "changed": True},
        "error": None,
    }
    assert api.request("GET", f"/api/items/{item['id']}").json()["processed"] is True


def test_processing_again_changes_nothing(api: ApiClient, worker: str) -> None:
    item = create(api)
    assert finished(api, process(api, item["id"]))["result"]["changed"] is True
    again = finished(api, process(api, item["id"]))
    assert again["state"] == "SUCCESS"
    assert again["result"] == {"item_id": item["id"], "processed": True, "changed": False}


def test_process_missing_item_is_404_problem(api: ApiClient) -> None:
    body = assert_problem(api.request("POST", "/api/items/999999/process"), 404, "Not Found")
    assert "999999" in body["detail"]


def test_unknown_task_reads_as_pending(api: ApiClient) -> None:
    task_id = str(uuid.uuid4())
    response = api.request("GET", f"/api/tasks/{task_id}")
    assert response.status_code == 200
    assert response.json() == {"id": task_id, "state": "PENDING", "result": None, "error": None}


def test_malformed_task_id_is_404_problem(api: ApiClient) -> None:
    assert_problem(api.request("GET", "/api/tasks/not-a-task"), 404, "Not Found")


def test_ready_checks_the_broker(api: ApiClient) -> None:
    response = api.request("GET", "/ready")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "broker": "ok"}


def test_ready_is_503_when_the_broker_is_down(no_broker_api: ApiClient) -> None:
    response = no_broker_api.request("GET", "/ready")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"] == {"database": "ok", "broker": "error"}


def test_process_is_503_problem_when_the_broker_is_down(no_broker_api: ApiClient) -> None:
    item = create(no_broker_api)
    response = no_broker_api.request("POST", f"/api/items/{item['id']}/process")
    assert_problem(response, 503, "Service Unavailable")


def test_openapi_document_describes_the_task_endpoints(api: ApiClient) -> None:
    paths = api.request("GET", "/openapi.json").json()["paths"]
    assert any(path.startswith("/api/items/{") and path.endswith("/process") for path in paths)
    assert any(path.startswith("/api/tasks/{") for path in paths)
