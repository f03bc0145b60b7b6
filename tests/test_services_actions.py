"""The service actions against a real catalogue API process (no Rasa model needed)."""
from __future__ import annotations

import os
import subprocess
import sys
import time

import httpx
import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.services import (
    ActionRememberFacts,
    ActionSearchServices,
    ActionServiceDetails,
    ActionShowMoreServices,
    related_service_buttons,
)
from bot.stack import free_port

CARD_ITEM_KEYS = {"id", "name", "summary", "provider", "url", "channels"}


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    port = free_port()
    tmp = tmp_path_factory.mktemp("actions")
    env = {**os.environ, "CITYBOT_DB_URL": f"sqlite:///{tmp / 'a.db'}", "CITYBOT_VAR_DIR": str(tmp)}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "services_catalog.api.app:app", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], env=env)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 240
    while True:
        try:
            if httpx.get(f"{base}/health", timeout=2).json().get("retrieval") == "hybrid":
                break
        except httpx.HTTPError:
            pass
        assert proc.poll() is None and time.time() < deadline, "catalogue API did not get ready"
        time.sleep(1)
    old = os.environ.get("CITYBOT_API_URL")
    os.environ["CITYBOT_API_URL"] = base
    yield base
    if old is None:
        os.environ.pop("CITYBOT_API_URL")
    else:
        os.environ["CITYBOT_API_URL"] = old
    proc.terminate()
    proc.wait(timeout=20)


def tracker(text: str, slots: dict | None = None, entities: list | None = None, intent: str = "search_service"):
    message = {"text": text, "intent": {"name": intent, "confidence": 0.9}, "entities": entities or []}
    return Tracker("tester", slots or {}, message, [{"event": "user", "text": text, "metadata": {}}], False, None,
                   None, "action_listen")


def run(action, t: Tracker) -> tuple[list[dict], dict]:
    dispatcher = CollectingDispatcher()
    events = action.run(dispatcher, t, {})
    slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
    return dispatcher.messages, slots


def test_search_replies_with_a_service_list_card_and_show_more_button(api):
    messages, slots = run(ActionSearchServices(), tracker("haluan uimaan"))
    card = messages[0]["custom"]
    assert card["type"] == "service_list" and card["lang"] == "fi" and card["offset"] == 0
    assert 1 <= len(card["items"]) <= 5 and all(set(i) == CARD_ITEM_KEYS for i in card["items"])
    assert "34cf0bba-33e3-4439-ac74-70b568546058" in [i["id"] for i in card["items"]]
    assert card["items"][0]["name"] in messages[0]["text"]  # the text fallback names the services
    assert messages[0]["buttons"][0]["payload"] == "/show_more"
    assert slots["service_query"] == "haluan uimaan" and slots["service_offset"] == 0.0
    logged = httpx.get(f"{api}/queries").json()["items"]
    assert logged[0]["text"] == "haluan uimaan" and logged[0]["card_type"] == "service_list"


def test_show_more_gives_the_next_five(api):
    first, slots = run(ActionSearchServices(), tracker("liikunta"))
    more, more_slots = run(ActionShowMoreServices(), tracker("näytä lisää", slots=slots, intent="show_more"))
    first_ids = [i["id"] for i in first[0]["custom"]["items"]]
    next_ids = [i["id"] for i in more[0]["custom"]["items"]]
    assert more[0]["custom"]["offset"] == 5 and more_slots["service_offset"] == 5.0
    assert next_ids and not set(first_ids) & set(next_ids)
    nothing, _ = run(ActionShowMoreServices(), tracker("show more", intent="show_more"))
    assert nothing[0]["custom"]["type"] == "message"  # no earlier search: asks what to look for


def test_facts_are_remembered_and_used_in_later_searches(api):
    student = [{"entity": "target_group", "value": "student"}, {"entity": "municipality", "value": "Turussa"}]
    messages, slots = run(ActionRememberFacts(), tracker("olen opiskelija Turussa", entities=student,
                                                         intent="tell_about_self"))
    assert slots == {"student": True, "user_municipality": "Turussa", "lang": "fi"}
    assert "opiskelija" in messages[0]["text"]
    later, later_slots = run(ActionSearchServices(), tracker("tarvitsen lääkärin", slots=slots))
    assert later[0]["custom"]["query"] == "tarvitsen lääkärin opiskelija"
    assert "turku-student-health" in [i["id"] for i in later[0]["custom"]["items"]]
    assert "student" not in later_slots  # known already: not set (or asked) again
    stranger, _ = run(ActionSearchServices(), tracker("tarvitsen lääkärin"))
    assert "turku-student-health" not in [i["id"] for i in stranger[0]["custom"]["items"]]


def test_english_question_gets_an_english_card(api):
    messages, _ = run(ActionSearchServices(), tracker("I am a student moving to Turku"))
    card = messages[0]["custom"]
    assert card["lang"] == "en" and messages[0]["text"].startswith("I found")
    assert {"turku-student-move", "turku-student-housing"} & {i["id"] for i in card["items"]}


def test_service_answer_offers_related_terms_and_term_answer_related_services(api):
    messages, _ = run(ActionServiceDetails(), tracker(
        '/service_details{"service_id": "e0556386-0ffa-40f2-98aa-770b42dd792a"}',
        entities=[{"entity": "service_id", "value": "e0556386-0ffa-40f2-98aa-770b42dd792a"}],
        intent="service_details"))
    card = messages[0]["custom"]
    assert [i["id"] for i in card["items"]] == ["e0556386-0ffa-40f2-98aa-770b42dd792a"]
    assert "kela" in {t["id"] for t in card["related_terms"]}
    assert any(b["payload"].endswith("Kela?") for b in messages[0]["buttons"])
    buttons = related_service_buttons(["e0556386-0ffa-40f2-98aa-770b42dd792a", "no-such-id"], "fi")
    assert buttons == [{"title": "Kelan tuet opiskelijoille",
                        "payload": '/service_details{"service_id": "e0556386-0ffa-40f2-98aa-770b42dd792a"}'}]


def test_api_down_gives_a_polite_message(api, monkeypatch):
    monkeypatch.setenv("CITYBOT_API_URL", f"http://127.0.0.1:{free_port()}")
    messages, slots = run(ActionSearchServices(), tracker("haluan uimaan"))
    assert messages[0]["custom"] == {"type": "message", "id": "services_unavailable", "lang": "fi"}
    assert slots["lang"] == "fi"
