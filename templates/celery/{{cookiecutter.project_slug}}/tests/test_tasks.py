"""The tasks, through a real Redis broker and a real worker (a thread of the test process)."""

from datetime import timedelta

import pytest
from celery import Celery
from sqlalchemy import select

from {{ cookiecutter.project_slug }}.database import sessions
from {{ cookiecutter.project_slug }}.models import WordCount, utcnow
from {{ cookiecutter.project_slug }}.tasks import COUNT_WORDS, PURGE_WORD_COUNTS

RESULT_SECONDS = 20


def stored(database_url: str) -> list[WordCount]:
    # A new session each time: it sees what the worker committed meanwhile.
    with sessions(database_url)() as session:
        return list(session.scalars(select(WordCount).order_by(WordCount.id)))


def test_a_task_goes_through_the_broker_to_the_worker_and_back(
    celery_app: Celery, worker: str, database: str
) -> None:
    result = celery_app.send_task(COUNT_WORDS, args=["first", "one two  three\nfour"])
    assert result.get(timeout=RESULT_SECONDS) == {
        "key": "first",
        "words": 4,
        "characters": 19,
        "created": True,
    }
    assert result.state == "SUCCESS"
    [row] = stored(database)
    assert (row.key, row.words, row.characters) == ("first", 4, 19)


def test_the_same_key_is_counted_once(celery_app: Celery, worker: str, database: str) -> None:
    first = celery_app.send_task(COUNT_WORDS, args=["same", "a b c"])
    assert first.get(timeout=RESULT_SECONDS)["created"] is True
    again = celery_app.send_task(COUNT_WORDS, args=["same", "a b c"])
    assert again.get(timeout=RESULT_SECONDS) == {
        "key": "same",
        "words": 3,
        "characters": 5,
        "created": False,
    }
    assert len(stored(database)) == 1


def test_other_errors_fail_the_task_without_retrying(
    celery_app: Celery, worker: str, database: str
) -> None:
    result = celery_app.send_task(COUNT_WORDS, args=["broken", None])
    with pytest.raises(AttributeError):
        result.get(timeout=RESULT_SECONDS)
    assert result.state == "FAILURE"
    assert stored(database) == []


def test_pickle_messages_are_refused(celery_app: Celery, worker: str, database: str) -> None:
    # A message only a pickle-accepting worker would run, then an ordinary JSON one.
    celery_app.send_task(COUNT_WORDS, args=["pickled", "never run"], serializer="pickle")
    json_task = celery_app.send_task(COUNT_WORDS, args=["json", "runs"])
    json_task.get(timeout=RESULT_SECONDS)
    assert [row.key for row in stored(database)] == ["json"]


def test_the_periodic_purge_deletes_old_counts_only(
    celery_app: Celery, worker: str, database: str
) -> None:
    month_ago = utcnow() - timedelta(days=31)
    with sessions(database)() as session:
        session.add(WordCount(key="old", words=1, characters=1, created_at=month_ago))
        session.add(WordCount(key="new", words=1, characters=1))
        session.commit()
    purge = celery_app.send_task(PURGE_WORD_COUNTS, kwargs={"older_than_days": 30})
    assert purge.get(timeout=RESULT_SECONDS) == 1
    again = celery_app.send_task(PURGE_WORD_COUNTS, kwargs={"older_than_days": 30})
    assert again.get(timeout=RESULT_SECONDS) == 0
    assert [row.key for row in stored(database)] == ["new"]


def test_the_beat_schedule_sends_registered_tasks(celery_app: Celery) -> None:
    schedule = celery_app.conf.beat_schedule
    assert schedule
    for entry in schedule.values():
        assert entry["task"] in celery_app.tasks
