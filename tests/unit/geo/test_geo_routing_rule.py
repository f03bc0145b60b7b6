"""Geodata questions are recognised by what they count and where, in any case form of the area's name."""

from __future__ import annotations

import pytest

from services_catalog.geo.config import load_config
from services_catalog.geo.query import clear_mode
from services_catalog.geo.service import GeoService
from services_catalog.settings import REPO_ROOT


@pytest.fixture(scope="module")
def geo() -> GeoService:
    return GeoService(load_config(REPO_ROOT / "geodata.yml"))


@pytest.mark.parametrize(("text", "mode", "area"), [
    ("Paljonko puita löytyy Kalliossa?", "count", "Kallio"),  # was answered from the term table
    ("Montako puuta on Santahaminassa?", "count", "Santahamina"),
    ("Kallion puiden määrä", "count", "Kallio"),  # genitive
    ("montako lehmusta Etu-Töölöstä löytyy", "count", "Etu-Töölö"),  # elative of a hyphenated name
    ("montako koivua Ulkosaarissa on", "count", "Ulkosaaret"),  # plural name; was counted in Kulosaari
    ("lindarnas antal i Berghäll", "count", "Kallio"),  # Swedish name, Swedish genitive of the genus
    ("missä suurpiirissä on eniten koivuja?", "ranking", None),  # was the Tyks definition
    ("yleisimmät puulajit Vallilassa", "top", "Vallila"),
    # a place the index does not know is still a count, so that the geo answer can say so and suggest areas
    ("Montako puuta on Kallilassa?", "count", None),  # was the "opintopiste" definition
    ("Paljonko koivuja löytyy Xyzlässä?", "count", None),
])
def test_counting_questions_get_their_mode_and_area(geo, text, mode, area):
    parsed = geo.parse(text)
    assert clear_mode(parsed) == mode
    if area:
        assert geo.pick_area(parsed.areas, parsed.division)[0].key == area


@pytest.mark.parametrize("text", ["Mikä on Kela?", "asun Kalliossa", "Tuomarinkylän kartano", "puistot Helsingissä",
                                  # a tree and a locative without a number asked: a report, not a count
                                  "mihin voi ilmoittaa että puistossa on kaatunut puu polun päällä?"])
def test_other_questions_are_left_to_the_model(geo, text):
    assert clear_mode(geo.parse(text)) is None


def test_a_real_word_is_not_taken_for_a_misspelt_place(geo):
    # "Ulkosaarissa" is a word Voikko knows (ulkosaari): fuzzy matching must not turn it into Kulosaari
    assert [a.key for a in geo.parse("montako puuta Ulkosaarissa").areas] == ["Ulkosaaret"] * len(
        geo.parse("montako puuta Ulkosaarissa").areas)
    assert geo.parse("Montako puuta on Kaliossa?").fuzzy_place  # a typo still finds Kallio, marked fuzzy


def _training_and_eval_texts() -> list[str]:
    import re

    import yaml

    texts: list[str] = []
    for path in sorted((REPO_ROOT / "tests" / "eval").glob("dev_*.yml")):
        texts += [c["text"] for c in yaml.safe_load(path.read_text(encoding="utf-8")) if isinstance(c.get("text"), str)]
    for path in sorted((REPO_ROOT / "nlu_data").glob("*.yml")) + [REPO_ROOT / "nlu_data" / "generated" / "geo.yml"]:
        for block in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            for line in (block.get("examples") or "").splitlines():
                # "[Eirassa](geo_area)" -> "Eirassa"
                texts.append(re.sub(r"\[([^\]]*)\]\([^)]*\)|\[([^\]]*)\]\{[^}]*\}",
                                    lambda m: m.group(1) or m.group(2), line.lstrip("- ").strip()))
    return [t for t in texts if t]


def test_skipping_names_by_their_first_letters_reads_every_message_the_same(geo, monkeypatch):
    import services_catalog.geo.query as query

    texts = _training_and_eval_texts()
    assert len(texts) > 3000
    fast = [repr(geo.parse(t)) for t in texts]
    monkeypatch.setattr(query, "phrase_initials", lambda *_args: None)  # every name tried at every word
    assert [repr(geo.parse(t)) for t in texts] == fast
