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

from services_catalog.search.text import stems
from services_catalog.table_io import TABLES_DIR, read_rows, split_list

LEXICON_CSV = TABLES_DIR / "services_lexicon.csv"
TERMS_CSV = TABLES_DIR / "terms.csv"


@dataclass(frozen=True)
class Concept:
    triggers: tuple[tuple[str, ...], ...]  # stemmed phrases in any language
    finnish: tuple[str, ...]  # Finnish stems the concept adds to a query


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
        cells = [(w, lang) for lang in ("fi", "sv", "en") for w in split_list(row.get(lang, ""))]
        fi = tuple(dict.fromkeys(s for w in split_list(row.get("fi", "")) for s in stems(w, "fi")))
        concepts.append(Concept(_phrases(cells), fi))
    if terms.exists():
        for row in read_rows(terms):
            cells = [(row[f"name_{lang}"], lang) for lang in ("fi", "sv", "en") if row.get(f"name_{lang}")]
            cells += [(alias, "fi") for alias in split_list(row.get("aliases", ""))]
            cells += [(alias, "en") for alias in split_list(row.get("aliases", ""))]
            concepts.append(Concept(_phrases(cells), tuple(stems(row.get("name_fi", ""), "fi"))))
    return concepts


@lru_cache(maxsize=1)
def default_concepts() -> tuple[Concept, ...]:
    return tuple(read_concepts())


def expand(query: list[str], concepts: tuple[Concept, ...] | None = None) -> list[str]:
    """Finnish stems of every concept the query mentions, not already in the query."""
    present = set(query)
    added: dict[str, None] = {}
    for concept in default_concepts() if concepts is None else concepts:
        if any(all(w in present for w in phrase) for phrase in concept.triggers):
            for stem in concept.finnish:
                if stem not in present:
                    added.setdefault(stem, None)
    return list(added)
