"""Read a geodata question: which dataset, which attribute value, which division and area.

Rasa decides *what kind* of question it is (intent); this module fills in the
details straight from the words, so that any dataset or area named in
geodata.yml is understood without new training examples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from services_catalog.geo.config import GeoConfig
from services_catalog.geo.places import Area, PlaceIndex
from services_catalog.language import LANGS
from services_catalog.language.inflect import phrase_initials, phrase_matches
from services_catalog.language.normalise import compound_tokens, fold

MAX_TOKENS = 40  # longer messages are cut: nobody asks a count in a paragraph

# Words that are never place names, so an unknown-place guess skips them.
_STOP = set(
    "montako kuinka monta paljonko missä mikä mitkä mitä on onko ovat oli ja tai sekä "
    "alueella alueen alue yleisimmät yleisin eniten vähiten kaikissa jokaisessa "
    "hur många finns det i på och vilka vanligaste flest var "
    "how many are there is in the of and which what most common where each every per".split()
)
_LOCATIVE = re.compile(r"(ssa|ssä|lla|llä|sta|stä|an|än|en|in|on|un|yn|ön)$")
_RANK_WORDS = {"eniten", "vähiten", "flest", "most", "minst", "least"}
_TOP_WORDS = {
    "yleisimmät", "yleisin", "yleisimpiä", "tavallisimmat", "vanligaste", "vanligast", "commonest", "common",
}
# Words that ask for a number: beside a place the index does not know, only they make a geodata question ("mihin
# voi ilmoittaa että puistossa on kaatunut puu" names a tree and a locative, and asks where to report it)
_COUNT_WORDS = {
    "montako", "monta", "paljonko", "lukumäärä", "määrä", "kpl", "många", "antal", "antalet", "many", "number",
    "count",
}
_TABLE_WORDS = {
    "kaupunginosittain", "alueittain", "piireittäin", "jokaisessa", "kaikissa", "varje", "alla", "each", "every", "per",
}


@dataclass(frozen=True)
class Filter:
    field: str
    value: str
    label: str


@dataclass
class Parsed:
    dataset: str | None = None
    filter: Filter | None = None
    division: str | None = None
    areas: tuple[Area, ...] = ()
    unknown_place: str | None = None
    top_field: str | None = None
    mode_hint: str | None = None  # "ranking", "top", "table" from wording alone
    asks_count: bool = False  # a word that asks for a number ("montako", "how many")
    fuzzy_place: bool = False
    used: set[int] = field(default_factory=set)


def _find_phrase(toks: list[str], lemma: str, lang: str, forms: tuple[str, ...], skip: set[int]) -> range | None:
    size = len(lemma.split())
    for start in range(len(toks) - size + 1):
        span = range(start, start + size)
        if not skip.intersection(span) and phrase_matches(toks[start : start + size], lemma, forms, lang):
            return span
    return None


_Vocab = list[tuple[str, str, str, tuple[str, ...], tuple]]
_vocab_of: tuple[GeoConfig, _Vocab] | None = None  # the last config's, since every message is read against it


def _vocab(cfg: GeoConfig) -> _Vocab:
    """(kind, lemma, lang, forms, target) for every word in the config, longest lemma first."""
    global _vocab_of
    if _vocab_of is None or _vocab_of[0] is not cfg:
        _vocab_of = (cfg, _config_vocab(cfg))
    return _vocab_of[1]


def _config_vocab(cfg: GeoConfig) -> _Vocab:
    out = []
    for ds in cfg.datasets:
        for lang in LANGS:
            out += [("dataset", w, lang, ds.forms, (ds.key,)) for w in ds.names[lang]]
        for attr in ds.attributes:
            for lang in LANGS:
                out += [("top", w, lang, (), (ds.key, attr.field)) for w in attr.plural[lang]]
            for val in attr.values:
                for lang in LANGS:
                    out += [
                        ("value", w, lang, val.forms, (ds.key, attr.field, val.value, attr.refines is not None))
                        for w in val.names[lang]
                    ]
    for div in cfg.divisions:
        for lang in LANGS:
            out += [("division", w, lang, (), (div.key,)) for w in div.names[lang]]
    # refining values (puistolehmus) before genera (lehmus); longer phrases first
    out.sort(key=lambda e: (-len(e[1].split()), not (e[0] == "value" and e[4][3]), -len(e[1])))
    return out


def parse(text: str, cfg: GeoConfig, places: PlaceIndex) -> Parsed:
    """Everything the message says about a geodata question; unknown parts stay None."""
    raw_words = re.findall(r"\S+", text or "")[:MAX_TOKENS]
    toks = compound_tokens(" ".join(raw_words))[:MAX_TOKENS]
    result = Parsed()
    used: set[int] = set()
    initials = {fold(tok)[:1] for tok in toks}
    for kind, lemma, lang, forms, target in _vocab(cfg):
        possible = phrase_initials(lemma, forms, lang)
        if possible is not None and not possible & initials:
            continue
        span = _find_phrase(toks, lemma, lang, forms, used)
        if span is None:
            continue
        if kind == "dataset" and result.dataset is None:
            result.dataset = target[0]
        elif kind == "value" and result.filter is None:
            ds_key, fieldname, value, _ = target
            result.dataset = result.dataset or ds_key
            label = cfg.dataset(ds_key).attribute(fieldname).value(value).label("fi")  # type: ignore[union-attr]
            result.filter = Filter(fieldname, value, label)
        elif kind == "top" and result.top_field is None:
            result.dataset = result.dataset or target[0]
            result.top_field = target[1]
        elif kind == "division" and result.division is None:
            result.division = target[0]
        else:
            continue
        used.update(span)
    match = places.find(toks, used)
    if match is not None:
        result.areas = match.areas
        result.fuzzy_place = match.fuzzy
        used.update(range(match.start, match.end))
    else:
        result.unknown_place = _unknown_place(toks, raw_words, used)
    words = set(toks)
    result.asks_count = bool(words & _COUNT_WORDS)
    if words & _RANK_WORDS:
        result.mode_hint = "ranking"
    elif words & _TOP_WORDS or result.top_field:
        result.mode_hint = "top"
    elif words & _TABLE_WORDS:
        result.mode_hint = "table"
    result.used = used
    return result


def clear_mode(parsed: Parsed) -> str | None:
    """The kind of geodata question a message certainly is, or None.

    Something countable (a dataset or one of its values) and where (an area, or a division to rank) make a
    geodata question whatever the wording, in any of the area's case forms: "Paljonko puita löytyy
    Kalliossa?", "lindarnas antal i Berghäll", "missä suurpiirissä on eniten koivuja?".
    """
    if not parsed.dataset:
        return None
    if parsed.mode_hint in ("ranking", "table") and (parsed.division or not parsed.areas):
        return parsed.mode_hint
    if parsed.areas or (parsed.unknown_place and (parsed.asks_count or parsed.mode_hint)):
        # a countable thing with a place name the index does not know ("Montako puuta on Kallilassa?") is
        # still a geodata question: the geo answer says the place is unknown and suggests the nearest areas
        return "top" if parsed.mode_hint == "top" else "count"
    return None


def _unknown_place(toks: list[str], raw_words: list[str], used: set[int]) -> str | None:
    """The word most likely meant as a place: capitalised or locative, not a known word."""
    capitalised = {fold(w.strip("?!.,:;")) for i, w in enumerate(raw_words) if i > 0 and w[:1].isupper()}
    guess = None
    for i, tok in enumerate(toks):
        if i in used or tok in _STOP or len(tok) < 3 or tok.isdigit():
            continue
        if tok in capitalised or _LOCATIVE.search(tok):
            guess = tok
    return guess
