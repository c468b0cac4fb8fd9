"""Structured logging: one JSON object per line (or `key=value` text for people), and the Celery
task name and id on every record logged while a task runs.

Fields passed with `extra=` become fields of the record:
`logger.info("item processed", extra={"item_id": 7})`.
"""

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any

from celery import current_task

HANDLER_NAME = "structured"
# Attributes every LogRecord has; anything else on a record came from `extra=`.
STANDARD_ATTRIBUTES = frozenset(
    [*vars(logging.makeLogRecord({})), "message", "asctime", "task_id", "task_name"]
)


class TaskContextFilter(logging.Filter):
    """Adds `task_name` and `task_id` (None outside a task) to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        task = current_task
        # current_task is a proxy: false outside a task.
        record.task_name = task.name if task else None
        record.task_id = task.request.id if task else None
        return True


def fields(record: logging.LogRecord) -> dict[str, Any]:
    """The structured fields of a record: time, level, logger, message, task, extras."""
    entry: dict[str, Any] = {
        "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
        "level": record.levelname,
        "logger": record.name,
        "message": record.getMessage(),
    }
    for name in ("task_name", "task_id"):
        if getattr(record, name, None):
            entry[name] = getattr(record, name)
    entry.update(
        (key, value) for key, value in vars(record).items() if key not in STANDARD_ATTRIBUTES
    )
    return entry


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = fields(record)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class TextFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = fields(record)
        entry.pop("data", None)  # Celery's own records repeat their message there
        head = f"{entry.pop('time')} {entry.pop('level'):<7} {entry.pop('logger')}: "
        line = head + str(entry.pop("message"))
        line += "".join(f" {key}={value}" for key, value in entry.items())
        if record.exc_info:
            line += "\n" + self.formatException(record.exc_info)
        return line


def configure_logging(level: int | str, *, json_lines: bool) -> None:
    """Send every log record to stderr, structured; calling it again replaces the handler."""
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(HANDLER_NAME)
    handler.addFilter(TaskContextFilter())
    handler.setFormatter(JsonFormatter() if json_lines else TextFormatter())
    root = logging.getLogger()
    for existing in [h for h in root.handlers if h.get_name() == HANDLER_NAME]:
        root.removeHandler(existing)
        existing.close()
    root.addHandler(handler)
    root.setLevel(level)
