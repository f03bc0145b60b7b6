"""The geodata actions on real rasa_sdk trackers: what the form asks, what the cards say, and failures."""

from __future__ import annotations

import json
import socket
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import shapely
import yaml
from rasa_sdk import Tracker
from shapely.geometry import shape

from actions import geo as geo_actions
from services_catalog.geo import service as geo_service
from services_catalog.geo.service import GeoService
from services_catalog.settings import REPO_ROOT
from tests.conftest import make_tracker, run_action
from tests.support.mapserver.configs import write_config

DOMAIN: dict[str, Any] = yaml.safe_load((REPO_ROOT / "bot" / "domain" / "geo.yml").read_text("utf-8"))
GEODATA = REPO_ROOT / "services_catalog" / "tables" / "geodata"


@pytest.fixture()
def offline(settings: Callable, tmp_path: Path, closed_url: str) -> Path:
    """No catalogue API (the query log goes to a pending file in tmp)."""
    settings(api_url=closed_url, var_dir=tmp_path)
    return tmp_path


@pytest.fixture()
def file_geo(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, offline: Path) -> GeoService:
    geo = GeoService.from_file(write_config(tmp_path / "cfg", None, backend="file"))
    monkeypatch.setattr(geo_service, "_service", geo)
    return geo


def trees_in(district: str, genus: str | None = None) -> int:
    """Trees of the bundled sample inside a kaupunginosa, counted here with shapely, apart from the backends."""
    areas = json.loads((GEODATA / "kaupunginosat.geojson").read_text(encoding="utf-8"))["features"]
    polygon = next(shape(f["geometry"]) for f in areas if f["properties"]["nimi_fi"] == district.upper())
    trees = json.loads((GEODATA / "puurekisteri_sample_5000.geojson").read_text(encoding="utf-8"))["features"]
    return sum(1 for t in trees if (genus is None or t["properties"].get("suku") == genus)
               and shapely.intersects(polygon, shape(t["geometry"])))


def tracker(text: str, intent: str = "geo_count", slots: dict | None = None, entities: list | None = None) -> Tracker:
    return make_tracker(text, intent=intent, slots=slots, entities=entities)


def run(action: Any, trk: Tracker) -> tuple[list[dict], dict[str, Any]]:
    messages, slots, _ = run_action(action, trk, DOMAIN)
    return messages, slots


def start_and_validate(text: str) -> dict[str, Any]:
    _, slots = run(geo_actions.ActionGeoStart(), tracker(text))
    _, more = run(geo_actions.ValidateGeoForm(), tracker(text, slots=slots))
    return {**slots, **more}


def test_full_question_needs_no_follow_up(file_geo: GeoService) -> None:
    slots = start_and_validate("Montako puuta on Kalliossa?")
    assert slots["requested_slot"] is None  # the form is done at once
    assert (slots["geo_dataset"], slots["geo_area"], slots["geo_division"]) == ("puut", "Kallio", "kaupunginosa")
    messages, reset = run(geo_actions.ActionGeoAnswer(), tracker("Montako puuta on Kalliossa?", slots=slots))
    card = messages[0]["custom"]
    assert card["type"] == "geo_count" and card["count"] == trees_in("Kallio") > 0
    assert (card["area"], card["area_id"], card["division"]) == ("Kallio", "Kallio", "kaupunginosa")
    assert card["filter"] is None and card["lang"] == "fi" and card["map_url"].startswith("https://www.openstreetmap")
    assert str(card["count"]) in messages[0]["text"]
    assert reset["geo_area"] is None  # the next question starts clean


def test_missing_place_is_asked(file_geo: GeoService) -> None:
    slots = start_and_validate("Montako lehmusta?")
    assert slots["requested_slot"] == "geo_area" and slots["geo_filter"] == "suku=Tilia"
    messages, _ = run(geo_actions.ActionAskGeoArea(), tracker("Montako lehmusta?", slots=slots))
    asked = dict(messages[0]["custom"])
    assert len(asked.pop("answer_id")) == 32  # a follow-up question can be rated too
    assert asked == {"type": "message", "id": "geo_ask_area", "lang": "fi"}
    _, answer_slots = run(geo_actions.ValidateGeoForm(), tracker("Eirassa", intent="term", slots=slots))
    assert answer_slots["geo_area"] == "Eira" and answer_slots["requested_slot"] is None
    assert (answer_slots["geo_division"], answer_slots["geo_others"]) == ("kaupunginosa", ["osa-alue"])
    _, retry = run(geo_actions.ValidateGeoForm(), tracker("Kallilassa", intent="term", slots=slots))
    assert retry["requested_slot"] == "geo_area" and retry["geo_unknown"] == "kallilassa"
    assert "Kallio" in retry["geo_suggest"]


def test_missing_dataset_is_asked_with_buttons(file_geo: GeoService) -> None:
    slots = start_and_validate("Montako on Kalliossa?")
    assert slots["requested_slot"] == "geo_dataset"
    messages, _ = run(geo_actions.ActionAskGeoDataset(), tracker("x", slots=slots))
    assert [b["payload"] for b in messages[0]["buttons"]] == ['/geo_choose{"geo_dataset": "puut"}']


def test_shared_name_uses_default_and_says_so(file_geo: GeoService) -> None:
    slots = start_and_validate("Montako lehmusta on Eirassa?")
    assert slots["geo_division"] == "kaupunginosa" and slots["geo_others"] == ["osa-alue"]
    messages, _ = run(geo_actions.ActionGeoAnswer(), tracker("Montako lehmusta on Eirassa?", slots=slots))
    assert "osa-alue" in messages[0]["text"] and "kaupunginosa" in messages[0]["text"]
    button = messages[0]["buttons"][0]
    assert '"geo_division": "osa-alue"' in button["payload"] and '"geo_filter": "suku=Tilia"' in button["payload"]


def test_unknown_place_offers_three_closest(file_geo: GeoService) -> None:
    slots = start_and_validate("Montako puuta on Kallilassa?")
    assert slots["requested_slot"] == "geo_area" and slots["geo_unknown"] == "kallilassa"
    messages, _ = run(geo_actions.ActionAskGeoArea(), tracker("Montako puuta on Kallilassa?", slots=slots))
    assert messages[0]["custom"]["id"] == "geo_unknown_place"
    titles = [b["title"] for b in messages[0]["buttons"]]
    assert len(titles) == 3 and "Kallio" in titles


def test_ranking_and_top_cards(file_geo: GeoService) -> None:
    slots = start_and_validate("missä kaupunginosassa on eniten lehmuksia?")
    slots["geo_mode"] = "ranking"
    messages, _ = run(geo_actions.ActionGeoAnswer(), tracker("x", slots=slots))
    card = messages[0]["custom"]
    assert card["type"] == "geo_ranking" and len(card["items"]) == 5
    counts = [i["count"] for i in card["items"]]
    assert counts == sorted(counts, reverse=True) and counts[0] > 0
    _, top_slots = run(geo_actions.ActionGeoStart(), tracker("yleisimmät puulajit Kalliossa", intent="geo_top"))
    messages, _ = run(geo_actions.ActionGeoAnswer(), tracker("yleisimmät puulajit Kalliossa", slots=top_slots))
    top = messages[0]["custom"]
    assert top["type"] == "geo_ranking" and top["field"] == "suku" and top["items"][0]["label"].startswith("Tilia")


def test_swedish_question_gets_swedish_names(file_geo: GeoService) -> None:
    slots = start_and_validate("Hur många lindar finns det i Berghäll?")
    messages, _ = run(geo_actions.ActionGeoAnswer(), tracker("Hur många lindar finns det i Berghäll?", slots=slots))
    card = messages[0]["custom"]
    assert (card["lang"], card["area"]) == ("sv", "Berghäll")


def test_backend_down_gives_polite_reply_and_logs(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, offline: Path,
                                                  caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{s.getsockname()[1]}/wfs"
    down = GeoService.from_file(write_config(tmp_path / "down", url, backend="wfs", ))
    down.wfs.wfs = down.wfs.wfs.__class__(**{**down.wfs.wfs.__dict__, "retries": 0, "timeout_s": 1})
    monkeypatch.setattr(geo_service, "_service", down)
    slots = start_and_validate("Montako puuta on Kalliossa?")
    messages, _ = run(geo_actions.ActionGeoAnswer(), tracker("Montako puuta on Kalliossa?", slots=slots))
    card = messages[0]["custom"]
    assert len(card.pop("answer_id")) == 32  # an answer the user can rate
    assert card == {"type": "message", "id": "geo_backend_down", "lang": "fi"}
    assert "ei vastaa" in messages[0]["text"]
    assert any("geodata backend wfs failed" in r.getMessage() for r in caplog.records)


def test_forged_button_payload_is_ignored(file_geo: GeoService) -> None:
    ents = [{"entity": "geo_dataset", "value": "../../etc/passwd"}, {"entity": "geo_filter", "value": "suku=Nope"},
            {"entity": "geo_area", "value": "<script>"}]
    _, slots = run(geo_actions.ActionGeoStart(), tracker('/geo_choose{"x": 1}', intent="geo_choose", entities=ents))
    assert slots["geo_dataset"] is None and slots["geo_filter"] is None and slots["geo_area"] is None


def test_ask_mode_asks_which_division_with_buttons(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                  offline: Path) -> None:
    asking = GeoService.from_file(write_config(tmp_path / "ask", None, backend="file", ambiguity="ask"))
    monkeypatch.setattr(geo_service, "_service", asking)
    slots = start_and_validate("Montako puuta on Eirassa?")
    assert slots["requested_slot"] == "geo_area" and slots["geo_candidates"] == ["kaupunginosa", "osa-alue"]
    messages, _ = run(geo_actions.ActionAskGeoArea(), tracker("Montako puuta on Eirassa?", slots=slots))
    assert messages[0]["custom"]["id"] == "geo_ask_which_division"
    payload = messages[0]["buttons"][1]["payload"]
    entities = [{"entity": k, "value": v} for k, v in json.loads(payload[len("/geo_choose"):]).items()]
    _, chosen = run(geo_actions.ValidateGeoForm(), tracker(payload, intent="geo_choose", slots=slots,
                                                           entities=entities))
    assert (chosen["geo_area"], chosen["geo_division"], chosen["requested_slot"]) == ("Eira", "osa-alue", None)


def test_top_mode_button_keeps_the_field(file_geo: GeoService) -> None:
    _, slots = run(geo_actions.ActionGeoStart(), tracker("yleisimmät istutusvuodet Eirassa", intent="geo_top"))
    assert (slots["geo_mode"], slots["geo_top_field"]) == ("top", "istutusvuosi")
    messages, _ = run(geo_actions.ActionGeoAnswer(), tracker("yleisimmät istutusvuodet Eirassa", slots=slots))
    assert messages[0]["custom"]["field"] == "istutusvuosi"
    assert '"geo_top_field": "istutusvuosi"' in messages[0]["buttons"][0]["payload"]
