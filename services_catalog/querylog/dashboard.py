"""Figures for the maintainers' dashboard: questions per day, fallback rate, ratings, channels, languages."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from services_catalog.db.models import QueryLog


def _counts(session: Session, column: Any, since: datetime) -> dict[str, int]:
    rows = session.execute(
        select(column, func.count()).where(QueryLog.created_at >= since).group_by(column)
    ).all()
    return {str(key) if key is not None else "unknown": count for key, count in sorted(rows, key=lambda r: -r[1])}


def summary(session: Session, days: int, today: date | None = None) -> dict[str, Any]:
    """The last `days` days: per-day counts (every day present, zeros included) and the shares."""
    today = today or datetime.utcnow().date()
    start = today - timedelta(days=days - 1)
    since = datetime.combine(start, datetime.min.time())
    # date() is a function in SQLite and PostgreSQL alike; CAST AS DATE is not portable (SQLite gives the year).
    day = func.date(QueryLog.created_at)
    rows = session.execute(
        select(day, func.count(), func.sum(case((QueryLog.fell_back.is_(True), 1), else_=0)),
               func.sum(case((QueryLog.rating == "down", 1), else_=0)))
        .where(QueryLog.created_at >= since).group_by(day)
    ).all()
    by_day = {str(row[0]): row for row in rows}
    per_day = []
    for offset in range(days):
        key = (start + timedelta(days=offset)).isoformat()
        row = by_day.get(key)
        per_day.append({"day": key, "questions": int(row[1]) if row else 0,
                        "fell_back": int(row[2] or 0) if row else 0, "rated_down": int(row[3] or 0) if row else 0})
    total = sum(d["questions"] for d in per_day)
    fell_back = sum(d["fell_back"] for d in per_day)
    return {
        "days": days,
        "questions": total,
        "fallback_rate": fell_back / total if total else 0.0,
        "rated_down": sum(d["rated_down"] for d in per_day),
        "rated_up": session.scalar(
            select(func.count()).where(QueryLog.created_at >= since, QueryLog.rating == "up")) or 0,
        "per_day": per_day,
        "channels": _counts(session, QueryLog.channel, since),
        "languages": _counts(session, QueryLog.lang, since),
    }
