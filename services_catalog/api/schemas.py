"""Request and response bodies of the catalogue API (they make its OpenAPI document)."""
from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field, validator

from services_catalog.cards import ServiceItem
from services_catalog.language import Lang

# `$` alone would let a trailing newline through ("fi\n"); the lookahead closes that.
ID_PATTERN = r"^[A-Za-z0-9_.\-]{1,64}(?!\n)$"


class Health(BaseModel):
    status: str
    services: int
    retrieval: str = Field(..., description="`hybrid` once the embeddings are ready, `bm25` before")


class TermSummary(BaseModel):
    id: str
    title: str
    url: str | None
    lang: Lang
    related_services: list[str]


class TermList(BaseModel):
    total: int
    items: list[TermSummary]


class TermDetail(TermSummary):
    definition: str
    definitions: dict[str, str]
    names: dict[str, str]
    aliases: list[str]
    asks: dict[str, list[str]]


class LinkedTerm(BaseModel):
    id: str
    names: dict[str, str]
    url: str | None


class ServiceHit(ServiceItem):
    score: float
    reason: str
    matched_terms: list[str]
    related_terms: list[LinkedTerm] = Field(default_factory=list, description="terms that explain this service")


class SearchFilters(BaseModel):
    municipalities: list[str] | None
    nationwide: bool
    target_group: str | None
    life_event: str | None


class ServicePage(BaseModel):
    query: str
    lang: Lang
    total: int
    limit: int
    offset: int
    retrieval: str
    filters: SearchFilters
    items: list[ServiceHit]


class CodeName(BaseModel):
    code: str
    name: str


class ServiceDetail(ServiceItem):
    description: str | None
    names: dict[str, str]
    target_groups: list[CodeName]
    life_events: list[CodeName]
    municipalities: list[CodeName]
    nationwide: bool
    source: str | None
    keywords: list[str]
    related_terms: list[LinkedTerm]


class QueryIn(BaseModel):
    """One user question from a machine client. The Rasa server logs its own turns directly
    (bot/tracker_store.py); this is for other front ends. Text is redacted and the sender hashed here."""

    text: str = Field(..., min_length=1, max_length=2000)
    lang: Lang | None = None
    intent: str | None = Field(None, max_length=100)
    confidence: float | None = Field(None, ge=0.0, le=1.0)
    card_type: str | None = Field(None, max_length=32)
    card_id: str | None = Field(None, max_length=200)
    action: str | None = Field(None, max_length=100)
    recognised: bool = True
    response_ms: int | None = Field(None, ge=0, le=86_400_000)  # a day: beyond it, a broken client
    sender: str | None = Field(None, max_length=200)
    channel: str | None = Field(None, max_length=50)

    @validator("text")
    def _not_blank(cls, value: str) -> str:  # noqa: N805 - pydantic validators take cls
        if not value.strip():
            raise ValueError("text is blank")
        return value


class QueryCreated(BaseModel):
    id: int


class QueryOut(BaseModel):
    id: int
    created_at: str
    channel: str | None
    conversation: str | None = Field(None, description="salted hash of the conversation id")
    lang: str | None
    text: str = Field(..., description="what the user asked, personal data redacted")
    intent: str | None
    confidence: float | None
    card_type: str | None
    card_id: str | None
    answer_id: str | None
    action: str | None
    fell_back: bool
    recognised: bool = Field(..., description="not fell_back (kept for existing clients)")
    response_ms: int | None
    rating: str | None = Field(None, description="up | down, from POST /feedback")
    rating_comment: str | None


class FeedbackIn(BaseModel):
    """A user's rating of one answer (the `answer_id` of its first card)."""

    answer_id: str = Field(..., min_length=8, max_length=64, regex=r"^[A-Za-z0-9_-]+$")
    rating: Literal["up", "down"]
    comment: str | None = Field(None, max_length=1000)


class FeedbackSaved(BaseModel):
    answer_id: str
    rating: str


class LoginIn(BaseModel):
    password: str = Field(..., max_length=200)


class LabelIn(BaseModel):
    """A maintainer's decision about one question (services_catalog/querylog/labels.py)."""

    text: str = Field(..., min_length=1, max_length=2000)
    kind: Literal["term", "service", "intent", "new_term", "ignore"]
    target: str | None = Field(None, max_length=100)
    lang: Lang | None = None


class QueryPage(BaseModel):
    items: list[QueryOut]
    limit: int
    offset: int


class WidgetConfig(BaseModel):
    rasa_url: str = Field(..., description="where the widget in a browser reaches the Rasa server")
