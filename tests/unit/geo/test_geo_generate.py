"""A new dataset and a new division need only geodata.yml: training data, parsing and counting follow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLReader
from shapely.geometry import shape

from bot.generate import geo as geo_generator
from services_catalog.geo.config import GeoConfigError, load_config
from services_catalog.geo.service import GeoService, blocking
from services_catalog.settings import REPO_ROOT
from tests.support.mapserver.configs import FIXTURES, write_config


@pytest.fixture(scope="module")
def extra_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_config(tmp_path_factory.mktemp("extra"), None, backend="file", extra=True)


def test_generated_file_is_valid_rasa_nlu() -> None:
    files = geo_generator.generate(REPO_ROOT / "geodata.yml")
    assert list(files) == ["nlu_data/generated/geo.yml"]
    data = RasaYAMLReader().reads(files["nlu_data/generated/geo.yml"])
    intents = {m.get("intent") for m in data.intent_examples}
    assert intents == {"geo_count", "geo_top", "geo_ranking", "geo_table"}
    texts = {m.get("text") for m in data.intent_examples}
    # Finnish examples name areas in the inessive, genitive and elative and things in the partitive;
    # Swedish ones by Swedish name.
    assert "paljonko lehtikuusia löytyy eirassa" in texts and "paljonko lehmuksia löytyy latokartanossa" in texts
    assert "pakilan alueella kasvaa montako jalavaa" in texts  # genitive
    assert "kaartinkaupungista löytyy kuinka monta mäntyä" in texts  # elative
    assert "antal lärk i eira" in texts
    lookup = {t["name"]: t["elements"] for t in data.lookup_tables}
    assert {"Kallio", "Kalliossa", "Berghäll"} <= set(lookup["geo_place"])


def test_committed_generated_file_is_current() -> None:
    """nlu_data/generated/geo.yml must match geodata.yml (run `citybot build-data`)."""
    for path, text in geo_generator.generate(REPO_ROOT / "geodata.yml").items():
        assert (REPO_ROOT / path).read_text("utf-8") == text


def test_second_dataset_and_division_from_fixture(extra_config: Path) -> None:
    text = geo_generator.generate(extra_config)["nlu_data/generated/geo.yml"]
    assert "penkkiä" in text and "alfalasta" in text and "testilohko" in text.lower()
    data = RasaYAMLReader().reads(text)
    assert any("bänk" in m.get("text") for m in data.intent_examples)

    geo = GeoService.from_file(extra_config)
    parsed = geo.parse("Montako betonipenkkiä on Betalassa?")  # a compound the vocabulary does not list
    assert parsed.dataset is None and parsed.areas[0].key == "Betala"
    parsed = geo.parse("Montako penkkiä on Betalassa?")
    assert parsed.dataset == "penkit" and parsed.areas[0].division == "testilohko"
    parsed = geo.parse("Hur många bänkar av betong finns det i Betby?")
    assert (parsed.dataset, parsed.filter.value, parsed.areas[0].key) == ("penkit", "betoni", "Betala")

    area = parsed.areas[0]
    polygon = next(shape(f["geometry"]) for f in json.loads((FIXTURES / "testilohkot.geojson").read_text())["features"]
                   if f["properties"]["nimi_fi"] == "BETALA")
    benches = json.loads((FIXTURES / "penkit.geojson").read_text())["features"]
    want = sum(1 for f in benches if polygon.intersects(shape(f["geometry"]))
               and f["properties"]["materiaali"] == "betoni")
    assert blocking(geo.count("penkit", area, parsed.filter)).count == want > 0
    table = blocking(geo.by_area("penkit", "testilohko", None))
    assert sum(n for _, n in table.items) == len(benches)  # the three blocks tile the benches' box


def test_production_config_is_unchanged_by_fixture() -> None:
    cfg = load_config(REPO_ROOT / "geodata.yml")
    assert [d.key for d in cfg.datasets] == ["puut"]
    assert cfg.wfs.url == "https://kartta.hel.fi/ws/geoserver/avoindata/wfs"
    assert cfg.wfs.srs_name == "urn:ogc:def:crs:EPSG::3879"
    assert {d.type_name for d in cfg.divisions} == {
        "avoindata:Kaupunginosajako", "avoindata:Piirijako_suurpiiri",
        "avoindata:Piirijako_peruspiiri", "avoindata:Piirijako_osaalue",
    }


@pytest.mark.parametrize(
    "content, message",
    [("", "mapping"), ("datasets: {}\ndivisions: {}", "at least one"), ("backend: nope\n", "at least one"),
     ("datasets:\n  x: {names: {fi: [x]}}\ndivisions:\n  y: {type_name: a, names: {fi: [y]}}", "type_name"),
     ("{{{", "cannot read")],
)
def test_bad_config_gives_clear_error(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "geodata.yml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(GeoConfigError, match=message):
        load_config(path)
