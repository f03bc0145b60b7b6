"""Finding terms by name in free text, and the terms closest in meaning to a question that was not understood."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from services_catalog.language.lemmas import Lexicon, normalise, phrase_in, text_forms
from services_catalog.language.normalise import name_tokens
from services_catalog.terms import Term, load_terms


@dataclass(frozen=True)
class TermIndex:
    terms: tuple[Term, ...]
    lexicon: Lexicon
    # (phrase words, term id), longest phrases first so "opintotuen asumislisä" beats "asumislisä".
    phrases: tuple[tuple[tuple[str, ...], str], ...]
    # the numbers of the phrases (in `phrases`) under their first word: a text can only name those whose first
    # word it has, so a question is matched against a handful of the table's 600 names, not all of them
    by_first_word: dict[str, tuple[int, ...]]



def build_index(terms: list[Term]) -> TermIndex:
    names = [n for t in terms for n in t.all_names()]
    phrases = sorted(
        {(tuple(name_tokens(name.lower())), t.id) for t in terms for name in t.all_names()},
        key=lambda p: (-len(p[0]), p),
    )
    by_first_word: dict[str, list[int]] = {}
    for number, (words, _term_id) in enumerate(phrases):
        if words:
            by_first_word.setdefault(normalise(words[0]), []).append(number)
    return TermIndex(tuple(terms), Lexicon(names), tuple(phrases),
                     {word: tuple(numbers) for word, numbers in by_first_word.items()})


@lru_cache(maxsize=1)
def default_index() -> TermIndex:
    return build_index(load_terms())


def terms_named_in(text: str, index: TermIndex | None = None) -> list[str]:
    """Ids of terms whose name or alias appears in the text in any inflected form, longest name first."""
    index = index or default_index()
    forms = text_forms(text, index.lexicon)
    candidates = sorted({n for forms_of_word in forms for form in forms_of_word
                         for n in index.by_first_word.get(form, ())})
    found: list[str] = []
    for words, term_id in (index.phrases[n] for n in candidates):
        if term_id not in found and phrase_in(words, forms):
            found.append(term_id)
    return found


# Cosine similarity (e5 query vs. term passage) below which a term is not offered as "did you mean":
# chosen on the dev set so that out-of-scope questions mostly get no suggestion (docs/BENCHMARKS.md).
MIN_SUGGESTION_SIMILARITY = 0.83


def term_passages(term: Term) -> list[str]:
    """What a term is about, once per language it is written in: its name, aliases and definition's start."""
    out = []
    for lang, name in term.names.items():
        definition = term.definitions.get(lang, "").split(". ")[0]
        out.append(f"{name} ({', '.join(term.aliases[:4])}). {definition}")
    return out


@lru_cache(maxsize=1)
def _term_vectors() -> tuple[tuple[str, ...], np.ndarray]:
    from services_catalog.search.embed import default_embedder

    owners, texts = [], []
    for term in load_terms():
        for passage in term_passages(term):
            owners.append(term.id)
            texts.append(passage)
    return tuple(owners), default_embedder().passages(texts)


def similar_terms(text: str, limit: int = 3, minimum: float = MIN_SUGGESTION_SIMILARITY) -> list[tuple[Term, float]]:
    """The terms closest in meaning to the text (any language), best first; none when nothing is close."""
    from services_catalog.search.embed import default_embedder

    if not text.strip():
        return []
    owners, vectors = _term_vectors()
    similarity = vectors @ default_embedder().query(text)
    best: dict[str, float] = {}
    for owner, value in zip(owners, similarity, strict=True):
        best[owner] = max(best.get(owner, -1.0), float(value))
    by_id = {t.id: t for t in load_terms()}
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    return [(by_id[term_id], value) for term_id, value in ranked[:limit] if value >= minimum]
