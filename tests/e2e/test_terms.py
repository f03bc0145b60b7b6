"""End to end: a small trained model behind the real Rasa server, action server and catalogue API."""

from __future__ import annotations

import httpx
import pytest

from bot.stack import answer_card
from services_catalog.texts import text

pytestmark = pytest.mark.e2e


def test_finnish_term_question_gets_a_term_card(bot_stack) -> None:
    messages = bot_stack.ask("Mikä on Kela?")
    card = answer_card(messages)
    assert card["type"] == "term" and card["id"] == "kela" and card["lang"] == "fi"
    assert card["url"].startswith("https://")
    assert messages[0]["text"].startswith(card["title"])  # readable text and card travel in one message


def test_inflected_brand_name_resolves(bot_stack) -> None:
    card = answer_card(bot_stack.ask("Miten pääsen Föliin?"))
    assert (card["type"], card["id"]) == ("term", "foli")


def test_english_question_is_answered_in_english(bot_stack) -> None:
    card = answer_card(bot_stack.ask("What is Föli?"))
    assert (card["type"], card["id"], card["lang"]) == ("term", "foli", "en")
    assert card["text"] != answer_card(bot_stack.ask("Mikä on Föli?"))["text"]


def test_swedish_question_is_answered_in_swedish(bot_stack) -> None:
    card = answer_card(bot_stack.ask("Vad är FPA?"))
    assert (card["type"], card["id"], card["lang"]) == ("term", "kela", "sv")


def test_out_of_scope_question_gets_fallback_with_suggestions_and_contact(bot_stack) -> None:
    messages = bot_stack.ask("Kuka voitti jalkapallon MM-kisat 1998?")
    card = answer_card(messages)
    assert card["type"] == "fallback" and card["lang"] == "fi"
    assert card["contact"] == text("fallback_contact", "fi", contact="")  # the test stack sets no contact
    assert [b["payload"] for b in messages[0].get("buttons", [])] == [s["payload"] for s in card["suggestions"]]


def test_help_lists_example_questions_in_the_users_language(bot_stack) -> None:
    card = answer_card(bot_stack.ask("what can you do"))
    assert card == {"type": "message", "id": "help", "lang": "en"}


def test_language_carries_over_to_an_ambiguous_follow_up(bot_stack) -> None:
    bot_stack.ask("hello, what is Kela?", sender="carry-over")
    card = answer_card(bot_stack.ask("Föli", sender="carry-over"))
    assert card["lang"] == "en"


@pytest.mark.parametrize(
    ("body", "status"),
    [({"sender": "x", "message": ""}, 400), ({"sender": "x"}, 400), ({"sender": "x", "message": "a" * 6000}, 413),
     ({"sender": "", "message": "hei"}, 400), (["not", "an", "object"], 400)],
)
def test_bad_requests_get_clear_errors(bot_stack, body, status) -> None:
    response = httpx.post(f"{bot_stack.rasa_url}/webhooks/rest/webhook", json=body, timeout=30)
    assert response.status_code == status
    assert response.json()["error"]


DEEP_METADATA = '{"a":' * 500 + "1" + "}" * 500


@pytest.mark.parametrize(
    "raw",
    [
        '{"sender":"x\\ud800","message":"hei"}',  # lone surrogate: Rasa's SQL store used to sys.exit on it
        '{"sender":"x","message":"hei \\udfff"}',
        '{"sender":"x\\u0000y","message":"hei"}',  # NUL: PostgreSQL cannot store it
        '{"sender":"x","message":"hei\\u0000"}',
        '{"message":"hei"}',  # no sender: would share one "default" conversation
        '{"sender":"x","message":"hei","metadata":' + DEEP_METADATA + "}",
        '{"sender":"x","message":"hei","metadata":{"blob":"' + "a" * 20000 + '"}}',
        '{"sender":"x","message":"hei","metadata":"lang=fi"}',
        '{"sender":"x\\u0085","message":"hei"}',  # a C1 control character cannot name a conversation in a URL
    ],
)
def test_unstorable_requests_are_refused_and_the_server_lives_on(bot_stack, raw: str) -> None:
    response = httpx.post(f"{bot_stack.rasa_url}/webhooks/rest/webhook", content=raw.encode(),
                          headers={"content-type": "application/json"}, timeout=30)
    assert response.status_code == 400, response.text
    assert response.json()["error"]
    assert answer_card(bot_stack.ask("Mikä on Kela?"))["id"] == "kela"


@pytest.mark.xfail(strict=True, reason="known gap (issue 15): two of its six topic words (TABLE, services) are "
                   "known, so it is searched, and character n-grams find services; see docs/BENCHMARKS.md")
def test_hostile_text_gets_a_polite_reply(bot_stack) -> None:
    messages = bot_stack.ask("<script>alert(1)</script>' OR 1=1; DROP TABLE services;--")
    # Not understood, said politely, and nothing of it echoed for a page to execute.
    assert answer_card(messages)["type"] == "fallback"
    assert not any("<script>" in m["text"] or "DROP TABLE" in m["text"] for m in messages)
    assert answer_card(bot_stack.ask("Mikä on Kela?"))["id"] == "kela"  # and the catalogue is still there
