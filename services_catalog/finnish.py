"""Base forms of Finnish words for matching names in any case (opintotukea -> opintotuki, Eirassa -> eira).

Voikko knows the dictionary words; a `Lexicon` of the project's own names covers
what Voikko does not know (Föliin -> föli). Works without spaCy, so the action
server and the API stay light.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache

from bot.nlu.lexicon import Lexicon, lexicon_words, normalise

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def _voikko():  # noqa: ANN202 - libvoikko handle
    try:
        from voikko import libvoikko

        return libvoikko.Voikko("fi")
    except Exception as error:  # libvoikko1/voikko-fi missing: fall back to the lexicon alone
        log.warning("Voikko not available, Finnish inflection only through the lexicon: %s", error)
        return None


@lru_cache(maxsize=65536)
def voikko_base_forms(word: str) -> frozenset[str]:
    voikko = _voikko()
    if voikko is None or not word.isalpha():
        return frozenset()
    return frozenset(normalise(a["BASEFORM"]) for a in voikko.analyze(word) if a.get("BASEFORM"))


def word_forms(word: str, lexicon: Lexicon | None = None) -> set[str]:
    """The word itself and every base form it may stand for, lower-case."""
    forms = {normalise(word)}
    if ":" in word:
        forms.add(normalise(word.split(":", 1)[0]))
    forms |= voikko_base_forms(word)
    if lexicon is not None:
        base = lexicon.base_form(word)
        if base:
            forms.add(base)
    return forms


def text_forms(text: str, lexicon: Lexicon | None = None) -> list[set[str]]:
    """Per word of `text`, its set of forms (see `word_forms`)."""
    return [word_forms(word, lexicon) for word in lexicon_words(text)]


def phrase_in(phrase_words: Iterable[str], forms: list[set[str]]) -> bool:
    """True when the words of a name occur consecutively in a text, each in any inflected form."""
    wanted = [normalise(w) for w in phrase_words]
    if not wanted:
        return False
    for start in range(len(forms) - len(wanted) + 1):
        window = forms[start : start + len(wanted)]
        # Only the last word of a Finnish name phrase inflects ("Oma Kannassa"): earlier words must match as written.
        if all(w in f for w, f in zip(wanted, window, strict=False)):
            return True
    return False
