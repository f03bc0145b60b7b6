"""Ranking services for a free-text need, with filters and a reason for every hit.

Several rankers score the documents (services_catalog/search/rankers.py); a *system* names which of them are
fused and how. `hybrid` is the one the API uses; the others exist so that `bench/bench_services.py` can measure
the alternatives against each other on the same documents (docs/BENCHMARKS.md, "Understanding").
"""
from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from services_catalog.search.documents import ServiceDoc
from services_catalog.search.embed import Embedder
from services_catalog.search.lexicon import concepts_in, default_concepts
from services_catalog.search.rankers import LexicalRanker, SparseHead, StemRanker, char_tokens, lemma_tokens
from services_catalog.settings import get_settings

Mode = str
LEXICAL = ("stem", "lemma", "char")
RRF_K = 60  # reciprocal rank fusion: 1 / (k + rank), the constant of Cormack et al. (2009)


@dataclass(frozen=True)
class System:
    """Rankers and their weights; `rrf` fuses by rank instead of by normalised score."""

    weights: tuple[tuple[str, float], ...]
    rrf: bool = False
    expansion: bool = True

    @property
    def rankers(self) -> set[str]:
        return {name for name, _ in self.weights}


SYSTEMS: dict[str, System] = {
    "bm25-plain": System((("stem", 1.0),), expansion=False),  # the baseline: stems only, no lexicon
    "bm25": System((("stem", 1.0),)),
    "lemma": System((("lemma", 1.0),)),
    "char": System((("char", 1.0),)),
    "embed": System((("dense", 1.0),)),
    "sparse": System((("sparse", 1.0),)),
    "dense+stem": System((("dense", 0.5), ("stem", 0.5))),  # the hybrid before issue 15
    "dense+char": System((("dense", 0.5), ("char", 0.5))),  # the design proven on PTV data: the one to beat
    "dense+char (dense 0.35)": System((("dense", 0.35), ("char", 0.65))),
    "dense+char (dense 0.65)": System((("dense", 0.65), ("char", 0.35))),
    "dense+char+sparse": System((("dense", 0.4), ("char", 0.4), ("sparse", 0.2))),
    "dense+lemma+char": System((("dense", 0.5), ("lemma", 0.25), ("char", 0.25))),
    "dense+stem+char": System((("dense", 0.5), ("stem", 0.25), ("char", 0.25))),
    "rrf-all": System((("dense", 1.0), ("sparse", 1.0), ("stem", 1.0), ("lemma", 1.0), ("char", 1.0)), rrf=True),
    "rrf-dense-lexical": System((("dense", 1.0), ("stem", 1.0), ("lemma", 1.0), ("char", 1.0)), rrf=True),
}
SHIPPED = "dense+char"
# without a shared word, only services this close in meaning are returned (1 = the closest service);
# otherwise every query would "match" half the catalogue and "show more" would page through noise
MIN_SEMANTIC_ONLY = 0.6
MAX_KEPT_FILTERS = 256
ROUNDING_STEP = 1e-4  # a hit's score is rounded to 4 decimals


def shipped_system() -> str:
    """The system "hybrid" means: SHIPPED, unless the settings choose another one (for benchmarks)."""
    chosen = get_settings().search_system
    return chosen if chosen in SYSTEMS else SHIPPED


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


@dataclass(frozen=True)
class _Fused:
    """One query's fused scores: `total` per document, the `kept` documents' indices, the dense scores and the
    query's stem terms (for each hit's reason)."""

    total: np.ndarray
    kept: np.ndarray
    semantic: np.ndarray | None
    stem_terms: dict[str, float]


def _ranks(scores: np.ndarray) -> np.ndarray:
    """1 for the best score; documents scoring 0 get no rank (inf)."""
    order = np.argsort(-scores, kind="stable")
    ranks = np.empty(len(scores), dtype=np.float64)
    ranks[order] = np.arange(1, len(scores) + 1)
    return np.where(scores > 0, ranks, np.inf)


class ServiceIndex:
    def __init__(self, docs: Iterable[ServiceDoc], embedder: Embedder | None = None) -> None:
        self.docs = list(docs)
        self.by_id = {d.id: i for i, d in enumerate(self.docs)}
        self.stem = StemRanker(self.docs)
        self.embedder = embedder
        self._lexical: dict[str, LexicalRanker] = {"stem": self.stem}
        self._lock = threading.Lock()
        self._vecs: np.ndarray | None = None
        self._owner: np.ndarray | None = None
        self._sparse: SparseHead | None = None
        self._concepts: dict[tuple[str, ...], np.ndarray] | None = None
        self._allowed_by: dict[Filters, np.ndarray] = {}

    @property
    def bm25(self):  # noqa: ANN201 - the stem BM25, kept for callers that read its vocabulary
        return self.stem.bm25

    def _ranker(self, name: str) -> LexicalRanker:
        """Lemma and character indexes are built on first use (seconds), under a lock."""
        with self._lock:
            if name not in self._lexical:
                # Character n-grams index the Finnish texts only: the few services that also have Swedish and
                # English texts otherwise outranked the rest for any sv/en need, on n-grams that only their
                # own texts share with it ("report ... street" -> a student service's English summary).
                self._lexical[name] = (LexicalRanker(self.docs, lemma_tokens, compounds=True) if name == "lemma"
                                       else LexicalRanker(self.docs, char_tokens, languages=("fi",)))
            return self._lexical[name]

    def _passages(self) -> tuple[list[str], np.ndarray]:
        texts, owner = [], []
        for i, doc in enumerate(self.docs):
            for text in doc.embedding_texts():
                texts.append(text)
                owner.append(i)
        return texts, np.array(owner, dtype=np.int64)

    def _vectors(self) -> tuple[np.ndarray, np.ndarray]:
        """Passage vectors and, for each, the index of its document (a doc may have several languages)."""
        if self._vecs is None:
            texts, owner = self._passages()
            self._vecs = self.embedder.passages(texts)
            self._owner = owner
        return self._vecs, self._owner

    def warm_up(self, rankers: Iterable[str] = ("dense", "lemma", "char")) -> None:
        for name in rankers:
            if name == "dense" and self.embedder is not None:
                self._vectors()
                self._concept_vectors()
            elif name == "sparse" and self.embedder is not None:
                self._sparse_head()
            elif name in LEXICAL:
                self._ranker(name)

    def _sparse_head(self) -> SparseHead:
        if self._sparse is None:
            texts, owner = self._passages()
            self._sparse = SparseHead(texts, owner, get_settings().embedding_cache_dir)
        return self._sparse

    def _concept_vectors(self) -> dict[tuple[str, ...], np.ndarray]:
        """Each lexicon concept's Finnish words, embedded once (kept in the embedding cache with the passages):
        a query then costs one e5 pass (25 ms on one thread), not two."""
        if self._concepts is None:
            words = sorted({c.finnish_words for c in default_concepts() if c.finnish_words})
            self._concepts = dict(zip(words, self.embedder.queries([", ".join(w) for w in words]), strict=True))
        return self._concepts

    def _query_vector(self, query: str, lang: str, expansion: bool, embedded: np.ndarray | None = None) -> np.ndarray:
        """The query's embedding; a Swedish or English need is blended with its Finnish translation.

        The catalogue is Finnish, and e5 matches across languages less surely than within one ("we got
        evicted" is far from "asunnottomuus"). The mean vector of the lexicon concepts the need mentions (their
        Finnish words) weighs as much as the user's own sentence. Finnish needs are left as written: for them
        the lexicon only adds synonyms, and blending those in lowered the dev sets (docs/BENCHMARKS.md).
        `embedded`: `self.embedder.query(query)`, when the caller has it already.
        """
        vector = self.embedder.query(query) if embedded is None else embedded
        if lang == "fi" or not expansion:
            return vector
        known = self._concept_vectors()
        found = [known[c.finnish_words] for c in concepts_in(query) if c.finnish_words in known]
        if not found:
            return vector
        translation = np.mean(found, axis=0)
        blended = vector + translation / np.linalg.norm(translation)
        return blended / np.linalg.norm(blended)

    def _semantic(self, query: str, lang: str = "fi", expansion: bool = True,
                  embedded: np.ndarray | None = None) -> np.ndarray:
        """Per-document similarity rescaled so the corpus median is 0 and the best match is 1."""
        vecs, owner = self._vectors()
        sims = vecs @ self._query_vector(query, lang, expansion, embedded)
        best = np.full(len(self.docs), -1.0, dtype=np.float32)
        np.maximum.at(best, owner, sims)
        median, top = float(np.median(best)), float(best.max())
        return np.clip((best - median) / max(top - median, 1e-6), 0.0, 1.0)

    def query_terms(self, query: str, lang: str, expansion: bool = True) -> dict[str, float]:
        """Weighted stem terms of the query (its own, lexicon translations, compound variants)."""
        return self.stem.query_terms(query, lang, expansion)

    def _scores(self, name: str, query: str, lang: str, expansion: bool,
                embedded: np.ndarray | None = None) -> np.ndarray:
        if name == "dense":
            if self.embedder is None:
                raise ValueError("embedding mode needs an embedder")
            return self._semantic(query, lang, expansion, embedded).astype(np.float64)
        if name == "sparse":
            if self.embedder is None:
                raise ValueError("the sparse head needs the embedding model")
            return self._sparse_head().scores(query, len(self.docs)).astype(np.float64)
        ranker = self.stem if name == "stem" else self._ranker(name)
        scores, _ = ranker.scores(query, lang, expansion)
        return scores

    def _allowed(self, filters: Filters) -> np.ndarray:
        """Which documents the filters accept; the few filter combinations in use are kept, not recomputed for
        each search (a Python test of 1,800 documents cost a search 1.5 ms)."""
        allowed = self._allowed_by.get(filters)
        if allowed is None:
            allowed = np.array([filters.accepts(d) for d in self.docs], dtype=bool)
            allowed.flags.writeable = False
            if len(self._allowed_by) >= MAX_KEPT_FILTERS:
                self._allowed_by.clear()
            self._allowed_by[filters] = allowed
        return allowed

    def _fused(self, query: str, lang: str, filters: Filters, mode: Mode, expansion: bool,
               embedded: np.ndarray | None) -> _Fused:
        allowed = self._allowed(filters)
        system = SYSTEMS[shipped_system() if mode == "hybrid" else mode]
        expansion = expansion and system.expansion
        scores = {name: np.where(allowed, self._scores(name, query, lang, expansion, embedded), 0.0)
                  for name in system.rankers}
        total = np.zeros(len(self.docs), dtype=np.float64)
        for name, weight in system.weights:
            if system.rrf:
                total += weight / (RRF_K + _ranks(scores[name]))
            else:
                top = scores[name].max()
                total += weight * (scores[name] / top if top > 0 else scores[name])
        lexical = np.zeros(len(self.docs), dtype=bool)
        for name in system.rankers & set(LEXICAL):
            lexical |= scores[name] > 0
        semantic = scores.get("dense")
        keep = allowed & (total > 0)
        if semantic is not None and system.rankers & set(LEXICAL):
            # a service sharing no word with the need must be close in meaning (see MIN_SEMANTIC_ONLY)
            keep &= lexical | (semantic >= MIN_SEMANTIC_ONLY)
        stem_terms = self.stem.query_terms(query, lang, expansion) if "stem" in system.rankers else {}
        return _Fused(total, np.flatnonzero(keep), semantic, stem_terms)

    def _hits(self, fused: _Fused, indices: np.ndarray) -> list[Hit]:
        """These documents as hits, best first (ties by id)."""
        hits = [Hit(self.docs[i], round(float(fused.total[i]), 4),
                    self.stem.bm25.matched_terms(fused.stem_terms, int(i)) if fused.stem_terms else [],
                    float(fused.semantic[i]) if fused.semantic is not None else None)
                for i in indices]
        hits.sort(key=lambda h: (-h.score, h.doc.id))
        return hits

    def search(self, query: str, lang: str = "fi", filters: Filters | None = None, mode: Mode = "hybrid",
               expansion: bool = True, embedded: np.ndarray | None = None) -> list[Hit]:
        """All matching services, best first. `mode`: a system of SYSTEMS, "hybrid" (the shipped one).

        `embedded`: the e5 query vector of `query` (`Embedder.query`), when the caller has it already.
        """
        filters = filters or Filters()
        if not query.strip():
            return [Hit(d, 0.0) for d, ok in zip(self.docs, self._allowed(filters), strict=True) if ok]
        fused = self._fused(query, lang, filters, mode, expansion, embedded)
        return self._hits(fused, fused.kept)

    def search_page(self, query: str, lang: str = "fi", filters: Filters | None = None, mode: Mode = "hybrid",
                    expansion: bool = True, embedded: np.ndarray | None = None, offset: int = 0,
                    limit: int = 5) -> tuple[list[Hit], int]:
        """`search(...)[offset:offset + limit]` and `len(search(...))`, without making a hit of every match.

        A need matches half the catalogue; building and sorting all its hits (a reason each) cost a search
        5 ms. Only the matches that can be among the first `offset + limit` are made hits here: those whose
        score, rounded as a hit's is, is within two rounding steps of the last one shown.
        """
        filters = filters or Filters()
        if not query.strip():
            everything = self.search(query, lang, filters, mode, expansion, embedded)
            return everything[offset:offset + limit], len(everything)
        fused = self._fused(query, lang, filters, mode, expansion, embedded)
        candidates, shown = fused.kept, offset + limit
        if shown < len(candidates):
            rounded = np.round(fused.total[candidates], 4)
            last_shown = -np.partition(-rounded, shown - 1)[shown - 1]
            candidates = candidates[rounded >= last_shown - 3 * ROUNDING_STEP]
        return self._hits(fused, candidates)[offset:offset + limit], len(fused.kept)
