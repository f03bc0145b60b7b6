"""Finding table names in a question written in Finnish, Swedish or English.

Finnish inflects names ("IBM:n", "Meltlaken", "paikkatiedon"), so aliases in the
tables are stems: an alias of five or more characters matches any word that starts
with it; a shorter one ("kuva", "sote", "ibm") matches only itself plus a few
case endings, so that "kuva" does not match "kuvaus".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from services_catalog.language.normalise import matching_text

_SHORT_SUFFIXES = "n|a|ta|ssa|sta|lla|lta|lle|ksi|na|in|ia|iin|ien|illa|issa|ista|ille|ilta|ina|iksi|s"
_PREFIX_MIN = 5
YEAR = re.compile(r"(?<!\d)(20\d\d)(?!\d)")


def normalise(text: str) -> str:
    """Lower-case, fold å/ä/ö, drop the colon of "IBM:n", turn hyphens and punctuation into single spaces."""
    return matching_text(text)


@lru_cache(maxsize=4096)
def _pattern(alias: str) -> re.Pattern[str]:
    stem = normalise(alias).strip()
    ending = r"\w*" if len(stem) >= _PREFIX_MIN else f"(?:{_SHORT_SUFFIXES})?"
    return re.compile(r"(?<!\w)" + re.escape(stem) + ending + r"(?!\w)")


def alias_hits(norm_text: str, aliases: Iterable[str]) -> list[str]:
    """The aliases that occur in an already normalised text."""
    return [a for a in aliases if a.strip() and _pattern(a).search(norm_text)]


def mentions(norm_text: str, aliases: Iterable[str]) -> bool:
    return bool(alias_hits(norm_text, aliases))


@dataclass(frozen=True)
class Hit:
    id: str
    score: int


def best_hits(norm_text: str, candidates: Iterable[tuple[str, list[str]]]) -> list[str]:
    """Ids of the candidates with the most alias hits; several ids when they tie."""
    hits = [Hit(cid, len(alias_hits(norm_text, aliases))) for cid, aliases in candidates]
    top = max((h.score for h in hits), default=0)
    return [h.id for h in hits if top and h.score == top]


def all_hits(norm_text: str, candidates: Iterable[tuple[str, list[str]]]) -> list[str]:
    """Ids of every candidate with at least one alias hit, in table order."""
    return [cid for cid, aliases in candidates if alias_hits(norm_text, aliases)]


def years(text: str) -> list[int]:
    return [int(y) for y in YEAR.findall(text or "")]
