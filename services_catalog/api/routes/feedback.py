"""Ratings of answers: thumbs up or down from the widget, Slack and Teams (public, rate-limited).

`POST /feedback {"answer_id", "rating": "up"|"down", "comment"}` attaches the rating to the logged
turn whose first card carried that `answer_id` (actions/turns.py sets it; the Rasa server logs it).
"""
from __future__ import annotations

from fastapi import APIRouter, HTTPException, Request

from services_catalog.api import ratelimit
from services_catalog.api.deps import SessionDep, SettingsDep
from services_catalog.api.schemas import FeedbackIn, FeedbackSaved
from services_catalog.querylog.store import rate

router = APIRouter(prefix="/feedback", tags=["feedback"])


@router.post("", status_code=201, response_model=FeedbackSaved,
             responses={404: {"description": "no logged answer has this id"}, 429: {"description": "too many"}})
def give_feedback(body: FeedbackIn, request: Request, session: SessionDep, settings: SettingsDep) -> FeedbackSaved:
    ratelimit.check(request, "feedback", settings.feedback_per_minute)
    row = rate(session, body.answer_id, body.rating, body.comment)
    if row is None:
        raise HTTPException(404, "no logged answer has this answer_id")
    return FeedbackSaved(answer_id=body.answer_id, rating=body.rating)
