"""Statements about oneself -> `tell_about_self` examples: each group and home municipality in fi/sv/en, alone and
combined ("olen opiskelija ja asun Oulussa").

The groups are those of the profile (services_catalog.cards.PROFILE_GROUPS); the municipalities those of the
catalogue. The facts themselves are read by services_catalog.statements, not by the model: these examples only
teach the model that such a message is about the user, so that it is not routed to a term or a search.
"""

from __future__ import annotations

from itertools import cycle

from bot.generate.rasa_yaml import nlu_file
from services_catalog.language import LANGS
from services_catalog.statements import municipalities

INTENT = "tell_about_self"
NLU_PATH = "nlu_data/generated/statements.yml"

# How people say they belong to a group, per language (first person; spoken Finnish too).
GROUP_PHRASES: dict[str, dict[str, tuple[str, ...]]] = {
    "fi": {
        "student": ("olen opiskelija", "opiskelen yliopistossa", "olen amk-opiskelija", "mä oon opiskelija",
                    "opiskelen ammattikoulussa", "olen korkeakouluopiskelija"),
        "youth": ("olen nuori", "olen 17-vuotias", "oon 16", "olen teini"),
        "senior": ("olen ikäihminen", "olen 82-vuotias", "olen jo vanhus", "olen seniori"),
        "retired": ("olen eläkkeellä", "olen eläkeläinen", "jäin eläkkeelle", "oon eläkkeellä"),
        "family": ("meillä on kaksi lasta", "olen yksinhuoltaja", "minulla on pieni lapsi", "olemme lapsiperhe"),
        "unemployed": ("olen työtön", "olen työttömänä", "oon työtön", "olen ollut työttömänä vuoden"),
        "immigrant": ("olen maahanmuuttaja", "muutin Suomeen", "olen uusi Suomessa", "tulin Suomeen pakolaisena"),
    },
    "sv": {
        "student": ("jag är studerande", "jag studerar vid universitetet", "jag är student"),
        "youth": ("jag är ung", "jag är 16 år", "jag är tonåring"),
        "senior": ("jag är äldre", "jag är 78 år gammal"),
        "retired": ("jag är pensionär", "jag har gått i pension"),
        "family": ("jag har två barn", "vi är en barnfamilj", "jag är ensamstående förälder"),
        "unemployed": ("jag är arbetslös", "jag är arbetslös sedan i våras"),
        "immigrant": ("jag är invandrare", "jag flyttade till Finland", "jag är ny i Finland"),
    },
    "en": {
        "student": ("I'm a student", "I am a university student", "I study at the university"),
        "youth": ("I'm young", "I am 17", "I'm a teenager"),
        "senior": ("I'm a senior", "I am 75 years old", "I'm elderly"),
        "retired": ("I'm retired", "I am a pensioner"),
        "family": ("I have two kids", "I'm a single parent", "we have a baby"),
        "unemployed": ("I'm unemployed", "I am out of work"),
        "immigrant": ("I'm an immigrant", "I moved to Finland", "I'm new in Finland"),
    },
}
# Where one lives, in the locative people use with each name (Tampereella, Turussa). A sample of the 309
# municipalities, large and small, with both locative cases: the actions read any of them (statements.py).
FI_LOCATIVES = {"Helsinki": "Helsingissä", "Espoo": "Espoossa", "Vantaa": "Vantaalla", "Tampere": "Tampereella",
                "Turku": "Turussa", "Oulu": "Oulussa", "Mikkeli": "Mikkelissä", "Liperi": "Liperissä",
                "Tohmajärvi": "Tohmajärvellä", "Jyväskylä": "Jyväskylässä", "Lahti": "Lahdessa",
                "Rovaniemi": "Rovaniemellä", "Kuopio": "Kuopiossa", "Vaasa": "Vaasassa"}
PLACE_FRAMES = {
    "fi": ("asun {fi_in}", "asun nykyään {fi_in}", "kotikuntani on {fi}", "mä asun {fi_in}", "asumme {fi_in}"),
    "sv": ("jag bor i {sv}", "min hemkommun är {sv}", "vi bor i {sv}"),
    "en": ("I live in {en}", "my home town is {en}", "we live in {en}", "I'm based in {en}"),
}
JOINERS = {"fi": " ja ", "sv": " och ", "en": " and "}


def _places(lang: str) -> list[str]:
    rows = [m for m in municipalities() if m.name_fi in FI_LOCATIVES]
    frames = cycle(PLACE_FRAMES[lang])
    out = []
    for m in rows:
        names = {"fi": m.name_fi, "sv": m.label("sv"), "en": m.label("en"), "fi_in": FI_LOCATIVES.get(m.name_fi, "")}
        out += [next(frames).format(**names) for _ in range(2)]
    return out


def examples() -> list[str]:
    """Each group phrase alone, each place alone, and group + place combinations (both orders)."""
    out: list[str] = []
    for lang in LANGS:
        groups = [p for phrases in GROUP_PHRASES[lang].values() for p in phrases]
        places = _places(lang)
        out += groups + places
        place_cycle = cycle(places)
        for index, phrase in enumerate(groups):
            place = next(place_cycle)
            out.append(phrase + JOINERS[lang] + place if index % 2 else place + JOINERS[lang] + phrase)
    return list(dict.fromkeys(out))


def generate() -> dict[str, str]:
    return {NLU_PATH: nlu_file({INTENT: examples()})}
