"""FastAPI app `services_catalog.api.app:app`: terms, services, search and the query log."""
from __future__ import annotations

import asyncio
import os
from contextlib import asynccontextmanager

from fastapi import FastAPI, HTTPException, Path, Query, Request
from fastapi.responses import JSONResponse
from sqlalchemy import select

from connectors.widget_site import mount_widget
from services_catalog.api.catalogue import BadFilter, Catalogue, all_terms
from services_catalog.api.schemas import QueryIn
from services_catalog.db.models import QueryLog
from services_catalog.terms import Term

LANG_PATTERN = "^(fi|sv|en)$"
ID_PATTERN = r"^[A-Za-z0-9_.\-]{1,64}$"


def _timeout() -> float:
    return float(os.environ.get("CITYBOT_API_TIMEOUT", "10"))


def create_app(catalogue: Catalogue | None = None) -> FastAPI:
    """The API over `catalogue`, or over CITYBOT_DB_URL's catalogue opened at start-up."""

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        if getattr(app.state, "catalogue", None) is None:
            app.state.catalogue = await asyncio.to_thread(Catalogue)
        await asyncio.to_thread(app.state.catalogue.index)
        yield

    app = FastAPI(title="City chatbot catalogue API", version="1", lifespan=lifespan)
    app.state.catalogue = catalogue

    @app.middleware("http")
    async def deadline(request: Request, call_next):
        try:
            return await asyncio.wait_for(call_next(request), timeout=_timeout())
        except asyncio.TimeoutError:
            return JSONResponse({"detail": "the catalogue did not answer in time"}, status_code=503)

    @app.exception_handler(BadFilter)
    async def bad_filter(_request: Request, err: BadFilter):
        return JSONResponse({"detail": str(err)}, status_code=422)

    def cat(request: Request) -> Catalogue:
        return request.app.state.catalogue

    @app.get("/health")
    def health(request: Request) -> dict:
        c = cat(request)
        return {"status": "ok", "services": c.service_count(), "retrieval": c.retrieval}

    @app.get("/terms")
    def list_terms(lang: str = Query("fi", pattern=LANG_PATTERN)) -> dict:
        items = [_term_summary(t, lang) for t in all_terms()]
        return {"total": len(items), "items": items}

    @app.get("/terms/{term_id}")
    def get_term(term_id: str = Path(..., pattern=ID_PATTERN), lang: str = Query("fi", pattern=LANG_PATTERN)):
        term = next((t for t in all_terms() if t.id == term_id), None)
        if term is None:
            raise HTTPException(404, f"no term {term_id!r}")
        out = _term_summary(term, lang)
        out.update(
            definition=term.definition(lang),
            definitions=term.definitions,
            names=term.names,
            aliases=list(term.aliases),
            asks={lg: list(v) for lg, v in term.asks.items()},
        )
        return out

    @app.get("/services")
    def search_services(
        request: Request,
        q: str = Query("", max_length=500, description="the need in the user's words"),
        lang: str = Query("fi", pattern=LANG_PATTERN),
        target_group: str | None = Query(None, max_length=16, description="PTV code, e.g. KR1.3"),
        life_event: str | None = Query(None, max_length=64),
        municipality: str | None = Query(None, max_length=100,
                                         description="code or name; default national + CITYBOT_CITY; 'any'"),
        limit: int = Query(5, ge=1, le=50),
        offset: int = Query(0, ge=0, le=10000),
    ) -> dict:
        c = cat(request)
        filters = c.filters(municipality, target_group, life_event)
        page = c.search(q.strip(), lang, filters, limit, offset)
        shown = c.items([h.doc.id for h in page.hits], lang)
        items = []
        for hit in page.hits:
            item = shown[hit.doc.id]
            item.update(score=hit.score, reason=hit.reason, matched_terms=hit.matched_terms)
            items.append(item)
        return {
            "query": q.strip(), "lang": lang, "total": page.total, "limit": limit, "offset": offset,
            "retrieval": page.retrieval, "filters": page.filters, "items": items,
        }

    @app.get("/services/{service_id}")
    def get_service(request: Request, service_id: str = Path(..., pattern=ID_PATTERN),
                    lang: str = Query("fi", pattern=LANG_PATTERN)) -> dict:
        item = cat(request).detail(service_id, lang)
        if item is None:
            raise HTTPException(404, f"no service {service_id!r}")
        return item

    @app.post("/queries", status_code=201)
    def log_query(request: Request, body: QueryIn) -> dict:
        with cat(request).Session() as s:
            row = QueryLog(**body.dict())
            s.add(row)
            s.commit()
            return {"id": row.id}

    @app.get("/queries")
    def list_queries(request: Request, unrecognised: bool = False, limit: int = Query(50, ge=1, le=500),
                     offset: int = Query(0, ge=0)) -> dict:
        stmt = select(QueryLog)
        if unrecognised:
            stmt = stmt.where(QueryLog.recognised.is_(False))
        with cat(request).Session() as s:
            rows = s.scalars(stmt.order_by(QueryLog.id.desc()).limit(limit).offset(offset)).all()
            return {"items": [_query_row(r) for r in rows], "limit": limit, "offset": offset}

    mount_widget(app)  # last: the widget page answers `/` and every path no API route took
    return app


def _term_summary(term: Term, lang: str) -> dict:
    return {"id": term.id, "title": term.name(lang), "url": term.url, "lang": lang,
            "related_services": list(term.related_services)}


def _query_row(row: QueryLog) -> dict:
    return {
        "id": row.id, "created_at": row.created_at.isoformat(), "text": row.text, "lang": row.lang,
        "intent": row.intent, "confidence": row.confidence, "card_type": row.card_type,
        "recognised": row.recognised, "sender": row.sender, "channel": row.channel,
    }


app = create_app()
