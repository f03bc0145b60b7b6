"""The service actions through rasa_sdk against a real catalogue API process (no Rasa model needed)."""
from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from actions.services import ActionRememberFacts, ActionSearchServices, ActionServiceDetails, ActionShowMoreServices
from services_catalog.answers.services import related_services_message
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
    # The action only says how its answer went; the Rasa server logs the turn (bot/tracker_store.py).
    assert messages[0]["answer"] == {"recognised": True} and len(card["answer_id"]) == 32


def test_a_pure_statement_routed_to_the_search_is_acknowledged_not_searched(api: str) -> None:
    messages, slots = search("olen maahanmuuttaja Syyriasta ja asun Porissa")
    assert messages[0]["custom"]["type"] == "profile" and "service_query" not in slots
    assert slots["user_municipality"] == "Pori" and slots["user_groups"] == ["immigrant"]
    needy, needy_slots = search("olen maahanmuuttaja ja tarvitsen suomen kurssin")
    assert needy[0]["custom"]["type"] == "service_list" and needy_slots["user_groups"] == ["immigrant"]


def test_a_life_change_told_is_noted_first_then_searched(api: str) -> None:
    # a move ahead or a baby on the way is as much a fact as a need: what is noted, then what may help
    for text, slot, value in (("Muutamme ensi keväänä Ouluun.", "user_municipality", "Oulu"),
                              ("we're expecting our first baby in spring", "user_groups", ["family"])):
        messages, slots = search(text)
        assert [m["custom"]["type"] for m in messages] == ["profile", "service_list"], text
        assert slots[slot] == value and slots["service_query"], text
    # a lost job is the need itself, and a question beside a move asks for itself: the services come first
    for text in ("jäin työttömäksi", "muutan ensi kuussa Vaasaan, mistä saan vuokra-asunnon?"):
        assert search(text)[0][0]["custom"]["type"] == "service_list", text


def test_show_more_gives_the_next_five(api: str) -> None:
    first, slots = search("liikunta")
    more, more_slots, _ = run_action(ActionShowMoreServices(), make_tracker("näytä lisää", slots=slots,
                                                                            intent="show_more"))
    first_ids = [i["id"] for i in first[0]["custom"]["items"]]
    next_ids = [i["id"] for i in more[0]["custom"]["items"]]
    assert more[0]["custom"]["offset"] == 5 and more_slots["service_offset"] == 5.0
    assert next_ids and not set(first_ids) & set(next_ids)
    nothing, _, _ = run_action(ActionShowMoreServices(), make_tracker("show more", intent="show_more"))
    assert {k: v for k, v in nothing[0]["custom"].items() if k != "answer_id"} == {
        "type": "message", "id": "services_nothing_to_continue", "lang": "en"}


def test_facts_are_remembered_and_used_in_later_searches(api: str) -> None:
    messages, slots, _ = run_action(ActionRememberFacts(), make_tracker("olen opiskelija Turussa",
                                                                        intent="tell_about_self"))
    assert slots == {"user_municipality": "Turku", "user_groups": ["student"], "lang": "fi"}
    assert messages[0]["custom"]["type"] == "profile" and "olet opiskelija" in messages[0]["text"]
    later, later_slots = search("tarvitsen lääkärin", slots=slots)
    card = later[0]["custom"]
    assert card["query"] == "tarvitsen lääkärin opiskelija"
    assert card["profile"] == {"municipality": "Turku", "groups": ["student"]}
    assert "turku-student-health" in [i["id"] for i in card["items"]]
    assert later[0]["text"].startswith("Löysin nämä palvelut") and "olet opiskelija" in later[0]["text"]
    assert "user_groups" not in later_slots  # known already: not set again
    stranger, _ = search("tarvitsen lääkärin")
    # the student's own health service leads for the student; without the facts it is one doctor among others
    assert card["items"][0]["id"] == "turku-student-health"
    assert stranger[0]["custom"]["items"][0]["id"] != "turku-student-health"
    assert stranger[0]["custom"]["profile"] is None


def test_a_need_with_a_statement_filters_by_the_municipality_and_keeps_the_facts(api: str) -> None:
    messages, slots = search("Asun Oulussa ja jäin työttömäksi")
    card = messages[0]["custom"]
    assert card["profile"] == {"municipality": "Oulu", "groups": ["unemployed"]}
    assert slots["user_municipality"] == "Oulu" and slots["user_groups"] == ["unemployed"]
    assert card["query"].startswith("jäin työttömäksi")  # the home town is a filter, not search words
    turku_only = {"turku-student-housing", "turku-chimney-sweeping"}
    assert not turku_only & {i["id"] for i in card["items"]}


def test_nothing_to_remember_hands_over_to_the_fallback_in_the_same_action(api: str) -> None:
    # the fallback searches a need ("sulkapallo") and answers chat ("jag är så trött idag") as not understood;
    # it runs within the action (bot/actions/turns.py `hand_on`), so no FollowupAction leaves Rasa unsure
    expected = {"sulkapallo": "service_list", "jag är så trött idag": "fallback"}
    for text, card_type in expected.items():
        messages, _, events = run_action(ActionRememberFacts(), make_tracker(text, intent="tell_about_self"))
        assert messages[0]["custom"]["type"] == card_type, text
        assert all(e["event"] != "followup" for e in events)
    # facts with a need in the same message still go to the search, which keeps the facts
    messages, slots, events = run_action(ActionRememberFacts(), make_tracker(
        "asun Oulussa ja tarvitsen hammaslääkärin", intent="tell_about_self"))
    assert messages[0]["custom"]["type"] == "service_list" and slots["user_municipality"] == "Oulu"
    assert all(e["event"] != "followup" for e in events)


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
    related = asyncio.run(related_services_message([kela_aid, "no-such-id", "../queries"], "fi"))
    assert related is not None and related.card.type == "service_list"
    assert [i.id for i in related.card.items] == [kela_aid]  # unknown and malformed ids are left out
    payload = f'/service_details{{"service_id": "{kela_aid}"}}'
    assert related.buttons == [Button(title="Kelan tuet opiskelijoille", payload=payload)]
    assert asyncio.run(related_services_message(["no-such-id"], "fi")) is None


def test_api_down_gives_a_polite_message(settings: Callable, closed_url: str) -> None:
    settings(api_url=closed_url)  # nothing listens there
    messages, slots = search("haluan uimaan")
    assert {k: v for k, v in messages[0]["custom"].items() if k != "answer_id"} == {
        "type": "message", "id": "services_unavailable", "lang": "fi"}
    assert slots["lang"] == "fi"
