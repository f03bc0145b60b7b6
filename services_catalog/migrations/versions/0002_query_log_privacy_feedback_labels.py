"""Query log without personal data, with answer, action, timing and rating; maintainers' labels.

Existing rows are brought into line: the raw sender id becomes a salted hash, the text is redacted.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 16:40:00
"""

import uuid

import sqlalchemy as sa
from alembic import op

from services_catalog.local_secrets import MissingSecret, secret
from services_catalog.privacy import redact
from services_catalog.querylog.rows import conversation_hash

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

old_rows = sa.table(
    "query_log", sa.column("id", sa.Integer), sa.column("text", sa.Text), sa.column("sender", sa.String),
    sa.column("recognised", sa.Boolean), sa.column("uid", sa.String), sa.column("conversation", sa.String),
    sa.column("fell_back", sa.Boolean),
)


def _salt() -> str | None:
    try:
        return secret("hash_salt")
    except MissingSecret:
        return None  # production without a salt yet: old rows lose their conversation instead


def upgrade() -> None:
    with op.batch_alter_table("query_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("uid", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("conversation", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("card_id", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("answer_id", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("action", sa.String(length=100), nullable=True))
        batch_op.add_column(sa.Column("fell_back", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("response_ms", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("rating", sa.String(length=8), nullable=True))
        batch_op.add_column(sa.Column("rating_comment", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("rated_at", sa.DateTime(), nullable=True))

    connection = op.get_bind()
    rows = connection.execute(sa.select(old_rows.c.id, old_rows.c.text, old_rows.c.sender, old_rows.c.recognised))
    salt = None
    for row_id, text, sender, recognised in rows.all():
        if sender and salt is None:
            salt = _salt()
        connection.execute(
            old_rows.update().where(old_rows.c.id == row_id).values(
                uid=uuid.uuid4().hex, text=redact(text or ""), fell_back=not recognised,
                conversation=conversation_hash(sender, salt) if sender and salt else None,
            )
        )

    with op.batch_alter_table("query_log", schema=None) as batch_op:
        batch_op.drop_index("ix_query_log_recognised")
        batch_op.drop_column("recognised")
        batch_op.drop_column("sender")
        batch_op.alter_column("uid", existing_type=sa.String(length=32), nullable=False)
        batch_op.alter_column("fell_back", existing_type=sa.Boolean(), nullable=False)
        batch_op.create_unique_constraint("uq_query_log_uid", ["uid"])
        batch_op.create_unique_constraint("uq_query_log_answer_id", ["answer_id"])
        batch_op.create_index("ix_query_log_conversation", ["conversation"], unique=False)
        batch_op.create_index("ix_query_log_fell_back", ["fell_back"], unique=False)
        batch_op.create_index("ix_query_log_rating", ["rating"], unique=False)

    op.create_table(
        "labels",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("key", sa.String(length=500), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=True),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=100), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("labels", schema=None) as batch_op:
        batch_op.create_index("ix_labels_key", ["key"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("labels", schema=None) as batch_op:
        batch_op.drop_index("ix_labels_key")
    op.drop_table("labels")
    with op.batch_alter_table("query_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recognised", sa.Boolean(), nullable=True))
        batch_op.add_column(sa.Column("sender", sa.String(length=200), nullable=True))
    connection = op.get_bind()
    connection.execute(old_rows.update().values(recognised=sa.not_(old_rows.c.fell_back)))
    with op.batch_alter_table("query_log", schema=None) as batch_op:
        batch_op.alter_column("recognised", existing_type=sa.Boolean(), nullable=False)
        batch_op.create_index("ix_query_log_recognised", ["recognised"], unique=False)
        batch_op.drop_index("ix_query_log_rating")
        batch_op.drop_index("ix_query_log_fell_back")
        batch_op.drop_index("ix_query_log_conversation")
        batch_op.drop_constraint("uq_query_log_answer_id", type_="unique")
        batch_op.drop_constraint("uq_query_log_uid", type_="unique")
        for column in ("rated_at", "rating_comment", "rating", "response_ms", "fell_back", "action", "answer_id",
                       "card_id", "conversation", "uid"):
            batch_op.drop_column(column)
