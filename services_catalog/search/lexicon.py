"""Query expansion from the city's own tables, so sv/en words reach Finnish-only services.

Two sources, both editable by maintainers without code:
- tables/services_lexicon.csv: public-service vocabulary, one concept a row (`fi,sv,en`, `|` lists);
- tables/terms.csv: each term's names and aliases in any language lead to its Finnish name.
A phrase matches when all its (stemmed, non-stopword) words occur in the query.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from services_catalog.language import LANGS
from services_catalog.language.stems import stems
from services_catalog.table_io import TABLES_DIR, read_rows, split_list
from services_catalog.terms import TERMS_CSV, read_terms

LEXICON_CSV = TABLES_DIR / "services_lexicon.csv"


@dataclass(frozen=True)
class Concept:
    triggers: tuple[tuple[str, ...], ...]  # stemmed phrases in any language
    finnish: tuple[str, ...]  # Finnish stems the concept adds to a query
    finnish_words: tuple[str, ...] = ()  # the same Finnish words as written, for indexes with other tokenisers


def _phrases(cells: list[tuple[str, str]]) -> tuple[tuple[str, ...], ...]:
    out = []
    for text, lang in cells:
        phrase = tuple(stems(text, lang))
        if phrase:
            out.append(phrase)
    return tuple(dict.fromkeys(out))


def read_concepts(lexicon: Path = LEXICON_CSV, terms: Path = TERMS_CSV) -> list[Concept]:
    concepts = []
    for row in read_rows(lexicon):
        cells = [(w, lang) for lang in LANGS for w in split_list(row.get(lang, ""))]
        fi = tuple(dict.fromkeys(s for w in split_list(row.get("fi", "")) for s in stems(w, "fi")))
        concepts.append(Concept(_phrases(cells), fi, tuple(split_list(row.get("fi", "")))))
    if terms.exists():
        for term in read_terms(terms):
            cells = [(name, lang) for lang, name in term.names.items()]
            cells += [(alias, lang) for alias in term.aliases for lang in ("fi", "en")]
            concepts.append(Concept(_phrases(cells), tuple(stems(term.names["fi"], "fi")), (term.names["fi"],)))
    return concepts


@lru_cache(maxsize=1)
def default_concepts() -> tuple[Concept, ...]:
    return tuple(read_concepts())


def mentioned(query: list[str], concepts: tuple[Concept, ...] | None = None) -> list[Concept]:
    """The concepts one of whose phrases occurs among the query's stems (any language), in table order."""
    present = set(query)
    if concepts is None:
        concepts, by_word = default_concepts(), _default_trigger_index()
    else:
        by_word = _trigger_index(concepts)
    # Only the phrases that start with a word of the query can occur in it: a few dozen of 3,000 phrases.
    found = {number for word in present for number, phrase in by_word.get(word, ())
             if all(w in present for w in phrase)}
    return [concepts[number] for number in sorted(found)]


def _trigger_index(concepts: tuple[Concept, ...]) -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    """Each trigger phrase under its first word, with the number of its concept."""
    index: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
    for number, concept in enumerate(concepts):
        for phrase in concept.triggers:
            index.setdefault(phrase[0], []).append((number, phrase))
    return index


@lru_cache(maxsize=1)
def _default_trigger_index() -> dict[str, list[tuple[int, tuple[str, ...]]]]:
    return _trigger_index(default_concepts())


def expand(query: list[str], concepts: tuple[Concept, ...] | None = None) -> list[str]:
    """Finnish stems of every concept the query mentions, not already in the query."""
    present = set(query)
    added: dict[str, None] = {}
    for concept in mentioned(query, concepts):
        for stem in concept.finnish:
            if stem not in present:
                added.setdefault(stem, None)
    return list(added)


def concepts_in(text: str) -> list[Concept]:
    """The concepts a text mentions, read in any of the three languages."""
    return list(_concepts_in(text))


@lru_cache(maxsize=256)
def _concepts_in(text: str) -> tuple[Concept, ...]:
    # A search reads the query's concepts twice (its Finnish words for BM25, their vectors for the dense ranker).
    return tuple(mentioned(sorted({s for lang in LANGS for s in stems(text, lang)})))


def finnish_words_for(text: str) -> list[str]:
    """The Finnish words of every concept a text mentions: a translation into Finnish."""
    return list(dict.fromkeys(w for c in concepts_in(text) for w in c.finnish_words))
