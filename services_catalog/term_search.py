"""Finding terms by name in free text, and the closest terms to a question that was not understood."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from services_catalog.language.lemmas import Lexicon, phrase_in, text_forms
from services_catalog.language.normalise import name_tokens
from services_catalog.terms import Term, load_terms


@dataclass(frozen=True)
class TermIndex:
    terms: tuple[Term, ...]
    lexicon: Lexicon
    # (phrase words, term id), longest phrases first so "opintotuen asumislisä" beats "asumislisä".
    phrases: tuple[tuple[tuple[str, ...], str], ...]
    # Every name, alias and phrasing, for fuzzy suggestions.
    choices: tuple[tuple[str, str], ...]


def build_index(terms: list[Term]) -> TermIndex:
    names = [n for t in terms for n in t.all_names()]
    phrases = sorted(
        {(tuple(name_tokens(name.lower())), t.id) for t in terms for name in t.all_names()},
        key=lambda p: (-len(p[0]), p),
    )
    choices = [(n, t.id) for t in terms for n in t.all_names()]
    choices += [(ask, t.id) for t in terms for asks in t.asks.values() for ask in asks]
    return TermIndex(tuple(terms), Lexicon(names), tuple(phrases), tuple(choices))


@lru_cache(maxsize=1)
def default_index() -> TermIndex:
    return build_index(load_terms())


def terms_named_in(text: str, index: TermIndex | None = None) -> list[str]:
    """Ids of terms whose name or alias appears in the text in any inflected form, longest name first."""
    index = index or default_index()
    forms = text_forms(text, index.lexicon)
    found: list[str] = []
    for words, term_id in index.phrases:
        if term_id not in found and phrase_in(words, forms):
            found.append(term_id)
    return found


def closest_terms(text: str, limit: int = 3, index: TermIndex | None = None) -> list[Term]:
    """The terms whose names or phrasings look most like the text (typo-tolerant)."""
    index = index or default_index()
    if not text.strip():
        return []
    by_id = {t.id: t for t in index.terms}
    scored = process.extract(
        text.lower(),
        [c[0].lower() for c in index.choices],
        scorer=fuzz.WRatio,
        limit=limit * 10,
    )
    result: list[Term] = []
    for _, score, position in scored:
        term_id = index.choices[position][1]
        if score >= 50 and by_id[term_id] not in result:
            result.append(by_id[term_id])
        if len(result) == limit:
            break
    return result
