"""Finnish base forms: Voikko for dictionary words, a lexicon of the project's own names for the rest.

Finnish inflects proper names like any noun: Föliin, Nyssellä, YTHS:ltä, HOASilta.
Voikko only lemmatises words in its dictionary, so the names of the term table are
reduced here by stripping case endings and clitics until a known base form remains.
Works without spaCy, so the action server and the API stay light.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from functools import lru_cache

from services_catalog.language.normalise import name_tokens

log = logging.getLogger(__name__)

# Longest first, so that "-ssa" is tried before "-a". Case endings, plural and possessive
# markers and clitics that attach to names.
_ENDINGS = sorted(
    {
        "n", "a", "ä", "ta", "tä", "na", "nä", "ksi", "ssa", "ssä", "sta", "stä", "lla", "llä",
        "lta", "ltä", "lle", "tta", "ttä", "in", "en", "an", "än", "on", "ön", "un", "yn", "hin",
        "seen", "siin", "ineen", "t", "kin", "ko", "kö", "han", "hän", "pa", "pä", "kaan", "kään",
    },
    key=len,
    reverse=True,
)
_CLITICS = ("kin", "ko", "kö", "han", "hän", "pa", "pä", "kaan", "kään")
_VOWELS = "aeiouyäö"


def normalise(word: str) -> str:
    return word.strip().lower()


def _stems(word: str) -> Iterable[str]:
    """Candidate base forms of an inflected word, most likely first."""
    yield word
    if ":" in word:  # acronyms take their ending after a colon: YTHS:ltä, HSL:n
        yield word.split(":", 1)[0]
        return
    for clitic in _CLITICS:
        if word.endswith(clitic) and len(word) > len(clitic) + 2:
            yield from _stems(word[: -len(clitic)])
    for ending in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            stem = word[: -len(ending)]
            yield stem
            # Consonant-final names take a connective i (HOASilla); illatives double the vowel (Nysseen).
            if stem.endswith("i"):
                yield stem[:-1]
            if len(stem) >= 2 and stem[-1] == stem[-2] and stem[-1] in _VOWELS:
                yield stem[:-1]


class Lexicon:
    """Known names (lower-case base forms) and their inflected-form lookup."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names = {normalise(name) for name in names if name and " " not in name.strip()}

    def base_form(self, word: str) -> str | None:
        """The known name that `word` inflects, or None."""
        word = normalise(word)
        if not word:
            return None
        for stem in _stems(word):
            if stem in self.names:
                return stem
        return None


# libvoikko is not thread-safe: two threads analysing at once crash the process (the action server preloads
# geodata and the catalogue vocabulary in threads while it answers).
_VOIKKO_LOCK = threading.Lock()


@lru_cache(maxsize=1)
def _voikko():  # noqa: ANN202 - libvoikko handle
    with _VOIKKO_LOCK:
        return _open_voikko()


def _open_voikko():  # noqa: ANN202 - libvoikko handle
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
    with _VOIKKO_LOCK:
        readings = voikko.analyze(word)
    return frozenset(normalise(a["BASEFORM"]) for a in readings if a.get("BASEFORM"))


@lru_cache(maxsize=65536)
def analyses(word: str) -> tuple[dict[str, str], ...]:
    """Voikko's readings of one word (base form, class, case, person, ...); none without Voikko.

    Hyphenated words are analysed too (72-vuotias, Etu-Töölössä); only letters, digits and hyphens pass.
    """
    voikko = _voikko()
    if voikko is None or not word or not word.replace("-", "").isalnum():
        return ()
    with _VOIKKO_LOCK:
        return tuple(dict(a) for a in voikko.analyze(word))


def is_finite_verb(reading: dict[str, str]) -> bool:
    """A Voikko reading of a verb in a personal form ("asun", "sataako", "varastettiin")."""
    return reading.get("CLASS") == "teonsana" and bool(reading.get("PERSON"))


MIN_MISSPELT_CHARS = 6  # shorter unknown strings are more often another language than a Finnish typo


# Spoken Finnish drops the last vowel of a case ending: "työttömäks" (-ksi), "Turus" (-ssa), "Oulust" (-sta),
# "eläkkeel" (-llä or -lle).
_SPOKEN_ENDINGS = (("ks", ("ksi",)), ("st", ("sta", "stä")), ("s", ("ssa", "ssä")), ("l", ("lla", "llä", "lle")))
MIN_SPOKEN_CHARS = 4


def _spoken_full_forms(word: str) -> Iterable[str]:
    if len(word) < MIN_SPOKEN_CHARS:
        return
    if word[-1] in "aeiouyäö" and word[-1] == word[-2]:  # a long vowel drops its -n: "asutaa", "Suomee", "Turkuu"
        yield word + "n"
    for short, fulls in _SPOKEN_ENDINGS:
        if word.endswith(short):
            for full in fulls:
                yield word[: len(word) - len(short)] + full
            return


def _near_spellings(word: str) -> Iterable[str]:
    """Spellings one slip away: a/o typed for ä/ö (a keyboard without them) and two letters swapped."""
    plain = [i for i, ch in enumerate(word) if ch in "ao"]
    if 0 < len(plain) <= 4:
        for mask in range(1, 2 ** len(plain)):
            chars = list(word)
            for bit, i in enumerate(plain):
                if mask >> bit & 1:
                    chars[i] = "ä" if chars[i] == "a" else "ö"
            yield "".join(chars)
    for i in range(len(word) - 1):
        if word[i] != word[i + 1]:
            yield word[:i] + word[i + 1] + word[i] + word[i + 2:]


@lru_cache(maxsize=16384)
def lenient_analyses(word: str) -> tuple[dict[str, str], ...]:
    """Voikko's readings of the word, or of its one spelling one slip away that Voikko knows ("elakkeella",
    "opiskeljia"); none when the word is unknown and no single near spelling is known, or several are."""
    found = analyses(word)
    if found or not word.isalpha():
        return found
    spoken = tuple(r for full in _spoken_full_forms(word.lower()) for r in analyses(full))
    if spoken or len(word) < MIN_MISSPELT_CHARS:
        return spoken
    known = {near: readings for near in _near_spellings(word.lower()) if (readings := analyses(near))}
    return next(iter(known.values())) if len(known) == 1 else ()


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
    return [word_forms(word, lexicon) for word in name_tokens(text)]


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
