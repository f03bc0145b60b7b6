"""Searching the service catalogue and reading one service."""
from __future__ import annotations

import re
from typing import Annotated

from fastapi import APIRouter, HTTPException, Path, Query

from services_catalog.api import presenters
from services_catalog.api.deps import CatalogueDep
from services_catalog.api.schemas import ID_PATTERN, ServiceDetail, ServicePage
from services_catalog.language import Lang
from services_catalog.search.embed import ENCODED_VECTOR_CHARS, decode_vector

router = APIRouter(prefix="/services", tags=["services"])
MAX_IDS = 20


@router.get("", response_model=ServicePage)
def search_services(
    catalogue: CatalogueDep,
    q: Annotated[str, Query(max_length=500, description="the need in the user's words")] = "",
    lang: Annotated[Lang, Query()] = "fi",
    target_group: Annotated[str | None, Query(max_length=16, description="PTV code, e.g. KR1.3")] = None,
    life_event: Annotated[str | None, Query(max_length=64)] = None,
    municipality: Annotated[str | None, Query(
        max_length=100, description="code or name; default national + CITYBOT_CITY; 'any'")] = None,
    limit: Annotated[int, Query(ge=1, le=50)] = 5,
    offset: Annotated[int, Query(ge=0, le=10000)] = 0,
    ids: Annotated[list[str] | None, Query(description="instead of a search: these services, in this order")] = None,
    qvec: Annotated[str | None, Query(
        max_length=ENCODED_VECTOR_CHARS,
        description="e5 query vector of q (URL-safe base64 of float32 little-endian), when the caller has it")] = None,
) -> ServicePage:
    if ids:
        if len(ids) > MAX_IDS or not all(re.fullmatch(ID_PATTERN, i) for i in ids):
            raise HTTPException(422, f"ids: at most {MAX_IDS}, each matching {ID_PATTERN}")
        page = catalogue.by_ids(ids)
    else:
        try:
            embedded = decode_vector(qvec) if qvec else None
        except ValueError as err:
            raise HTTPException(422, f"qvec: {err}") from err
        filters = catalogue.filters(municipality, target_group, life_event)
        page = catalogue.search(q.strip(), lang, filters, limit, offset, embedded)
    page_ids = [h.doc.id for h in page.hits]
    shown = presenters.service_items(catalogue, page_ids, lang)
    related = catalogue.related_terms_of(page_ids)
    items = [{**shown[hit.doc.id], "score": hit.score, "reason": hit.reason, "matched_terms": hit.matched_terms,
              "related_terms": [presenters.linked_term(t) for t in related[hit.doc.id]]}
             for hit in page.hits]
    return ServicePage(query=q.strip(), lang=lang, total=page.total, limit=limit, offset=offset,
                       retrieval=page.retrieval, filters=page.filters, items=items)


@router.get("/{service_id}", response_model=ServiceDetail)
def get_service(catalogue: CatalogueDep, service_id: Annotated[str, Path(regex=ID_PATTERN)],
                lang: Annotated[Lang, Query()] = "fi") -> ServiceDetail:
    item = presenters.service_detail(catalogue, service_id, lang)
    if item is None:
        raise HTTPException(404, f"no service {service_id!r}")
    return ServiceDetail(**item)
