"""Request and response bodies of the catalogue API (they make its OpenAPI document)."""
from __future__ import annotations

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


class ServiceHit(ServiceItem):
    score: float
    reason: str
    matched_terms: list[str]


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


class LinkedTerm(BaseModel):
    id: str
    names: dict[str, str]
    url: str | None


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
    """One user question, as the bot logs it for maintainers."""

    text: str = Field(..., min_length=1, max_length=2000)
    lang: Lang | None = None
    intent: str | None = Field(None, max_length=100)
    confidence: float | None = Field(None, ge=0.0, le=1.0)
    card_type: str | None = Field(None, max_length=32)
    recognised: bool = True
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
    text: str
    lang: str | None
    intent: str | None
    confidence: float | None
    card_type: str | None
    recognised: bool
    sender: str | None
    channel: str | None


class QueryPage(BaseModel):
    items: list[QueryOut]
    limit: int
    offset: int


class WidgetConfig(BaseModel):
    rasa_url: str = Field(..., description="where the widget in a browser reaches the Rasa server")
