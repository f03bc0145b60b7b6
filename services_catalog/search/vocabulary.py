"""The words of the service tables and the search lexicon: what the catalogue knows of, in every language.

The intent router gets them as a lookup table (so that it does not call such a word unknown); the fallback uses
them to tell a message that names catalogue things ("museoita Turussa", "työttömyyskorvaus") from chat.
"""

from __future__ import annotations

import re
from functools import lru_cache

from services_catalog.language import LANGS
from services_catalog.language.detect import function_words
from services_catalog.language.lemmas import analyses, voikko_base_forms
from services_catalog.language.normalise import fold
from services_catalog.loaders.bundled import hand_written_records, hand_written_tables, ptv_table_records
from services_catalog.search.lexicon import LEXICON_CSV
from services_catalog.table_io import read_rows, split_list

MIN_PART = 3  # shortest compound part that counts ("työ", "bil")
_ROOT = re.compile(r"\+([^+(]+)\(([^)]*)\)")


def _words_of(text: str) -> list[str]:
    return re.findall(r"[^\W\d_]{3,}", fold(text))


def _lexicon_entries() -> list[str]:
    return [w for row in read_rows(LEXICON_CSV) for lang in LANGS for w in split_list(row.get(lang, ""))]


@lru_cache(maxsize=1)
def _service_words() -> frozenset[str]:
    """Every word (3+ letters, folded) of the service names, summaries and keywords."""
    records = list(ptv_table_records()) + list(hand_written_records(hand_written_tables()))
    texts = [t for r in records for t in (*r.names.values(), *r.summaries.values(), *r.keywords)]
    return frozenset(w for t in texts for w in _words_of(t))


@lru_cache(maxsize=1)
def catalogue_vocabulary() -> frozenset[str]:
    """Every word (3+ letters, folded) of the service names, summaries and keywords and of the search lexicon."""
    return _service_words() | {w for entry in _lexicon_entries() for w in _words_of(entry)}


@lru_cache(maxsize=1)
def phrase_only_words() -> dict[str, tuple[frozenset[str], ...]]:
    """Words the catalogue knows only as part of a lexicon phrase of several words, with those phrases: "right"
    from "right-of-occupancy" is no service word by itself."""
    entries = _lexicon_entries()
    contents = [frozenset(_words_of(entry)) - function_words() for entry in entries]
    phrases = [words for words in contents if len(words) > 1]
    elsewhere = _service_words().union(*(words for words in contents if len(words) == 1))
    out: dict[str, list[frozenset[str]]] = {}
    for phrase in phrases:
        for word in phrase - elsewhere:
            out.setdefault(word, []).append(phrase)
    return {word: tuple(found) for word, found in out.items()}


def all_known(words: list[str]) -> bool:
    """Every word is a catalogue word (`known_word`); one that the catalogue knows only inside a lexicon phrase
    counts only with the rest of that phrase: "teacher" alone names nothing the catalogue holds."""
    present = {fold(w) for w in words}
    for word in words:
        if not known_word(word):
            return False
        phrases = phrase_only_words().get(fold(word))
        if phrases and not any(phrase <= present for phrase in phrases):
            return False
    return True


@lru_cache(maxsize=1)
def _base_forms() -> frozenset[str]:
    """The vocabulary and the Finnish base forms of its words, so that any inflection of a word matches."""
    words = catalogue_vocabulary()
    return words | frozenset(b for w in words for b in voikko_base_forms(w))


def _compound_parts(word: str) -> list[str]:
    """The members of a Finnish compound by Voikko ("työttömyyskorvaus" -> työttömyys, korvaus); [] if none."""
    for reading in analyses(word):
        parts: list[str] = []
        for surface, base in _ROOT.findall(reading.get("WORDBASES", "")):
            if base.startswith("+") and parts:  # a derivational ending belongs to the member before it
                parts[-1] += surface
            else:
                parts.append(surface)
        if len(parts) > 1:
            return parts
    return []


def _split_in_two(word: str, known: frozenset[str]) -> bool:
    """A Swedish or English compound of two known words, with or without a linking s ("arbetslöshetsersättning")."""
    for i in range(MIN_PART, len(word) - MIN_PART + 1):
        head, tail = word[:i], word[i:]
        if head in known and (tail in known or (tail.startswith("s") and tail[1:] in known)):
            return True
    return False


@lru_cache(maxsize=4096)  # a message repeats its words, and a turn asks about them more than once
def known_word(word: str) -> bool:
    """The word, its base form, or every member of it as a compound is a catalogue word."""
    known = _base_forms()
    word = fold(word)
    if word in known or voikko_base_forms(word) & known:
        return True
    parts = _compound_parts(word)
    if parts and all(len(p) < MIN_PART or p in known or voikko_base_forms(p) & known for p in parts):
        return True
    return _split_in_two(word, known)
