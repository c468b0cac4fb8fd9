"""Create the word_counts table.

Revision ID: 0001
Revises:
Create Date: 2026-01-01 00:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "word_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("words", sa.Integer(), nullable=False),
        sa.Column("characters", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_word_counts_created_at", "word_counts", ["created_at"], unique=False)
    op.create_index("ix_word_counts_key", "word_counts", ["key"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_word_counts_key", table_name="word_counts")
    op.drop_index("ix_word_counts_created_at", table_name="word_counts")
    op.drop_table("word_counts")
