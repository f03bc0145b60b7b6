"""The maintainers' page API: login, dashboard, review inbox, labels, retrain (services_catalog/api/maintainer/)."""
from __future__ import annotations

import csv
import io
from datetime import date, datetime, timedelta
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.responses import PlainTextResponse

from services_catalog.api import ratelimit, retrain_runner
from services_catalog.api.deps import SessionDep, SettingsDep
from services_catalog.api.maintainer_auth import (
    end_session,
    password_matches,
    require_maintainer,
    start_session,
)
from services_catalog.api.schemas import LabelIn, LoginIn
from services_catalog.querylog import dashboard, inbox, labels
from services_catalog.terms import load_terms

router = APIRouter(prefix="/maintainer/api", tags=["maintainers"])
private = APIRouter(dependencies=[Depends(require_maintainer)])
LOGINS_PER_MINUTE = 10
TOP_GROUPS = 8


@router.post("/login", status_code=204, response_model=None, response_class=Response)
def login(body: LoginIn, request: Request, response: Response, settings: SettingsDep) -> None:
    ratelimit.check(request, "login", LOGINS_PER_MINUTE)
    if not password_matches(body.password, settings):
        raise HTTPException(401, "wrong password")
    start_session(response, settings)


@router.post("/logout", status_code=204, response_model=None, response_class=Response)
def logout(response: Response) -> None:
    end_session(response)


@private.get("/session")
def session_info() -> dict[str, bool]:
    return {"ok": True}


def _since(value: date | None, days: int) -> datetime:
    return datetime.combine(value, datetime.min.time()) if value else datetime.utcnow() - timedelta(days=days)


def _groups(session: SessionDep, settings: SettingsDep, since: datetime, limit: int | None) -> list[dict[str, Any]]:
    found = inbox.questions(session, since, settings.inbox_confidence)
    groups = inbox.group_by_meaning(found, inbox.default_embed, settings.inbox_similarity)[:limit]
    return [{"title": g.title, "count": g.count, "reasons": sorted(g.reasons),
             "questions": [{"text": q.text, "count": q.count, "lang": q.lang, "reasons": sorted(q.reasons),
                            "intent": q.intent, "confidence": q.confidence, "answer": q.answer,
                            "last_seen": q.last_seen.isoformat(timespec="minutes") if q.last_seen else None}
                           for q in g.questions]} for g in groups]


# Plain `def` routes: FastAPI runs them in its thread pool, so embedding questions does not stall the server.
@private.get("/dashboard")
def get_dashboard(session: SessionDep, settings: SettingsDep,
                  days: Annotated[int, Query(ge=1, le=365)] = 30) -> dict[str, Any]:
    figures = dashboard.summary(session, days)
    figures["top_groups"] = _groups(session, settings, _since(None, days), TOP_GROUPS)
    return figures


@private.get("/inbox")
def get_inbox(session: SessionDep, settings: SettingsDep, since: date | None = None) -> dict[str, Any]:
    return {"groups": _groups(session, settings, _since(since, 30), None)}


@private.get("/targets")
def targets() -> dict[str, Any]:
    """What a question can be assigned to: the terms, and the intents besides `term`."""
    return {"terms": [{"id": t.id, "title": t.name("fi")} for t in load_terms()],
            "intents": sorted(labels.domain_intents() - labels.NOT_LABEL_INTENTS), "kinds": list(labels.KINDS)}


@private.post("/labels", status_code=201)
def add_label(body: LabelIn, session: SessionDep) -> dict[str, Any]:
    decision = labels.Decision(text=body.text, kind=body.kind, target=body.target or None, lang=body.lang)
    try:
        checked = labels.check(decision, {t.id for t in load_terms()}, labels.domain_intents())
    except labels.LabelError as error:
        raise HTTPException(422, str(error)) from None
    saved = labels.save(session, checked, source="web")
    return {"id": saved.id, "text": saved.text, "kind": saved.kind, "target": saved.target}


@private.get("/drafts.csv", response_class=PlainTextResponse)
def drafts(session: SessionDep) -> PlainTextResponse:
    """Skeleton rows of the new terms labelled so far, in terms.csv's columns, to paste and complete."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=labels.TERM_COLUMNS)
    writer.writeheader()
    writer.writerows(labels.term_skeletons(labels.all_labels(session)))
    return PlainTextResponse(out.getvalue(), media_type="text/csv; charset=utf-8",
                             headers={"Content-Disposition": 'attachment; filename="new_terms.csv"'})


@private.post("/retrain", status_code=202)
def start_retrain(settings: SettingsDep) -> dict[str, Any]:
    if not retrain_runner.start(settings):
        raise HTTPException(409, "a retrain is running already")
    return {"started": True}


@private.get("/retrain")
def retrain_status(settings: SettingsDep) -> dict[str, Any]:
    return retrain_runner.status(settings)


router.include_router(private)
