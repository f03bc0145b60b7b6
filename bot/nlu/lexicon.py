"""Base forms of names Voikko does not know (Föli, Nysse, YTHS, HOAS, ...).

Finnish inflects proper names like any noun: Föliin, Nyssellä, YTHS:ltä,
HOASilta. Voikko only lemmatizes words in its dictionary, so names are reduced
here by stripping case endings and clitics until a known base form remains.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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


_TOKEN = re.compile(r"[\w:]+", re.UNICODE)


def lexicon_words(text: str) -> list[str]:
    """Word-like tokens of a text, keeping the colon of acronym endings (YTHS:ltä)."""
    return _TOKEN.findall(text)
