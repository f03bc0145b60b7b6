"""The query log: questions the bot was asked, for the maintainers' tools and machine clients.

The whole router requires the API token (api/auth.py, included in app.py).
"""
from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import or_, select

from services_catalog.api import presenters
from services_catalog.api.deps import SessionDep
from services_catalog.api.schemas import QueryCreated, QueryIn, QueryPage
from services_catalog.db.models import QueryLog
from services_catalog.local_secrets import secret
from services_catalog.privacy import redact
from services_catalog.querylog.rows import DEFAULT_CHANNEL, conversation_hash

router = APIRouter(prefix="/queries", tags=["query log"])
MAX_OFFSET = 1_000_000


@router.post("", status_code=201, response_model=QueryCreated)
def log_query(body: QueryIn, session: SessionDep) -> QueryCreated:
    """Log a question asked through another front end (the Rasa server logs its own turns)."""
    fields = body.dict(exclude={"recognised", "sender", "text", "channel"})
    row = QueryLog(uid=uuid.uuid4().hex, text=redact(body.text), fell_back=not body.recognised,
                   channel=(body.channel or DEFAULT_CHANNEL).lower(),
                   conversation=conversation_hash(body.sender, secret("hash_salt")) if body.sender else None,
                   **fields)
    session.add(row)
    session.commit()
    return QueryCreated(id=row.id)


@router.get("", response_model=QueryPage)
def list_queries(session: SessionDep, unrecognised: bool = False, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                 offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> QueryPage:
    """Newest first; `unrecognised` keeps the turns the bot fell back on or that a user rated down."""
    stmt = select(QueryLog)
    if unrecognised:
        stmt = stmt.where(or_(QueryLog.fell_back.is_(True), QueryLog.rating == "down"))
    rows = session.scalars(stmt.order_by(QueryLog.id.desc()).limit(limit).offset(offset)).all()
    return QueryPage(items=[presenters.query_row(r) for r in rows], limit=limit, offset=offset)

