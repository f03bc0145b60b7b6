"""Ranking services for a free-text need, with filters and a reason for every hit."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from services_catalog.language import LANGS
from services_catalog.language.stems import query_stems, stems
from services_catalog.search.bm25 import BM25
from services_catalog.search.documents import ServiceDoc
from services_catalog.search.embed import Embedder
from services_catalog.search.lexicon import expand

Mode = Literal["bm25", "embed", "hybrid"]
NAME_WEIGHT = 3  # a need that matches a service's name beats one that matches its summary
DESCRIPTION_CHARS = 400
# share of the lexical score in the hybrid; see docs/BENCHMARKS.md "## Services" for the measurement
HYBRID_BM25_WEIGHT = 0.5
EXPANSION_WEIGHT = 0.8  # words the lexicon adds count a little less than the user's own
COMPOUND_WEIGHT = 0.5  # a word found inside a compound counts half
# without a shared word, only services this close in meaning are returned (1 = the closest service);
# otherwise every query would "match" half the catalogue and "show more" would page through noise
MIN_SEMANTIC_ONLY = 0.6


@dataclass(frozen=True)
class Filters:
    municipalities: frozenset[str] | None = None  # None: no municipality filter
    include_nationwide: bool = True
    target_group: str | None = None
    life_event: str | None = None

    def accepts(self, doc: ServiceDoc) -> bool:
        if self.municipalities is not None:
            local = bool(doc.municipalities & self.municipalities)
            if not (local or (self.include_nationwide and doc.nationwide)):
                return False
        if self.target_group and not any(
            code == self.target_group or code.startswith(self.target_group + ".") for code in doc.target_groups
        ):
            return False
        return not (self.life_event and self.life_event not in doc.life_events)


@dataclass
class Hit:
    doc: ServiceDoc
    score: float
    matched_terms: list[str] = field(default_factory=list)
    semantic: float | None = None

    @property
    def reason(self) -> str:
        parts = []
        if self.matched_terms:
            parts.append("words: " + ", ".join(self.matched_terms))
        if self.semantic is not None and self.semantic > 0:
            parts.append(f"similar meaning ({self.semantic:.2f})")
        return "; ".join(parts) or "filter match"


def _doc_tokens(doc: ServiceDoc) -> list[str]:
    toks: list[str] = []
    for lang, name in doc.names.items():
        toks += stems(name, lang) * NAME_WEIGHT
    for lang, summary in doc.summaries.items():
        toks += stems(summary, lang)
    for lang, desc in doc.descriptions.items():
        toks += stems(desc[:DESCRIPTION_CHARS], lang)
    for kw in doc.keywords:
        toks += stems(kw, "fi") + stems(kw, "en") + stems(kw, "sv")
    return toks


class ServiceIndex:
    def __init__(self, docs: Iterable[ServiceDoc], embedder: Embedder | None = None) -> None:
        self.docs = list(docs)
        self.by_id = {d.id: i for i, d in enumerate(self.docs)}
        self.bm25 = BM25([_doc_tokens(d) for d in self.docs])
        self.embedder = embedder
        self._vecs: np.ndarray | None = None
        self._owner: np.ndarray | None = None

    def _vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Passage vectors and, for each, the index of its document (a doc may have several languages)."""
        if self._vecs is None:
            texts, owner = [], []
            for i, doc in enumerate(self.docs):
                for text in doc.embedding_texts():
                    texts.append(text)
                    owner.append(i)
            self._vecs = self.embedder.passages(texts)
            self._owner = np.array(owner, dtype=np.int64)
        return self._vecs, self._owner

    def warm_up(self) -> None:
        if self.embedder is not None:
            self._vectors()

    def _semantic(self, query: str) -> np.ndarray:
        """Per-document similarity rescaled so the corpus median is 0 and the best match is 1."""
        vecs, owner = self._vectors()
        sims = vecs @ self.embedder.query(query)
        best = np.full(len(self.docs), -1.0, dtype=np.float32)
        np.maximum.at(best, owner, sims)
        median, top = float(np.median(best)), float(best.max())
        return np.clip((best - median) / max(top - median, 1e-6), 0.0, 1.0)

    def query_terms(self, query: str, lang: str, expansion: bool = True) -> dict[str, float]:
        """Weighted BM25 terms: the query's stems, lexicon expansions, compound variants."""
        own = query_stems(query, lang)
        terms: dict[str, float] = {s: 1.0 for s in own}
        if not expansion:  # the plain BM25 baseline of the benchmark
            return terms
        every_lang = set(own) | {s for other in LANGS for s in stems(query, other)}
        for s in expand(sorted(every_lang)):
            terms.setdefault(s, EXPANSION_WEIGHT)
        for s, weight in list(terms.items()):
            for variant in self.bm25.compound_variants(s):
                terms.setdefault(variant, weight * COMPOUND_WEIGHT)
        return terms

    def search(self, query: str, lang: str = "fi", filters: Filters | None = None, mode: Mode = "hybrid",
               bm25_weight: float = HYBRID_BM25_WEIGHT, expansion: bool = True) -> list[Hit]:
        """All matching services, best first."""
        filters = filters or Filters()
        allowed = [i for i, d in enumerate(self.docs) if filters.accepts(d)]
        if not query.strip():
            return [Hit(self.docs[i], 0.0) for i in allowed]
        qstems = self.query_terms(query, lang, expansion)
        lexical = self.bm25.scores(qstems) if mode != "embed" else {}
        top_lex = max((lexical.get(i, 0.0) for i in allowed), default=0.0) or 1.0
        semantic = self._semantic(query) if mode != "bm25" and self.embedder is not None else None
        if mode == "embed" and semantic is None:
            raise ValueError("embedding mode needs an embedder")
        weight = 1.0 if semantic is None else (0.0 if mode == "embed" else bm25_weight)
        hits = []
        for i in allowed:
            lex = lexical.get(i, 0.0) / top_lex
            sem = float(semantic[i]) if semantic is not None else 0.0
            score = weight * lex + (1 - weight) * sem
            if score <= 0 or (lex == 0 and mode == "hybrid" and sem < MIN_SEMANTIC_ONLY):
                continue
            hits.append(Hit(self.docs[i], round(score, 4), self.bm25.matched_terms(qstems, i) if lex else [],
                            sem if semantic is not None else None))
        hits.sort(key=lambda h: (-h.score, h.doc.id))
        return hits
