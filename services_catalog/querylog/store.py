"""Reading and writing query-log rows: idempotent inserts, retention, GDPR export and deletion, ratings."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from services_catalog.db.models import QueryLog
from services_catalog.privacy import redact

RATINGS = ("up", "down")
MAX_COMMENT_CHARS = 1000
COLUMNS = tuple(c.name for c in QueryLog.__table__.columns if c.name != "id")


def _values(row: dict[str, Any]) -> dict[str, Any]:
    # Every column in every row: an executemany compiles one statement from the first row's keys.
    values = {key: row.get(key) for key in COLUMNS}
    if isinstance(values["created_at"], str):
        values["created_at"] = datetime.fromisoformat(values["created_at"])
    values["created_at"] = values["created_at"] or datetime.utcnow()
    values["fell_back"] = bool(values["fell_back"])
    return values


def insert_rows(connection: Connection, rows: Iterable[dict[str, Any]]) -> int:
    """Insert rows whose `uid` is not there yet (a retry after a half-finished write inserts nothing twice);
    the number of rows offered."""
    values = [_values(row) for row in rows]
    if not values:
        return 0
    dialect = connection.dialect.name
    if dialect == "postgresql":
        statement = postgresql.insert(QueryLog.__table__).on_conflict_do_nothing()
    elif dialect == "sqlite":
        statement = sqlite.insert(QueryLog.__table__).on_conflict_do_nothing()
    else:
        known = set(connection.scalars(select(QueryLog.uid).where(QueryLog.uid.in_([v["uid"] for v in values]))))
        values = [v for v in values if v["uid"] not in known]
        statement = QueryLog.__table__.insert()
    if values:
        connection.execute(statement, values)
    return len(values)


def purge_older_than(session: Session, days: int, now: datetime | None = None) -> int:
    """Delete rows older than `days` days (ratings go with them); the number deleted."""
    cutoff = (now or datetime.utcnow()) - timedelta(days=days)
    result = session.execute(delete(QueryLog).where(QueryLog.created_at < cutoff))
    session.commit()
    return result.rowcount or 0


def conversation_rows(session: Session, conversation: str) -> list[QueryLog]:
    return list(session.scalars(select(QueryLog).where(QueryLog.conversation == conversation).order_by(QueryLog.id)))


def delete_conversation(session: Session, conversation: str) -> int:
    result = session.execute(delete(QueryLog).where(QueryLog.conversation == conversation))
    session.commit()
    return result.rowcount or 0


def rate(session: Session, answer_id: str, rating: str, comment: str | None) -> QueryLog | None:
    """Attach a rating to the logged row of an answer; None when no row has that `answer_id`.

    A second rating of the same answer replaces the first: the user changed their mind.
    """
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS}")
    row = session.scalars(select(QueryLog).where(QueryLog.answer_id == answer_id)).first()
    if row is None:
        return None
    row.rating = rating
    row.rating_comment = redact(comment.strip())[:MAX_COMMENT_CHARS] if comment and comment.strip() else None
    row.rated_at = datetime.utcnow()
    session.commit()
    return row


def row_dict(row: QueryLog) -> dict[str, Any]:
    """A row as plain data (CSV export, the GDPR export, the API)."""
    data = {column: getattr(row, column) for column in ("id", *COLUMNS)}
    for key in ("created_at", "rated_at"):
        if data[key] is not None:
            data[key] = data[key].isoformat(timespec="seconds")
    return data
