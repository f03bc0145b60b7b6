"""End to end through the REST channel, the real Rasa server and the real action server.

`bot_stack` runs the shipped geodata.yml (the WFS when reachable, else the
bundled files); `wfs_stack` runs the same model against a real MapServer WFS
that the test stops half-way, to see the polite "service is down" reply.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from shapely.geometry import shape

from bot.stack import answer_card
from services_catalog.geo.config import load_config
from services_catalog.settings import REPO_ROOT
from tests.conftest import settings_for
from tests.support.mapserver.configs import write_config
from tests.support.mapserver.mapfile import start_wfs, write_mapfile

pytestmark = pytest.mark.e2e
CFG = load_config(REPO_ROOT / "geodata.yml")


def bundled_count(division: str, area: str, field: str | None = None, value: str | None = None) -> int:
    """Trees in an area, computed here from the bundled GeoJSON with shapely."""
    div, ds = CFG.division(division), CFG.dataset("puut")
    polygon = next(
        shape(f["geometry"]) for f in json.loads(div.file.read_text("utf-8"))["features"]
        if f["properties"]["nimi_fi"].casefold() == area.casefold()
    )
    return sum(
        1 for f in json.loads(ds.file.read_text("utf-8"))["features"]
        if polygon.intersects(shape(f["geometry"])) and (field is None or f["properties"].get(field) == value)
    )


def check_count(card: dict, division: str, area: str, field=None, value=None) -> None:
    # The test stack counts from the bundled files (it never reaches the city's WFS): exactly the sample's count.
    assert card["type"] == "geo_count" and card["division"] == division and card["source"] == CFG.file_source
    assert card["count"] == bundled_count(division, area, field, value)


def test_full_question_is_answered_at_once(bot_stack) -> None:
    messages = bot_stack.ask("Montako puuta on Kalliossa?")
    card = answer_card(messages)
    check_count(card, "kaupunginosa", "Kallio")
    assert card["area"] == "Kallio" and card["filter"] is None and card["lang"] == "fi"
    assert str(card["count"]) in messages[0]["text"]


def test_form_asks_where_then_counts(bot_stack) -> None:
    first = answer_card(bot_stack.ask("Montako lehmusta?", sender="geo-where"))
    assert first == {"type": "message", "id": "geo_ask_area", "lang": "fi"}
    messages = bot_stack.ask("Eirassa", sender="geo-where")
    card = answer_card(messages)
    check_count(card, "kaupunginosa", "Eira", "suku", "Tilia")
    assert card["filter"] == {"field": "suku", "value": "Tilia", "label": "lehmus"}
    assert "osa-alue" in messages[0]["text"]  # Eira is also an osa-alue: the reply says which was used
    switch = messages[0]["buttons"][0]["payload"]
    other = answer_card(bot_stack.ask(switch, sender="geo-where"))
    check_count(other, "osa-alue", "Eira", "suku", "Tilia")


def test_swedish_name_and_reply(bot_stack) -> None:
    card = answer_card(bot_stack.ask("Hur många lindar finns det i Berghäll?"))
    check_count(card, "kaupunginosa", "Kallio", "suku", "Tilia")
    assert (card["lang"], card["area"]) == ("sv", "Berghäll")


def test_unknown_place_suggests_three_then_button_answers(bot_stack) -> None:
    messages = bot_stack.ask("Montako puuta on Kallilassa?", sender="geo-unknown")
    assert answer_card(messages)["id"] == "geo_unknown_place"
    buttons = messages[0]["buttons"]
    assert len(buttons) == 3 and "Kallio" in [b["title"] for b in buttons]
    pick = next(b for b in buttons if b["title"] == "Kallio")
    check_count(answer_card(bot_stack.ask(pick["payload"], sender="geo-unknown")), "kaupunginosa", "Kallio")


def test_ranking_of_districts(bot_stack) -> None:
    card = answer_card(bot_stack.ask("missä kaupunginosassa on eniten lehmuksia?"))
    assert card["type"] == "geo_ranking" and card["division"] == "kaupunginosa" and len(card["items"]) == 5
    # The whole top five, against counts computed here for every district (ties by name, as the bot orders them).
    districts = [f["properties"]["nimi_fi"] for f in
                 json.loads(CFG.division("kaupunginosa").file.read_text("utf-8"))["features"]]
    expected = sorted(((d.title(), bundled_count("kaupunginosa", d, "suku", "Tilia")) for d in districts),
                      key=lambda pair: (-pair[1], pair[0]))[:5]
    assert [(i["label"], i["count"]) for i in card["items"]] == expected


def test_top_species_in_area(bot_stack) -> None:
    card = answer_card(bot_stack.ask("yleisimmät puulajit Kalliossa"))
    assert card["type"] == "geo_ranking" and card["field"] == "suku" and card["area"] == "Kallio"
    assert card["items"][0]["label"].startswith("Tilia")


@pytest.fixture(scope="module")
def wfs_stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory):
    if shutil.which("mapserv") is None:
        pytest.skip("cgi-mapserver not installed")
    from bot.stack import Ports, Stack
    from services_catalog.db.setup import ensure_catalogue

    tmp = tmp_path_factory.mktemp("geo-wfs-stack")
    server = start_wfs(write_mapfile(load_config(write_config(tmp / "c", "http://unused")), tmp / "ms"))
    stack_settings = settings_for(tmp, geodata=write_config(tmp / "w", server.url, backend="wfs"))
    ensure_catalogue(stack_settings.db_url)
    try:
        with Stack(model=trained_model, ports=Ports.free(), settings=stack_settings) as stack:
            yield stack, server
    finally:
        server.stop()


def test_wfs_answer_then_polite_reply_when_server_stops(wfs_stack) -> None:
    stack, server = wfs_stack
    card = answer_card(stack.ask("Montako lehmusta on Kalliossa?"))
    assert card["type"] == "geo_count" and card["source"] == CFG.wfs.source
    assert card["count"] == bundled_count("kaupunginosa", "Kallio", "suku", "Tilia")
    server.stop()
    # A question the model was trained on: this test is about the backend failing, not about the NLU.
    messages = stack.ask("montako koivua on ullanlinnassa")
    assert answer_card(messages) == {"type": "message", "id": "geo_backend_down", "lang": "fi"}
    assert "ei vastaa" in messages[0]["text"]
    log = (Path(stack.var_dir) / "logs" / "actions.log").read_text("utf-8", errors="replace")
    assert "geodata backend wfs failed" in log
    # the conversation goes on
    assert answer_card(stack.ask("Mikä on Kela?"))["type"] == "term"
