"""How the API shows catalogue rows: services, their channels, terms and query-log rows, in one language."""
from __future__ import annotations

from typing import Any

from sqlalchemy import select

from services_catalog.catalogue import Catalogue
from services_catalog.db.models import QueryLog, Service
from services_catalog.language import LANGS
from services_catalog.querylog.store import row_dict
from services_catalog.terms import Term

SERVICE_ITEM = "service_item"  # the kind of entry in Catalogue.derived


def _name(row: Any, lang: str) -> str:
    return getattr(row, f"name_{lang}", None) or row.name_fi


def channel_item(ch: Any, lang: str) -> dict[str, Any]:
    return {
        "id": ch.id,
        "type": ch.type,
        "name": _name(ch, lang),
        "url": ch.url,
        "phone": ch.phone,
        "email": ch.email,
        "address": ch.address,
    }


def service_item(row: Service, lang: str) -> dict[str, Any]:
    """A service as a reply-card item: {id, name, summary, provider, url, channels, lang}."""
    return {
        "id": row.id,
        "name": row.text("name", lang),
        "summary": row.text("summary", lang),
        "provider": _name(row.provider, lang) if row.provider else None,
        "url": row.url,
        "channels": [channel_item(ch, lang) for ch in row.channels],
        # the item is in `lang` only when the catalogue has that translation
        "lang": lang if getattr(row, f"name_{lang}", None) else "fi",
    }


def service_items(catalogue: Catalogue, ids: list[str], lang: str) -> dict[str, dict[str, Any]]:
    """`service_item` of each of these services (unknown ids left out), to be copied, not changed.

    Kept with the index (`Catalogue.derived`): loading a page of services with their providers and channels cost a
    search 7 ms. The cache is taken before the rows are read: if the index is rebuilt meanwhile, what was read
    goes with the old cache, and the next request reads the services again.
    """
    cache = catalogue.derived
    items = {i: item for i in ids if (item := cache.get((SERVICE_ITEM, i, lang))) is not None}
    missing = [i for i in ids if i not in items]
    if missing:
        with catalogue.Session() as s:
            for row in s.scalars(select(Service).where(Service.id.in_(missing))):
                items[row.id] = service_item(row, lang)
                cache.put((SERVICE_ITEM, row.id, lang), items[row.id])
    return items


def service_detail(catalogue: Catalogue, service_id: str, lang: str) -> dict[str, Any] | None:
    with catalogue.Session() as s:
        row = s.get(Service, service_id)
        if row is None:
            return None
        item = service_item(row, lang)
        item.update(
            description=row.text("description", lang) or None,
            names={lg: v for lg in LANGS if (v := getattr(row, f"name_{lg}"))},
            target_groups=[{"code": t.code, "name": _name(t, lang)} for t in row.target_groups],
            life_events=[{"code": e.code, "name": _name(e, lang)} for e in row.life_events],
            municipalities=[{"code": m.code, "name": _name(m, lang)} for m in row.municipalities],
            nationwide=row.nationwide,
            source=row.source,
            keywords=[k for k in (row.keywords or "").split("|") if k],
        )
    item["related_terms"] = [linked_term(t) for t in catalogue.related_terms(service_id)]
    return item


def linked_term(term: Term) -> dict[str, Any]:
    return {"id": term.id, "names": term.names, "url": term.url}


def term_summary(term: Term, lang: str) -> dict[str, Any]:
    return {"id": term.id, "title": term.name(lang), "url": term.url, "lang": lang,
            "related_services": list(term.related_services)}


def term_detail(term: Term, lang: str) -> dict[str, Any]:
    return {
        **term_summary(term, lang),
        "definition": term.definition(lang),
        "definitions": term.definitions,
        "names": term.names,
        "aliases": list(term.aliases),
        "asks": {lg: list(v) for lg, v in term.asks.items()},
    }


def query_row(row: QueryLog) -> dict[str, Any]:
    data = {key: value for key, value in row_dict(row).items() if key not in ("uid", "rated_at")}
    return {**data, "recognised": not row.fell_back}
