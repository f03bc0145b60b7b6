"""Programme tables -> `ask_programme` examples that name each campaign, experiment, partner and division,
and lookup tables of those names, so a renamed or added row is known after a retrain without code."""

from __future__ import annotations

from collections.abc import Iterable

from bot.generate.rasa_yaml import HEADER, RASA_VERSION, examples_block
from services_catalog.language import LANGS
from services_catalog.programme import load_programme
from services_catalog.programme.tables import Programme

INTENT = "ask_programme"
NLU_PATH = "nlu_data/generated/programme.yml"
FRAMES_PER_NAME = 2

# Question frames per entity and language; {n} is an annotated name.
FRAMES: dict[str, dict[str, tuple[str, ...]]] = {
    "campaign": {
        "fi": (
            "montako kokeilua oli kampanjassa {n}",
            "paljonko budjetti oli kampanjassa {n}",
            "kerro kampanjasta {n}",
            "mitkä olivat kampanjan {n} kokeilut",
            "milloin kampanja {n} oli",
            "mitkä olivat kampanjan {n} teemat",
        ),
        "sv": (
            "hur många försök hade kampanjen {n}",
            "berätta om kampanjen {n}",
            "vilken budget hade kampanjen {n}",
            "vilka försök fanns i kampanjen {n}",
        ),
        "en": (
            "how many experiments did the {n} campaign have",
            "tell me about the {n} campaign",
            "what was the budget of the {n} campaign",
            "which experiments were in the {n} campaign",
        ),
    },
    "experiment": {
        "fi": (
            "kerro kokeilusta {n}",
            "kuka oli kokeilun {n} yrityskumppani",
            "mikä oli kokeilun {n} tavoite",
            "mikä toimiala teki kokeilun {n}",
            "mitä kokeilussa {n} saatiin aikaan",
            "mikä oli {n}",
        ),
        "sv": ("berätta om försöket {n}", "vem var partner i försöket {n}", "vad blev resultatet av {n}"),
        "en": (
            "tell me about the {n}",
            "who was the partner of the {n}",
            "what was the goal of {n}",
            "what came out of {n}",
        ),
    },
    "partner": {
        "fi": ("mitä kokeiluja {n} teki", "missä kokeiluissa {n} oli kumppanina", "kokeilut joissa kumppani oli {n}"),
        "sv": ("vilka försök gjorde {n}", "försök med {n}"),
        "en": ("experiments with {n}", "which experiments did {n} work on"),
    },
    "department": {
        "fi": ("mitä kokeiluja toimialalla {n} oli", "kokeilut joita {n} teki", "mitkä kokeilut teki {n}"),
        "sv": ("vilka försök gjorde {n}", "försök inom {n}"),
        "en": ("experiments by {n}", "which experiments did {n} run"),
    },
}


def _annotate(name: str, entity: str) -> str:
    # Brackets and parentheses would break Rasa's entity markup.
    clean = " ".join(name.replace("[", " ").replace("]", " ").replace("(", " ").replace(")", " ").split())
    return f"[{clean}]({entity})"


def _examples(entity: str, names_by_lang: Iterable[tuple[str, str]]) -> list[str]:
    """A few frames per name, rotating through the frames so every frame is used."""
    examples = []
    for index, (lang, name) in enumerate(names_by_lang):
        frames = FRAMES[entity][lang]
        for k in range(min(FRAMES_PER_NAME, len(frames))):
            examples.append(frames[(index + k) % len(frames)].format(n=_annotate(name, entity)))
    return examples


def _lang_of(name: str) -> str:
    """Guess a short name's language from its wording; only picks the question frame."""
    lowered = name.lower()
    if any(
        w in lowered
        for w in (
            "experiment",
            " staff",
            "analytics",
            " data",
            "feedback",
            "reports",
            "messages",
            "transport",
            "reception",
            "path",
            "management",
        )
    ):
        return "en"
    if any(
        w in lowered
        for w in ("försök", "hälsostation", "nyckel", "snabbhjälp", "introduktion", "anställ", "massrekryteringen")
    ):
        return "sv"
    return "fi"


def names(programme: Programme) -> dict[str, list[tuple[str, str]]]:
    """(language, name) pairs per entity, as written in the tables."""
    return {
        "campaign": [(lang, c.name[lang]) for c in programme.campaigns for lang in LANGS],
        "experiment": [(_lang_of(n), n) for e in programme.experiments for n in e.names],
        "partner": [(lang, p.name) for p in programme.partners for lang in LANGS],
        "department": [(lang, d.name[lang]) for d in programme.departments for lang in LANGS]
        + [("fi", d.abbreviation) for d in programme.departments],
    }


def nlu_text(programme: Programme) -> str:
    by_entity = names(programme)
    examples = [e for entity, pairs in by_entity.items() for e in _examples(entity, pairs)]
    blocks = [examples_block("intent", INTENT, dict.fromkeys(examples))]
    for entity, pairs in by_entity.items():
        blocks.append(examples_block("lookup", entity, sorted({name for _, name in pairs})))
    return HEADER + f"version: {RASA_VERSION}\nnlu:\n" + "".join(blocks)


def generate() -> dict[str, str]:
    return {NLU_PATH: nlu_text(load_programme())}
