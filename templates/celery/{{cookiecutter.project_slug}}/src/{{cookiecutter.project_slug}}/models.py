"""Database models. Change them, then `alembic revision --autogenerate -m "..."`."""

from datetime import UTC, datetime

from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def utcnow() -> datetime:
    """Now in UTC, without a time zone: every database stores the same value."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class WordCount(Base):
    """The result of one `count_words` task; `key` makes the task idempotent."""

    __tablename__ = "word_counts"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    words: Mapped[int]
    characters: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
