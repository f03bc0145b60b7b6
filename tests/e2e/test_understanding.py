"""End to end: statements about oneself, terms with their services, unknown names and nonsense, through REST."""

from __future__ import annotations

import uuid

import pytest

from bot.stack import answer_card

pytestmark = pytest.mark.e2e

TAX_CARD_SERVICE = "77ef9f96-495b-4622-8cd5-f6b1fe5aaa5e"  # Verokortti (PTV), linked from the verokortti term


def _sender() -> str:
    return f"und-{uuid.uuid4().hex[:8]}"


@pytest.mark.parametrize(("text", "municipality", "lang"), [
    ("I live in Tampere", "Tampere", "en"),  # was answered with the Nysse definition
    ("jag bor i Helsingfors", "Helsinki", "sv"),  # was a list of Turku student services
    ("asun Oulussa", "Oulu", "fi"),
])
def test_saying_where_one_lives_is_acknowledged_with_a_profile(bot_stack, text, municipality, lang):
    messages = bot_stack.ask(text, sender=_sender())
    card = answer_card(messages)
    assert (card["type"], card["municipality"], card["lang"]) == ("profile", municipality, lang)
    assert "paikkakunnalla" not in messages[0]["text"]


def test_a_statement_and_a_need_in_one_sentence_search_with_the_facts_and_keep_them(bot_stack):
    sender = _sender()
    card = answer_card(bot_stack.ask("Asun Oulussa ja jäin työttömäksi", sender=sender))
    assert card["type"] == "service_list" and card["profile"]["municipality"] == "Oulu"
    assert "unemployed" in card["profile"]["groups"]
    known = answer_card(bot_stack.ask("mitä tiedät minusta?", sender=sender))
    assert known["type"] == "profile" and known["municipality"] == "Oulu"
    forgot = answer_card(bot_stack.ask("unohda tietoni", sender=sender))
    assert forgot == {"type": "profile", "lang": "fi", "municipality": None, "groups": []}
    later = answer_card(bot_stack.ask("mitä tiedät minusta?", sender=sender))
    assert later["type"] == "profile" and later["municipality"] is None and later["groups"] == []


def test_a_term_with_related_services_is_followed_by_a_service_list(bot_stack):
    messages = bot_stack.ask("Mikä on verokortti?", sender=_sender())
    cards = [m["custom"] for m in messages if isinstance(m.get("custom"), dict)]
    assert [c["type"] for c in cards][:2] == ["term", "service_list"]
    assert cards[0]["id"] == "verokortti" and TAX_CARD_SERVICE in {i["id"] for i in cards[1]["items"]}


@pytest.mark.parametrize("text", ["mikä on sirkusteltta", "vad är en snöskoter"])
def test_a_name_found_in_no_table_gets_the_fallback(bot_stack, text):
    assert answer_card(bot_stack.ask(text, sender=_sender()))["type"] == "fallback"


def test_nonsense_gets_no_suggestions(bot_stack):
    card = answer_card(bot_stack.ask("plörp zxqw vrrk", sender=_sender()))
    assert card["type"] == "fallback" and card["suggestions"] == []


def test_a_one_word_need_nobody_wrote_down_finds_sports_services(bot_stack):
    card = answer_card(bot_stack.ask("sulkapallo", sender=_sender()))
    assert card["type"] == "service_list" and card["items"]
