"""The term table, as the bot and a city's web pages read it."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from services_catalog.api import presenters
from services_catalog.api.schemas import ID_PATTERN, TermDetail, TermList
from services_catalog.catalogue import all_terms
from services_catalog.language import Lang

router = APIRouter(prefix="/terms", tags=["terms"])


@router.get("", response_model=TermList)
def list_terms(lang: Annotated[Lang, Query()] = "fi") -> TermList:
    items = [presenters.term_summary(t, lang) for t in all_terms()]
    return TermList(total=len(items), items=items)


@router.get("/{term_id}", response_model=TermDetail)
def get_term(term_id: Annotated[str, Path(regex=ID_PATTERN)], lang: Annotated[Lang, Query()] = "fi") -> TermDetail:
    term = next((t for t in all_terms() if t.id == term_id), None)
    if term is None:
        raise HTTPException(404, f"no term {term_id!r}")
    return TermDetail(**presenters.term_detail(term, lang))
