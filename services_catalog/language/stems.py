"""Snowball stems for fi, sv and en, so inflected words meet their base forms in search, and the words search
ignores."""
from __future__ import annotations

import functools
import threading
from pathlib import Path
from typing import Any

import snowballstemmer
import yaml

from services_catalog.language.normalise import words

LANG_STEMMERS = {"fi": "finnish", "sv": "swedish", "en": "english"}
# words that say nothing about the need; kept short so real content words never drop out
STOPWORDS = frozenset(
    """ja tai on ei että se ne ole olen olet olemme oli jos kun niin kuin mutta myös voi voin
    haluan haluaisin tarvitsen mistä missä miten mikä mitä minä mä sinä hän me te he minun
    meidän sinun saan saa apua tietoa ja
    och eller är inte att en ett jag du vi ni de min mitt mina var hur vad vill kan behöver
    hjälp med om för till på i av
    and or is are not the a an i you we my me to for of in on at with how what where can want
    need help do does about from it this that""".split()
)

SEARCH_STOP_WORDS = Path(__file__).with_name("search_stop_words.yml")


@functools.cache
def search_stop_words(lang: str) -> frozenset[str]:
    """STOPWORDS and, for Swedish and English, their whole function-word lists.

    The catalogue is almost all Finnish; a handful of services also have Swedish and
    English texts. Function words such as "who", "can", "if", "att" are then rare in
    the catalogue, so BM25 weighs them high, and a Swedish or English need ranked
    first whichever of those few services shared them (tests/unit/services/
    test_function_words.py).
    """
    table = yaml.safe_load(SEARCH_STOP_WORDS.read_text(encoding="utf-8"))
    return STOPWORDS | frozenset(str(table.get(lang) or "").split())


def content_words(text: str, lang: str) -> str:
    """`text` without the search stop words of `lang`, as words joined by spaces."""
    skip = search_stop_words(lang)
    return " ".join(w for w in words(text) if w not in skip)


_local = threading.local()


def _stemmer(lang: str) -> Any:
    # A Snowball stemmer keeps the word being stemmed in the instance, so threads (the API's thread pool, the
    # search index warming up) each need their own: shared ones crash with IndexError under concurrency.
    stemmers = _local.__dict__.setdefault("stemmers", {})
    if lang not in stemmers:
        stemmers[lang] = snowballstemmer.stemmer(LANG_STEMMERS[lang])
    return stemmers[lang]


def stems(text: str, lang: str, keep_stopwords: bool = False) -> list[str]:
    """Stemmed tokens of `text` read as language `lang`."""
    toks = [w for w in words(text) if keep_stopwords or w not in STOPWORDS]
    return _stemmer(lang).stemWords(toks)


def query_stems(text: str, lang: str) -> list[str]:
    """Stems of a query in its own language plus as Finnish (names like Kela, Föli are Finnish)."""
    out = stems(text, lang)
    if lang != "fi":
        out += [s for s in stems(text, "fi") if s not in out]
    return out
