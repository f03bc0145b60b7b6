"""BM25 scoring of the catalogue's lexical rankers: numpy per term against the per-posting Python loop it replaced.

    .venv/bin/python bench/bm25_scoring.py

Builds the character n-gram, lemma and stem rankers over the bundled catalogue, scores the query terms of every
dev question (services, need phrasings, terms) in fi/sv/en with both, checks that the scores are identical, and
prints the CPU time per query of each.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from services_catalog.catalogue import Catalogue  # noqa: E402
from services_catalog.search.bm25 import BM25  # noqa: E402
from services_catalog.settings import get_settings  # noqa: E402

DEV = ["tests/eval/dev_services.yml", "tests/eval/dev_service_routing.yml", "bench/holdout_services.yml",
       "tests/eval/dev_terms.yml"]


def loop_scores(bm25: BM25, query: dict[str, float]) -> dict[int, float]:
    """The scoring before the change: one Python step per posting."""
    out: dict[int, float] = {}
    for term, weight in query.items():
        idf = bm25.idf.get(term)
        if idf is None:
            continue
        for i in bm25.postings[term]:
            f = bm25.tf[i][term]
            norm = f * (bm25.k1 + 1) / (f + bm25.k1 * (1 - bm25.b + bm25.b * bm25.len[i] / bm25.avg))
            out[i] = out.get(i, 0.0) + weight * idf * norm
    return out


def main() -> None:
    index = Catalogue(get_settings().db_url, semantic=False).index()
    questions = [c["text"] for path in DEV for c in yaml.safe_load((REPO / path).read_text(encoding="utf-8"))]
    print(f"{len(questions)} dev questions × fi/sv/en")
    print("| ranker | queries | identical | loop ms/query | numpy ms/query | ratio |")
    print("|---|---|---|---|---|---|")
    for name in ("char", "lemma", "stem"):
        ranker = index.stem if name == "stem" else index._ranker(name)
        queries = [ranker.query_terms(q, lang) for q in questions for lang in ("fi", "sv", "en")]
        for query in queries:  # first use computes a term's normalised frequencies: not part of the comparison
            ranker.bm25.score_array(query)
        started = time.process_time()
        looped = [loop_scores(ranker.bm25, q) for q in queries]
        loop_ms = (time.process_time() - started) / len(queries) * 1000
        started = time.process_time()
        vectorised = [ranker.bm25.scores(q) for q in queries]
        numpy_ms = (time.process_time() - started) / len(queries) * 1000
        same = sum(a == b for a, b in zip(looped, vectorised, strict=True))
        print(f"| {name} | {len(queries)} | {same} | {loop_ms:.2f} | {numpy_ms:.2f} | {numpy_ms / loop_ms:.2f} |")


if __name__ == "__main__":
    main()
