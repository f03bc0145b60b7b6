"""Language handling for every capability: which languages, detection, normalisation, lemmas, stems, case forms.

Modules:
- `normalise`: folding and cutting text into words (one home for every tokeniser).
- `detect`: which of fi/sv/en a message is written in, and the reply language.
- `lemmas`: Finnish base forms from Voikko plus the lexicon of the project's own names (Föliin -> föli).
- `stems`: Snowball stems and stop words for search.
- `inflect`: Finnish case forms of known names, to recognise them and to generate training examples.

Imports only the standard library and language libraries (Voikko, lingua, snowball, rapidfuzz).
"""

from __future__ import annotations

from typing import Literal

Lang = Literal["fi", "sv", "en"]
LANGS: tuple[Lang, ...] = ("fi", "sv", "en")
DEFAULT_LANG: Lang = "fi"


def supported(lang: object) -> bool:
    """Whether `lang` is one of the languages the bot answers in."""
    return lang in LANGS
