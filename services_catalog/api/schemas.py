"""Request bodies of the catalogue API (responses are plain dicts documented in the OpenAPI schema)."""
from __future__ import annotations

from pydantic import BaseModel, Field, validator


class QueryIn(BaseModel):
    """One user question, as the bot logs it for maintainers."""

    text: str = Field(..., min_length=1, max_length=2000)
    lang: str | None = Field(None, regex="^(fi|sv|en)$")
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
