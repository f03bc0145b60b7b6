"""Place names and question words: any Finnish case, Swedish names, typos, unknown places."""

from __future__ import annotations

import pytest

from services_catalog.geo.service import GeoService
from services_catalog.language.inflect import inflect, matches
from services_catalog.settings import REPO_ROOT


@pytest.fixture(scope="module")
def geo() -> GeoService:
    return GeoService.from_file(REPO_ROOT / "geodata.yml")


@pytest.mark.parametrize(
    "text, name",
    [
        ("Montako puuta on Eirassa?", "Eira"),
        ("Eiraan", "Eira"),
        ("Eiran puut", "Eira"),
        ("Kalliossa", "Kallio"),
        ("Kallion puut", "Kallio"),
        ("i Berghäll", "Kallio"),
        ("träd i Eira", "Eira"),
        ("Kampissa", "Kamppi"),
        ("Kruununhaassa", "Kruununhaka"),
        ("Lauttasaaressa", "Lauttasaari"),
        ("Herttoniemessä", "Herttoniemi"),
        ("Kaartinkaupungissa", "Kaartinkaupunki"),
        ("Katajanokalla", "Katajanokka"),
        ("etu-töölössä", "Etu-Töölö"),
        ("Pukinmäessä", "Pukinmäki"),
        ("Vanhassa Munkkiniemessä", "Vanha Munkkiniemi"),
        ("Malmin lentokentällä", "Malmin lentokenttä"),
        ("Kaliossa", "Kallio"),  # typo
    ],
)
def test_place_found_in_any_case(geo: GeoService, text: str, name: str) -> None:
    parsed = geo.parse(text)
    assert parsed.areas, f"no place in {text!r}"
    assert parsed.areas[0].key == name


def test_name_in_two_divisions_lists_both(geo: GeoService) -> None:
    parsed = geo.parse("Montako lehmusta on Eirassa?")
    assert {a.division for a in parsed.areas} == {"kaupunginosa", "osa-alue"}
    chosen, others = geo.pick_area(parsed.areas, None)
    assert chosen is not None and chosen.division == "kaupunginosa"  # geodata.yml default
    assert [a.division for a in others] == ["osa-alue"]
    chosen, _ = geo.pick_area(parsed.areas, "osa-alue")
    assert chosen is not None and chosen.division == "osa-alue"


def test_ambiguity_ask_mode_returns_no_choice(geo: GeoService) -> None:
    import dataclasses

    asking = GeoService(dataclasses.replace(geo.cfg, ambiguity="ask"))
    chosen, candidates = asking.pick_area(geo.parse("Eirassa").areas, None)
    assert chosen is None and len(candidates) == 2


def test_unknown_place_suggests_three_closest(geo: GeoService) -> None:
    parsed = geo.parse("Montako puuta on Kallilassa?")
    assert parsed.areas == () and parsed.unknown_place == "kallilassa"
    names = [a.key for a in geo.places.closest(parsed.unknown_place, 3)]
    assert len(names) == 3 and "Kallio" in names and "Vallila" in names


@pytest.mark.parametrize(
    "text, dataset, field, value, place",
    [
        ("Montako puuta on Kalliossa?", "puut", None, None, "Kallio"),
        ("Montako lehmusta?", "puut", "suku", "Tilia", None),
        ("Montako lehmusta on Eirassa?", "puut", "suku", "Tilia", "Eira"),
        ("Montako puistolehmusta on Kampissa?", "puut", "suomenknimi", "PUISTOLEHMUS", "Kamppi"),
        ("Hur många lindar finns det i Berghäll?", "puut", "suku", "Tilia", "Kallio"),
        ("How many oaks are there in Eira?", "puut", "suku", "Quercus", "Eira"),
        ("Montako tammea on Tammisalossa?", "puut", "suku", "Quercus", "Tammisalo"),
        ("montako vaahteraa Lauttasaaressa", "puut", "suku", "Acer", "Lauttasaari"),
    ],
)
def test_question_parts(geo: GeoService, text, dataset, field, value, place) -> None:
    parsed = geo.parse(text)
    assert parsed.dataset == dataset
    if field:
        assert parsed.filter is not None and (parsed.filter.field, parsed.filter.value) == (field, value)
    else:
        assert parsed.filter is None
    assert (parsed.areas[0].key if parsed.areas else None) == place


def test_top_ranking_and_division_words(geo: GeoService) -> None:
    top = geo.parse("yleisimmät istutusvuodet Eirassa")
    assert (top.top_field, top.mode_hint, top.areas[0].key) == ("istutusvuosi", "top", "Eira")
    assert geo.parse("yleisimmät puulajit Kalliossa").top_field == "suku"
    rank = geo.parse("missä kaupunginosassa on eniten lehmuksia?")
    assert (rank.mode_hint, rank.division, rank.filter.value) == ("ranking", "kaupunginosa", "Tilia")
    assert geo.parse("montako mäntyä itäisessä suurpiirissä").areas[0].division == "suurpiiri"


@pytest.mark.parametrize("text", ["", "   ", "?" * 5000, "x" * 100000, "<script>alert(1)</script>", "Ω≈ç√ 💥 \x00"])
def test_hostile_input_parses_to_nothing(geo: GeoService, text: str) -> None:
    parsed = geo.parse(text)
    assert parsed.dataset is None and parsed.areas == ()


def test_inflection_for_training_examples() -> None:
    assert inflect("Kallio") == {"ine": "Kalliossa", "gen": "Kallion", "ill": "Kallioon", "ela": "Kalliosta"}
    assert inflect("Tampere")["ine"] == "Tampereessa"  # a back vowel anywhere: -ssa (the tail alone is neutral)
    assert inflect("Suurpiiri")["ine"] == "Suurpiirissä"  # a compound follows its last part
    assert inflect("Lauttasaari")["ine"] == "Lauttasaaressa"
    assert inflect("Herttoniemi")["ine"] == "Herttoniemessä"
    assert inflect("Kamppi")["ine"] == "Kampissa"
    assert inflect("Etu-Töölö")["ine"] == "Etu-Töölössä"
    for name in ("Kallio", "Lauttasaari", "Kaartinkaupunki", "Östersundom", "Itäinen", "Käpylä"):
        for form in inflect(name).values():
            assert matches(form, name), (form, name)
    assert not matches("puisto", "puu") and not matches("Tammisalossa", "tammi")


def test_long_random_message_is_cheap(geo: GeoService) -> None:
    import random
    import time

    rnd = random.Random(1)
    words = ("".join(rnd.choice("abcdefghijklmnopqrstuvwxyzäö") for _ in range(12)) + "ssa" for _ in range(2000))
    started = time.monotonic()
    geo.parse(" ".join(words))
    assert time.monotonic() - started < 2.0


def test_preload_reads_every_local_file_and_builds_the_place_index_before_any_question() -> None:
    fresh = GeoService.from_file(REPO_ROOT / "geodata.yml")
    assert fresh._places is None and not fresh.file._layers  # noqa: SLF001 - what the preload fills
    fresh.preload()
    assert set(fresh.file._layers) == {d.key for d in fresh.cfg.datasets if d.file}  # noqa: SLF001
    assert set(fresh.file._areas) == {d.key for d in fresh.cfg.divisions if d.file}  # noqa: SLF001
    assert fresh._places is not None and fresh.places.named("Kallio", "kaupunginosa")  # noqa: SLF001


def test_a_broken_file_fails_the_preload_quietly_and_questions_still_load_what_they_need(tmp_path) -> None:
    import dataclasses

    geo = GeoService.from_file(REPO_ROOT / "geodata.yml")
    broken = tmp_path / "broken.geojson"
    broken.write_text("{not json", encoding="utf-8")
    first = dataclasses.replace(geo.cfg.datasets[0], file=broken)
    geo.cfg = dataclasses.replace(geo.cfg, datasets=(first, *geo.cfg.datasets[1:]))
    geo.file.cfg = geo.cfg
    geo.preload()  # logged, not raised
    assert geo.places.named("Kallio", "kaupunginosa")
