"""Service tables -> `search_service` examples: needs in a few words, as people write them, in fi/sv/en.

The service catalogue is mostly Finnish (PTV), so Finnish examples come from every service's name and from
the "Voit ..." sentence of its summary; Swedish and English ones from the hand-written services' own
translations, the search lexicon's fi/sv/en rows, the life events and the target groups. Examples are chosen
deterministically (by a hash of their text), so a regenerated file only changes when a table does, and their
number is capped per language so that the intent does not swamp the others.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from bot.generate.rasa_yaml import nlu_file
from services_catalog.language import LANGS
from services_catalog.language.normalise import fold
from services_catalog.loaders.bundled import (
    CODE_TABLES,
    hand_written_records,
    hand_written_tables,
    ptv_table_records,
    read_codes,
)
from services_catalog.search.lexicon import LEXICON_CSV
from services_catalog.search.vocabulary import catalogue_vocabulary
from services_catalog.table_io import read_rows, split_list
from services_catalog.terms import load_terms

INTENT = "search_service"
NLU_PATH = "nlu_data/generated/services.yml"
VOCABULARY_TABLE = "service_vocabulary"
# Per language; Finnish has the whole catalogue to draw from, Swedish and English fewer sources.
CAP = {"fi": 700, "sv": 300, "en": 300}
MAX_WORDS = 9  # a need in a few words; longer service names are cut at a word boundary

NAME_FRAMES = {
    "fi": ("{n}", "{n}", "missä on {n}", "etsin palvelua: {n}", "{n}, mistä apua?", "tietoa aiheesta {n}",
           "{n} lähellä", "kuka hoitaa asian: {n}", "haluan tietää: {n}", "{n}, {place}"),
    "sv": ("{n}", "{n}", "var finns {n}", "jag söker {n}", "{n} i {place}", "hjälp med {n}", "information om {n}"),
    "en": ("{n}", "{n}", "where can I find {n}", "I'm looking for {n}", "{n} in {place}", "help with {n}",
           "information about {n}"),
}
# Lexicon words are nouns of every kind ("droger" among them): frames that fit any of them.
WORD_FRAMES = {
    "fi": ("{n}", "apua: {n}", "{n} palvelut", "tietoa: {n}", "{n}, {place}", "{n}?"),
    "sv": ("{n}", "hjälp med {n}", "var får jag hjälp med {n}", "{n} i {place}", "information om {n}", "{n}?"),
    "en": ("{n}", "help with {n}", "where do I get help with {n}", "{n} in {place}", "information about {n}", "{n}?"),
}
GROUP_FRAMES = {
    "fi": ("palvelut: {n}", "mitä palveluja on tarjolla: {n}"),
    "sv": ("tjänster för {n}", "vilka tjänster finns för {n}"),
    "en": ("services for {n}", "what services are there for {n}"),
}
PLACES = {"fi": ("Turku", "Oulu", "Mikkeli"), "sv": ("Åbo", "Uleåborg", "S:t Michel"),
          "en": ("Turku", "Oulu", "Mikkeli")}
# "Voit hakea ..." in a summary is the need seen from the other side: "voinko hakea ..."
_YOU_CAN = re.compile(r"^(Voit|Saat)\s+([^.,;:()]+)")


def _stable(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:12], 16)


def _short(text: str) -> str:
    words = re.sub(r"[()\"]", " ", text).split()
    return " ".join(words[:MAX_WORDS]).rstrip(",;:-–")


def _framed(words: Iterable[str], frames: tuple[str, ...], lang: str) -> list[str]:
    """Each word in one frame, chosen by its hash (deterministic, spread over the frames)."""
    out = []
    for word in words:
        key = _stable(f"{lang}:{word}")
        frame = frames[key % len(frames)]
        place = PLACES[lang][key // len(frames) % len(PLACES[lang])]
        out.append(frame.format(n=word, place=place))
    return out


def _lower_first(name: str) -> str:
    """Service names start with a capital; a need in a chat usually does not (acronyms stay)."""
    return name if name[:2].isupper() else name[:1].lower() + name[1:]


def _term_names() -> set[str]:
    return {fold(name) for term in load_terms() for name in term.all_names()}


def service_examples() -> dict[str, list[str]]:
    """Candidate examples per language, before the cap.

    Lexicon words that are term names ("asumistuki", "skattekort") are left out: as bare words they are
    term questions (the term answer lists the term's services too), and as both they would teach nothing.
    """
    term_names = _term_names()
    records = list(ptv_table_records()) + list(hand_written_records(hand_written_tables()))
    out: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for lang in LANGS:
        names = [_short(_lower_first(r.names[lang])) for r in records if r.names.get(lang)]
        out[lang] += _framed(names, NAME_FRAMES[lang], lang)
    for record in records:
        match = _YOU_CAN.match(record.summaries.get("fi", ""))
        if match:
            verb = "voinko" if match.group(1) == "Voit" else "saanko"
            out["fi"].append(_short(f"{verb} {match.group(2)}"))
    for row in read_rows(LEXICON_CSV):
        for lang in LANGS:
            words = [w for w in split_list(row.get(lang, "")) if fold(w) not in term_names]
            out[lang] += _framed(words, WORD_FRAMES[lang], lang)
    for kind in ("life_events", "target_groups"):
        for code in read_codes(CODE_TABLES[kind]):
            for lang, name in code.names.items():
                frames = WORD_FRAMES[lang] if kind == "life_events" else GROUP_FRAMES[lang]
                out[lang] += _framed([_lower_first(name)], frames, lang)
    return out


def examples() -> list[str]:
    """The capped, deterministic selection, Finnish first; never an example that is a term's bare name."""
    term_names = _term_names()
    chosen: list[str] = []
    for lang, candidates in service_examples().items():
        unique = sorted(dict.fromkeys(" ".join(c.split()) for c in candidates
                                      if c.strip() and fold(" ".join(c.split())) not in term_names), key=_stable)
        chosen += unique[: CAP[lang]]
    return list(dict.fromkeys(chosen))


def vocabulary() -> list[str]:
    """Every word of the service tables and the search lexicon: what the bot knows of, even if no example shows
    it (the router does not call such a word unknown)."""
    return sorted(catalogue_vocabulary())


def generate() -> dict[str, str]:
    return {NLU_PATH: nlu_file({INTENT: examples()}, {VOCABULARY_TABLE: vocabulary()})}
