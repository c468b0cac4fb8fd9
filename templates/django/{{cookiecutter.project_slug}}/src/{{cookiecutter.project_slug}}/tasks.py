"""Background tasks, run by the Celery worker. Each one is idempotent: a task runs again when its
worker dies before acknowledging it, so running it twice must leave the database as running it
once. Transient database errors are retried with exponential backoff.
"""

import logging
from typing import Any, TypedDict

from celery import Task, shared_task
from django.db import InterfaceError, OperationalError, transaction

from {{ cookiecutter.project_slug }}.celery_config import (
    MAX_RETRIES,
    RETRY_BACKOFF,
    RETRY_BACKOFF_MAX,
)
from {{ cookiecutter.project_slug }}.items.models import Item

# The API sends tasks by name (`producer().send_task(PROCESS_ITEM, ...)`).
PROCESS_ITEM = "{{ cookiecutter.project_slug }}.process_item"
# Worth a retry: the database went away, timed out or is busy ("database is locked" in SQLite).
TRANSIENT_ERRORS = (OperationalError, InterfaceError)

logger = logging.getLogger(__name__)


class ProcessResult(TypedDict):
    item_id: int
    processed: bool
    changed: bool


@shared_task(
    bind=True,
    name=PROCESS_ITEM,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=RETRY_BACKOFF,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def process_item(self: Task[Any, Any], item_id: int) -> ProcessResult:
    """Mark the item processed; an item processed already (or deleted) is left alone."""
    with transaction.atomic():
        # The row stays locked until the commit: a second run of this task waits for the first,
        # then finds the item processed.
        item = Item.objects.select_for_update().filter(pk=item_id).first()
        if item is None:
            logger.warning("item not found", extra={"item_id": item_id})
            return {"item_id": item_id, "processed": False, "changed": False}
        if item.processed:
            logger.info("item already processed", extra={"item_id": item_id})
            return {"item_id": item_id, "processed": True, "changed": False}
        item.processed = True
        item.save(update_fields=["processed"])
    logger.info("item processed", extra={"item_id": item_id})
    return {"item_id": item_id, "processed": True, "changed": True}
