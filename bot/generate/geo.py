"""geodata.yml + area names -> geodata training examples and lookup tables.

Every dataset, attribute value, division and area in the config appears in
some example, so a dataset or division added to geodata.yml is known after
`citybot build-data` and a retrain, without code.
"""

from __future__ import annotations

from itertools import cycle
from pathlib import Path

from bot.generate.rasa_yaml import nlu_file
from services_catalog.geo.config import GeoConfig, load_config
from services_catalog.geo.service import GeoService
from services_catalog.language import LANGS
from services_catalog.language.inflect import inflect, partitive
from services_catalog.settings import get_settings

NLU_PATH = "nlu_data/generated/geo.yml"

COUNT_FRAMES = {
    # the area in the inessive, genitive and elative, as people name it
    "fi": ("montako {part} on {ine}", "kuinka monta {part} {ine} on", "paljonko {part} on {ine}",
           "paljonko {plural_part} löytyy {ine}", "{gen} alueella kasvaa montako {part}",
           "kuinka monta {part} on {gen} kaupunginosassa", "{ela} löytyy kuinka monta {part}",
           "montako {part} on laskettu {ela}"),
    "sv": ("hur många {word} finns det i {area}", "antal {word} i {area}"),
    "en": ("how many {plural} are there in {area}", "number of {plural} in {area}"),
}
TOP_FRAMES = {
    "fi": ("yleisimmät {word} {ine}", "mitkä ovat yleisimmät {word} {ine}"),
    "sv": ("vanligaste {word} i {area}",),
    "en": ("most common {word} in {area}",),
}
RANK_FRAMES = {
    "fi": ("missä {div_ine} on eniten {plural_part}", "missä {div_ine} kasvaa eniten {plural_part}"),
    "sv": ("i vilken {div} finns flest {word}",),
    "en": ("which {div} has the most {plural}",),
}
TABLE_FRAMES = {
    "fi": ("{plural_part} jokaisessa {div_ine}", "{word} {div_ine} taulukkona"),
    "sv": ("antal {word} per {div}",),
    "en": ("{plural} per {div}",),
}

AREAS_PER_DIVISION = 20


def _english_plural(word: str) -> str:
    return word + ("es" if word.endswith(("ch", "sh", "s", "x")) else "s")


def _things(cfg: GeoConfig, lang: str) -> list[dict[str, str]]:
    """Every countable noun (dataset names and attribute values) with the forms the frames need."""
    out = []
    for ds in cfg.datasets:
        nouns = [(w, ds.forms) for w in ds.names[lang]]
        nouns += [(w, v.forms) for attr in ds.attributes for v in attr.values for w in v.names[lang]]
        for word, forms in nouns:
            out.append({
                "word": word,
                "part": partitive(word, forms) if lang == "fi" else word,
                "plural_part": partitive(word, forms, plural=True) if lang == "fi" else word,
                "plural": _english_plural(word) if lang == "en" else word,
            })
    return out


def _area_names(geo: GeoService, lang: str) -> list[str]:
    """Up to AREAS_PER_DIVISION names per division, spread over the list.

    Lookup tables carry every name; examples only need enough of them to teach
    the pattern, and fewer examples keep retraining quick.
    """
    names: dict[str, None] = {}
    for div in geo.cfg.divisions:
        areas = geo.places.areas(div.key)
        step = max(1, -(-len(areas) // AREAS_PER_DIVISION))
        for area in areas[::step]:
            names[area.label(lang) if lang == "sv" else area.label("fi")] = None
    return list(names)


def examples(geo: GeoService) -> dict[str, list[str]]:
    """Examples per intent, deterministic; every division and every countable word appears."""
    cfg = geo.cfg
    out: dict[str, list[str]] = {"geo_count": [], "geo_top": [], "geo_ranking": [], "geo_table": []}
    for lang in LANGS:
        things = cycle(_things(cfg, lang))
        frames = cycle(COUNT_FRAMES[lang])
        areas = _area_names(geo, lang) if lang != "en" else _area_names(geo, "fi")[::3]
        for area in areas:
            forms = inflect(area)
            out["geo_count"].append(next(frames).format(area=area, ine=forms["ine"], gen=forms["gen"],
                                                        ela=forms["ela"], **next(things)))
        top_words = [w for ds in cfg.datasets for attr in ds.attributes for w in attr.plural[lang]]
        top_frames = cycle(TOP_FRAMES[lang])
        for word, area in zip(top_words, cycle(areas[::7] or areas)):
            out["geo_top"].append(next(top_frames).format(word=word, area=area, ine=inflect(area)["ine"]))
        for div in cfg.divisions:
            for name in div.names[lang]:
                for frames, intent in ((RANK_FRAMES, "geo_ranking"), (TABLE_FRAMES, "geo_table")):
                    for frame, thing in zip(frames[lang], cycle(_things(cfg, lang)[::5])):
                        out[intent].append(frame.format(div=name, div_ine=inflect(name)["ine"], **thing))
    return {intent: list(dict.fromkeys(e.lower() for e in items)) for intent, items in out.items()}


def lookups(geo: GeoService) -> dict[str, list[str]]:
    """Area names in their common case forms, and the countable words, for RegexFeaturizer."""
    areas: set[str] = set()
    for area in geo.places.areas():
        for _, name in area.names:
            areas.add(name)
            areas.update(inflect(name).values())
    words: set[str] = set()
    for ds in geo.cfg.datasets:
        for lang in LANGS:
            words.update(ds.names[lang])
            for attr in ds.attributes:
                words.update(w for v in attr.values for w in v.names[lang])
    return {"geo_place": sorted(areas), "geo_thing": sorted(words)}


def nlu_text(geo: GeoService) -> str:
    return nlu_file(examples(geo), lookups(geo))


def generate(config_path: Path | str | None = None) -> dict[str, str]:
    """Repo-relative path -> file text, for `citybot build-data`."""
    if config_path is None:
        config_path = get_settings().geodata
    return {NLU_PATH: nlu_text(GeoService(load_config(config_path)))}
