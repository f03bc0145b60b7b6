"""Numbers written as words, in Finnish (standard and spoken), Swedish and English: "seitsemänkymmentäkaksi",
"seittemäntoista", "kakskyt", "sjuttiotvå", "seventy-three". People write ages so ("oon seittemäntoista").

Only whole numbers from 1 to 129 are read: ages, not sums.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

MAX_VALUE = 129

_FI_UNITS = {
    "yksi": 1, "yks": 1, "kaksi": 2, "kaks": 2, "kolme": 3, "neljä": 4, "nelj": 4, "viisi": 5, "viis": 5,
    "kuusi": 6, "kuus": 6, "seitsemän": 7, "seittemän": 7, "seitsmän": 7, "seitse": 7, "seit": 7,
    "kahdeksan": 8, "kaheksan": 8, "kahdeks": 8, "kaheks": 8, "yhdeksän": 9, "yheksän": 9, "yhdeks": 9, "yheks": 9,
}
_FI_TEN = "kymmenen|kymppi"
_FI_TEENS = "toista|toist|tois"
_FI_TENS = "kymmentä|kymment|kytä|kyt"
_FI_HUNDRED = "sata"

_SV_ARTICLES = ("en", "ett")  # "one" as well, but articles far more often: never read as a number alone
_SV_UNITS = {"ett": 1, "en": 1, "två": 2, "tre": 3, "fyra": 4, "fem": 5, "sex": 6, "sju": 7, "åtta": 8, "nio": 9}
_SV_TEENS = {"tio": 10, "elva": 11, "tolv": 12, "tretton": 13, "fjorton": 14, "femton": 15, "sexton": 16,
             "sjutton": 17, "arton": 18, "nitton": 19}
_SV_TENS = {"tjugo": 20, "tjuge": 20, "trettio": 30, "trettí": 30, "fyrtio": 40, "femtio": 50, "sextio": 60,
            "sjuttio": 70, "åttio": 80, "nittio": 90}

_EN_UNITS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9}
_EN_TEENS = {"ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
             "seventeen": 17, "eighteen": 18, "nineteen": 19}
_EN_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
            "ninety": 90}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@lru_cache(maxsize=1)
def _finnish() -> re.Pattern[str]:
    unit = _alternation(_FI_UNITS)
    return re.compile(
        rf"(?P<hundred>{_FI_HUNDRED})?(?:(?P<ten>{_FI_TEN})|(?P<teen_unit>{unit})(?:{_FI_TEENS})"
        rf"|(?:(?P<tens_unit>{unit})(?:{_FI_TENS}))?(?P<unit>{unit})?)")


def _finnish_value(word: str) -> int | None:
    match = _finnish().fullmatch(word)
    if not match or not any(match.groupdict().values()):
        return None
    parts = match.groupdict()
    value = 100 if parts["hundred"] else 0
    if parts["ten"]:
        return value + 10
    if parts["teen_unit"]:
        return value + 10 + _FI_UNITS[parts["teen_unit"]]
    value += 10 * _FI_UNITS[parts["tens_unit"]] if parts["tens_unit"] else 0
    return value + (_FI_UNITS[parts["unit"]] if parts["unit"] else 0)


def _swedish_value(word: str) -> int | None:
    if word in _SV_TEENS:
        return _SV_TEENS[word]
    if word in _SV_UNITS and word not in _SV_ARTICLES:
        return _SV_UNITS[word]
    for tens, value in _SV_TENS.items():
        if word.startswith(tens):
            rest = word[len(tens):]
            if not rest:
                return value
            if rest in _SV_UNITS:
                return value + _SV_UNITS[rest]
    return None


def _english_value(word: str) -> int | None:
    if word in _EN_UNITS:
        return _EN_UNITS[word]
    if word in _EN_TEENS:
        return _EN_TEENS[word]
    tens, _, unit = word.replace(" ", "-").partition("-")
    if tens in _EN_TENS and (not unit or unit in _EN_UNITS):
        return _EN_TENS[tens] + (_EN_UNITS[unit] if unit else 0)
    return None


def number_value(word: str) -> int | None:
    """The value of a number written in digits or as one word (fi, sv, en; "seventy-three" and "seventy three"
    count as one), or None."""
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    for read in (_english_value, _swedish_value, _finnish_value):
        value = read(word)
        if value is not None and 0 < value <= MAX_VALUE:
            return value
    return None


# Number words of Swedish and English as a regular expression: for patterns such as "I'm {number} years old".
NUMBER_WORDS_SV_EN = (
    rf"(?:(?:{_alternation(_EN_TENS)})(?:[- ](?:{_alternation(_EN_UNITS)}))?|{_alternation(_EN_TEENS)}"
    rf"|{_alternation(_EN_UNITS)}|(?:{_alternation(_SV_TENS)})(?:{_alternation(_SV_UNITS)})?"
    rf"|{_alternation(_SV_TEENS)}|{_alternation(w for w in _SV_UNITS if w not in _SV_ARTICLES)})"
)
