"""Okapi BM25 over pre-tokenised documents (no dependency: the corpus is a few thousand services)."""
from __future__ import annotations

import math
from bisect import bisect_left
from collections import Counter

import numpy as np

MIN_PART = 4  # shortest stem that may match inside a Finnish compound


class BM25:
    def __init__(self, docs: list[list[str]], k1: float = 1.2, b: float = 0.75) -> None:
        self.k1, self.b = k1, b
        self.tf = [Counter(d) for d in docs]
        self.len = [len(d) for d in docs]
        self.avg = (sum(self.len) / len(docs)) if docs else 1.0
        df = Counter(t for d in self.tf for t in d)
        n = len(docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.postings: dict[str, list[int]] = {}
        for i, d in enumerate(self.tf):
            for t in d:
                self.postings.setdefault(t, []).append(i)
        self.vocabulary = sorted(self.postings)
        self._reversed = sorted(t[::-1] for t in self.postings)
        self._variants: dict[str, list[str]] = {}
        self._lengths = np.array(self.len, dtype=np.float64)
        self._norms: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    @staticmethod
    def _with_prefix(sorted_terms: list[str], prefix: str) -> list[str]:
        start = bisect_left(sorted_terms, prefix)
        end = bisect_left(sorted_terms, prefix + "\uffff")
        return sorted_terms[start:end]

    def compound_variants(self, stem: str) -> list[str]:
        """Indexed terms that contain `stem` as a compound part, or are a leading part of it.

        Finnish writes compounds as one word: "uima" should meet "uimahall", and
        "päivähoitopaik" should meet "päivähoito". Sorted and reversed-sorted
        vocabularies make this a pair of binary searches instead of a scan.
        """
        if len(stem) < MIN_PART:
            return []
        if stem not in self._variants:
            found = set(self._with_prefix(self.vocabulary, stem))
            found |= {t[::-1] for t in self._with_prefix(self._reversed, stem[::-1])}
            found |= {stem[:n] for n in range(MIN_PART + 1, len(stem)) if stem[:n] in self.postings}
            found.discard(stem)
            self._variants[stem] = sorted(found)
        return self._variants[stem]

    def _term_norms(self, term: str) -> tuple[np.ndarray, np.ndarray]:
        """The documents holding `term` and its length-normalised frequency in each, computed on first use."""
        found = self._norms.get(term)
        if found is None:
            docs = np.array(self.postings[term], dtype=np.int64)
            f = np.array([self.tf[i][term] for i in self.postings[term]], dtype=np.float64)
            norm = f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * self._lengths[docs] / self.avg))
            found = self._norms[term] = (docs, norm)
        return found

    def score_array(self, query: dict[str, float]) -> np.ndarray:
        """Score of every document (0 when it shares no term); `query` maps a term to its weight.

        A query of character n-grams has dozens of terms, each in hundreds of documents: one numpy operation
        per term instead of a Python loop over its postings.
        """
        out = np.zeros(len(self.len), dtype=np.float64)
        for term, weight in query.items():
            idf = self.idf.get(term)
            if idf is None:
                continue
            docs, norm = self._term_norms(term)
            out[docs] += weight * idf * norm
        return out

    def scores(self, query: dict[str, float]) -> dict[int, float]:
        """Score of every document sharing a term with the query; `query` maps a term to its weight."""
        array = self.score_array(query)
        return {int(i): float(array[i]) for i in np.flatnonzero(array)}

    def matched_terms(self, query: dict[str, float], doc: int) -> list[str]:
        return [t for t in query if t in self.tf[doc]]
