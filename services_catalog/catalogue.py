"""The service catalogue as a searchable whole: the database, its search index, filters and term links.

It neither migrates nor seeds the database (`services_catalog.db.setup.ensure_catalogue`
does that) and does not decide how a service is shown (`services_catalog.api.presenters`).
"""
from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any

import numpy as np
from sqlalchemy import func, select
from sqlalchemy.engine import Engine

from services_catalog.db.models import LifeEvent, Municipality, Service, TargetGroup, TermService
from services_catalog.db.session import make_engine, session_factory
from services_catalog.search.documents import load_documents
from services_catalog.search.embed import Embedder, default_embedder
from services_catalog.search.index import Filters, Hit, ServiceIndex
from services_catalog.search.municipality import MunicipalityNames
from services_catalog.settings import get_settings
from services_catalog.terms import Term, load_terms

log = logging.getLogger(__name__)
# How long the index trusts its last look at the catalogue's COUNT and MAX(modified). Services change only through
# sync-ptv and the table loaders, in other processes, while that query cost every search 2 ms (4 ms: the filters and
# the search each asked). A change is searched at most this much later.
SIGNATURE_TTL_S = 1.0
# Presented services kept per index: all 1,800 services in the two languages most asked fit.
MAX_CACHED_ITEMS = 4096


class BadFilter(ValueError):
    """A filter value the catalogue does not know; the API answers 422 with this message."""


class BoundedCache:
    """A thread-safe mapping that forgets its least recently used entries beyond `size`."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            value = self._entries.get(key)
            if value is not None:
                self._entries.move_to_end(key)
            return value

    def put(self, key: Hashable, value: Any) -> None:
        with self._lock:
            self._entries[key] = value
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)


@dataclass
class SearchPage:
    hits: list[Hit]
    total: int
    retrieval: str
    filters: dict


class Catalogue:
    def __init__(self, url: str | None = None, embedder: Embedder | None = None, semantic: bool = True,
                 default_city: str | None = None, on_ready: Callable[[], None] | None = None) -> None:
        self.url = url or get_settings().db_url
        self.default_city = default_city or get_settings().city
        self.engine: Engine = make_engine(self.url)
        self.Session = session_factory(self.engine)
        self.embedder = (embedder or default_embedder()) if semantic else None
        self._lock = threading.Lock()
        self._index: ServiceIndex | None = None
        self._signature: tuple | None = None
        self._checked_at = float("-inf")
        self._semantic_ready = threading.Event()
        # What the API derives from the services as indexed (services_catalog.api.presenters), dropped with the
        # index: a new object for each index, so a row read before a rebuild is never kept after it.
        self.derived = BoundedCache(MAX_CACHED_ITEMS)
        # Called once each index is built and embedded: the API freezes it there (services_catalog/gc_freeze.py).
        self._on_ready = on_ready

    # --- catalogue state -------------------------------------------------
    def service_count(self) -> int:
        with self.Session() as s:
            return s.scalar(select(func.count()).select_from(Service)) or 0

    def _current_signature(self) -> tuple:
        with self.Session() as s:
            return tuple(s.execute(select(func.count(Service.id), func.max(Service.modified))).one())

    def index(self) -> ServiceIndex:
        """The search index, rebuilt when services were added, removed or modified since the last build
        (looked at once every SIGNATURE_TTL_S)."""
        index = self._index
        if index is not None and time.monotonic() - self._checked_at < SIGNATURE_TTL_S:
            return index
        checked_at = time.monotonic()
        signature = self._current_signature()
        built = False
        with self._lock:
            self._checked_at = checked_at
            if self._index is None or signature != self._signature:
                built = True
                with self.Session() as s:
                    docs = load_documents(s)
                    rows = s.scalars(select(Municipality)).all()
                    self.municipalities = MunicipalityNames(
                        [(m.code, [n for n in (m.name_fi, m.name_sv, m.name_en) if n]) for m in rows])
                    self.target_groups = {t.code: t for t in s.scalars(select(TargetGroup))}
                    self.life_events = {e.code: e for e in s.scalars(select(LifeEvent))}
                self._index = ServiceIndex(docs, self.embedder)
                self._signature = signature
                self.derived = BoundedCache(MAX_CACHED_ITEMS)
                self._semantic_ready.clear()
                if self.embedder is not None:
                    threading.Thread(target=self._warm, args=(self._index,), daemon=True).start()
            index = self._index
        if built and self.embedder is None and self._on_ready is not None:
            self._on_ready()
        return index

    def _warm(self, index: ServiceIndex) -> None:
        # embedding the catalogue takes a minute without a cache: search lexically meanwhile
        try:
            index.warm_up()
            if index is self._index:
                self._semantic_ready.set()
                if self._on_ready is not None:
                    self._on_ready()
        except Exception:  # noqa: BLE001 - a broken model must not take the lexical search down
            log.exception("embedding the catalogue failed; searching with BM25 only")

    def wait_until_ready(self, timeout: float | None = None) -> bool:
        self.index()
        return self.embedder is None or self._semantic_ready.wait(timeout)

    @property
    def retrieval(self) -> str:
        return "hybrid" if self.embedder is not None and self._semantic_ready.is_set() else "bm25"

    # --- search ----------------------------------------------------------
    def filters(self, municipality: str | None, target_group: str | None, life_event: str | None) -> Filters:
        self.index()
        if municipality and municipality.lower() in ("any", "all", "kaikki"):
            codes = None
        else:
            name = municipality or self.default_city
            code = self.municipalities.resolve(name)
            if code is None:
                raise BadFilter(f"unknown municipality {name!r}")
            codes = frozenset({code})
        if target_group and target_group not in self.target_groups:
            raise BadFilter(f"unknown target group {target_group!r} (PTV codes such as KR1, KR1.3)")
        if life_event and life_event not in self.life_events:
            raise BadFilter(f"unknown life event {life_event!r}; known: {', '.join(sorted(self.life_events))}")
        return Filters(municipalities=codes, target_group=target_group or None, life_event=life_event or None)

    def search(self, q: str, lang: str, filters: Filters, limit: int, offset: int,
               embedded: np.ndarray | None = None) -> SearchPage:
        """`embedded`: the e5 query vector of `q`, when the caller has it (the NLU computed it to route the message)."""
        index = self.index()
        mode = "hybrid" if self.retrieval == "hybrid" else "bm25"
        hits, total = index.search_page(q, lang, filters, mode=mode, embedded=embedded, offset=offset, limit=limit)
        return SearchPage(
            hits=hits,
            total=total,
            retrieval=mode,
            filters={
                "municipalities": sorted(filters.municipalities) if filters.municipalities is not None else None,
                "nationwide": filters.include_nationwide,
                "target_group": filters.target_group,
                "life_event": filters.life_event,
            },
        )

    def by_ids(self, ids: list[str]) -> SearchPage:
        """The services with these ids, in the order asked (unknown ids left out): one request for a term's
        related services instead of one per service."""
        index = self.index()
        hits = [Hit(index.docs[index.by_id[i]], 0.0) for i in dict.fromkeys(ids) if i in index.by_id]
        unfiltered = {"municipalities": None, "nationwide": True, "target_group": None, "life_event": None}
        return SearchPage(hits=hits, total=len(hits), retrieval=self.retrieval, filters=unfiltered)

    # --- links ---------------------------------------------------------
    def related_terms(self, service_id: str) -> list[Term]:
        """Terms whose table row or the term_services link names this service."""
        return self.related_terms_of([service_id])[service_id]

    def related_terms_of(self, service_ids: list[str]) -> dict[str, list[Term]]:
        """`related_terms` of several services, in one query."""
        with self.Session() as s:
            links = {(sid, tid) for sid, tid in s.execute(select(TermService.service_id, TermService.term_id)
                                                          .where(TermService.service_id.in_(service_ids)))}
        terms = all_terms()
        return {sid: [t for t in terms if sid in t.related_services or (sid, t.id) in links] for sid in service_ids}


def all_terms() -> list[Term]:
    try:
        return load_terms()
    except (OSError, ValueError) as err:  # a broken term table must not break service search
        log.warning("term table unavailable: %s", err)
        return []


