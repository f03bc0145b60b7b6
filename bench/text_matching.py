"""Time the two text matchers on the term path against their brute-force references, over every dev text.

    .venv/bin/python bench/text_matching.py

- lexicon concepts of a query (`search.lexicon.mentioned`, indexed by first word) against checking every trigger
  phrase of every concept;
- term names in a text (`term_search.terms_named_in`, indexed by first word) against matching every name.

Prints ms per text for each, and the number of texts where the two disagree (must be 0).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from services_catalog.language import LANGS  # noqa: E402
from services_catalog.language.lemmas import phrase_in, text_forms  # noqa: E402
from services_catalog.language.stems import stems  # noqa: E402
from services_catalog.search import lexicon  # noqa: E402
from services_catalog.term_search import default_index, terms_named_in  # noqa: E402


def dev_texts() -> list[str]:
    texts = []
    for path in [*sorted((REPO / "tests/eval").glob("dev_*.yml")), REPO / "bench/holdout_services.yml"]:
        for case in yaml.safe_load(path.read_text(encoding="utf-8")) or []:
            texts += [case["text"], *case.get("before", [])]
    return texts


def concepts_brute_force(query: list[str]) -> list[lexicon.Concept]:
    present = set(query)
    return [c for c in lexicon.default_concepts() if any(all(w in present for w in p) for p in c.triggers)]


def terms_brute_force(text: str) -> list[str]:
    index = default_index()
    forms = text_forms(text, index.lexicon)
    found: list[str] = []
    for words, term_id in index.phrases:
        if term_id not in found and phrase_in(words, forms):
            found.append(term_id)
    return found


def per_text_ms(function: Callable[[object], object], inputs: list) -> float:
    started = time.perf_counter()
    for item in inputs:
        function(item)
    return (time.perf_counter() - started) / len(inputs) * 1000


def main() -> None:
    texts = dev_texts()
    queries = [sorted({s for lang in LANGS for s in stems(t, lang)}) for t in texts]
    lexicon.mentioned(queries[0]), terms_named_in(texts[0])  # build the indexes and caches first
    concept_diff = sum(lexicon.mentioned(q) != concepts_brute_force(q) for q in queries)
    term_diff = sum(terms_named_in(t) != terms_brute_force(t) for t in texts)
    print(f"{len(texts)} dev texts\n")
    print("| matcher | shipped ms/text | brute force ms/text | texts that differ |\n|---|---|---|---|")
    print(f"| lexicon concepts | {per_text_ms(lexicon.mentioned, queries):.2f} | "
          f"{per_text_ms(concepts_brute_force, queries):.2f} | {concept_diff} |")
    print(f"| term names | {per_text_ms(terms_named_in, texts):.2f} | {per_text_ms(terms_brute_force, texts):.2f} | "
          f"{term_diff} |")


if __name__ == "__main__":
    main()
