"""The sample tasks. Each one is idempotent: a task runs again when its worker dies before
acknowledging it, so running it twice must leave the database as running it once.

Transient database errors are retried with exponential backoff; other errors fail the task.
"""

import logging
from datetime import timedelta
from typing import Any, TypedDict, cast

from celery import Task, shared_task
from sqlalchemy import CursorResult, delete, select
from sqlalchemy.exc import IntegrityError

from {{ cookiecutter.project_slug }}.celery_config import (
    MAX_RETRIES,
    RETRY_BACKOFF,
    RETRY_BACKOFF_MAX,
)
from {{ cookiecutter.project_slug }}.database import TRANSIENT_ERRORS, task_session
from {{ cookiecutter.project_slug }}.models import WordCount, utcnow

# Producers send tasks by name (`app.send_task(COUNT_WORDS, ...)`), without importing them.
COUNT_WORDS = "{{ cookiecutter.project_slug }}.count_words"
PURGE_WORD_COUNTS = "{{ cookiecutter.project_slug }}.purge_word_counts"

logger = logging.getLogger(__name__)


class WordCountResult(TypedDict):
    key: str
    words: int
    characters: int
    created: bool


def as_result(row: WordCount, *, created: bool) -> WordCountResult:
    return {"key": row.key, "words": row.words, "characters": row.characters, "created": created}


@shared_task(
    bind=True,
    name=COUNT_WORDS,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=RETRY_BACKOFF,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def count_words(self: Task[Any, Any], key: str, text: str) -> WordCountResult:
    """Count the words of `text` once per `key`: a repeated key returns the stored count."""
    with task_session(self.app) as session:
        stored = session.scalar(select(WordCount).where(WordCount.key == key))
        if stored is not None:
            logger.info("already counted", extra={"key": key})
            return as_result(stored, created=False)
        row = WordCount(key=key, words=len(text.split()), characters=len(text))
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            # Another worker stored the same key between our read and our write.
            session.rollback()
            stored = session.scalars(select(WordCount).where(WordCount.key == key)).one()
            return as_result(stored, created=False)
        logger.info("counted words", extra={"key": key, "words": row.words})
        return as_result(row, created=True)


@shared_task(
    bind=True,
    name=PURGE_WORD_COUNTS,
    autoretry_for=TRANSIENT_ERRORS,
    retry_backoff=RETRY_BACKOFF,
    retry_backoff_max=RETRY_BACKOFF_MAX,
    retry_jitter=True,
    max_retries=MAX_RETRIES,
)
def purge_word_counts(self: Task[Any, Any], older_than_days: int) -> int:
    """Delete word counts older than `older_than_days` (run by beat); returns how many."""
    cutoff = utcnow() - timedelta(days=older_than_days)
    with task_session(self.app) as session:
        result = session.execute(delete(WordCount).where(WordCount.created_at < cutoff))
        session.commit()
    deleted = cast(CursorResult[Any], result).rowcount
    logger.info("purged word counts", extra={"deleted": deleted})
    return deleted
