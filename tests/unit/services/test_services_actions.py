"""The service actions through rasa_sdk against a real catalogue API process (no Rasa model needed)."""
from __future__ import annotations

import asyncio
from collections.abc import Callable

import httpx
import pytest

from actions.services import ActionRememberFacts, ActionSearchServices, ActionServiceDetails, ActionShowMoreServices
from bot.stack import free_port
from services_catalog.answers.services import related_service_buttons
from services_catalog.cards import Button
from tests.conftest import make_tracker, run_action

CARD_ITEM_KEYS = {"id", "name", "summary", "provider", "url", "channels", "lang"}


@pytest.fixture()
def api(catalogue_api: str, settings: Callable) -> str:
    settings(api_url=catalogue_api)
    return catalogue_api


def search(text: str, **kwargs: object) -> tuple[list[dict], dict]:
    messages, slots, _ = run_action(ActionSearchServices(), make_tracker(text, intent="search_service", **kwargs))
    return messages, slots


def test_search_replies_with_a_service_list_card_and_show_more_button(api: str) -> None:
    messages, slots = search("haluan uimaan")
    card = messages[0]["custom"]
    assert card["type"] == "service_list" and card["lang"] == "fi" and card["offset"] == 0
    assert 1 <= len(card["items"]) <= 5 and all(set(i) == CARD_ITEM_KEYS for i in card["items"])
    assert "34cf0bba-33e3-4439-ac74-70b568546058" in [i["id"] for i in card["items"]]
    assert card["items"][0]["name"] in messages[0]["text"]  # the text fallback names the services
    assert messages[0]["buttons"][0]["payload"] == "/show_more"
    assert slots["service_query"] == "haluan uimaan" and slots["service_offset"] == 0.0
    logged = httpx.get(f"{api}/queries").json()["items"]
    assert logged[0]["text"] == "haluan uimaan" and logged[0]["card_type"] == "service_list"


def test_show_more_gives_the_next_five(api: str) -> None:
    first, slots = search("liikunta")
    more, more_slots, _ = run_action(ActionShowMoreServices(), make_tracker("näytä lisää", slots=slots,
                                                                            intent="show_more"))
    first_ids = [i["id"] for i in first[0]["custom"]["items"]]
    next_ids = [i["id"] for i in more[0]["custom"]["items"]]
    assert more[0]["custom"]["offset"] == 5 and more_slots["service_offset"] == 5.0
    assert next_ids and not set(first_ids) & set(next_ids)
    nothing, _, _ = run_action(ActionShowMoreServices(), make_tracker("show more", intent="show_more"))
    assert nothing[0]["custom"] == {"type": "message", "id": "services_nothing_to_continue", "lang": "en"}


def test_facts_are_remembered_and_used_in_later_searches(api: str) -> None:
    student = [{"entity": "target_group", "value": "student"}, {"entity": "municipality", "value": "Turussa"}]
    messages, slots, _ = run_action(ActionRememberFacts(), make_tracker(
        "olen opiskelija Turussa", entities=student, intent="tell_about_self"))
    assert slots == {"student": True, "user_municipality": "Turussa", "lang": "fi"}
    assert "opiskelija" in messages[0]["text"]
    later, later_slots = search("tarvitsen lääkärin", slots=slots)
    assert later[0]["custom"]["query"] == "tarvitsen lääkärin opiskelija"
    assert "turku-student-health" in [i["id"] for i in later[0]["custom"]["items"]]
    assert "student" not in later_slots  # known already: not set (or asked) again
    stranger, _ = search("tarvitsen lääkärin")
    assert "turku-student-health" not in [i["id"] for i in stranger[0]["custom"]["items"]]


def test_nothing_to_remember_hands_over_to_the_search(api: str) -> None:
    messages, slots, events = run_action(ActionRememberFacts(), make_tracker("sulkapallo", intent="tell_about_self"))
    assert messages == [] and slots == {}
    assert events == [{"event": "followup", "name": "action_search_services", "timestamp": None}]


def test_english_question_gets_an_english_card(api: str) -> None:
    messages, _ = search("I am a student moving to Turku")
    card = messages[0]["custom"]
    assert card["lang"] == "en" and messages[0]["text"].startswith("I found")
    assert {"turku-student-move", "turku-student-housing"} & {i["id"] for i in card["items"]}


def test_service_answer_offers_related_terms_and_term_answer_related_services(api: str) -> None:
    kela_aid = "e0556386-0ffa-40f2-98aa-770b42dd792a"
    messages, _, _ = run_action(ActionServiceDetails(), make_tracker(
        f'/service_details{{"service_id": "{kela_aid}"}}', entities=[{"entity": "service_id", "value": kela_aid}],
        intent="service_details"))
    card = messages[0]["custom"]
    assert [i["id"] for i in card["items"]] == [kela_aid]
    assert "kela" in {t["id"] for t in card["related_terms"]}
    assert any(b["payload"].endswith("Kela?") for b in messages[0]["buttons"])
    buttons = asyncio.run(related_service_buttons([kela_aid, "no-such-id", "../queries"], "fi"))
    payload = f'/service_details{{"service_id": "{kela_aid}"}}'
    assert buttons == [Button(title="Kelan tuet opiskelijoille", payload=payload)]


def test_api_down_gives_a_polite_message(settings: Callable) -> None:
    settings(api_url=f"http://127.0.0.1:{free_port()}")  # nothing listens there
    messages, slots = search("haluan uimaan")
    assert messages[0]["custom"] == {"type": "message", "id": "services_unavailable", "lang": "fi"}
    assert slots["lang"] == "fi"
