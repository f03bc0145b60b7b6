"""The query log: questions the bot was asked, for the maintainers."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from sqlalchemy import select

from services_catalog.api import presenters
from services_catalog.api.deps import SessionDep
from services_catalog.api.schemas import QueryCreated, QueryIn, QueryPage
from services_catalog.db.models import QueryLog

router = APIRouter(prefix="/queries", tags=["query log"])
MAX_OFFSET = 1_000_000


@router.post("", status_code=201, response_model=QueryCreated)
def log_query(body: QueryIn, session: SessionDep) -> QueryCreated:
    row = QueryLog(**body.dict())
    session.add(row)
    session.commit()
    return QueryCreated(id=row.id)


@router.get("", response_model=QueryPage)
def list_queries(session: SessionDep, unrecognised: bool = False, limit: Annotated[int, Query(ge=1, le=500)] = 50,
                 offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0) -> QueryPage:
    stmt = select(QueryLog)
    if unrecognised:
        stmt = stmt.where(QueryLog.recognised.is_(False))
    rows = session.scalars(stmt.order_by(QueryLog.id.desc()).limit(limit).offset(offset)).all()
    return QueryPage(items=[presenters.query_row(r) for r in rows], limit=limit, offset=offset)
