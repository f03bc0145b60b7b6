"""One query-log row per finished user turn, built from Rasa's own event objects, whatever path the turn took."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from rasa.shared.core.events import (
    ActionExecuted,
    BotUttered,
    SlotSet,
    UserUtteranceReverted,
    UserUttered,
)

from services_catalog.querylog.rows import row_from_events

SALT = "test-salt"
NOW = 1_800_000_000.0


def user(text: str, intent: str = "search_service", confidence: float = 0.91, metadata: dict | None = None,
         channel: str = "rest") -> UserUttered:
    event = UserUttered(text, intent={"name": intent, "confidence": confidence},
                        parse_data={"text": text, "intent": {"name": intent, "confidence": confidence}, "entities": []},
                        input_channel=channel, metadata=metadata or {})
    event.timestamp = NOW - 0.25
    return event


def bot(card: dict, recognised: bool = True) -> BotUttered:
    return BotUttered("reply", data={"custom": card}, metadata={"answer": {"recognised": recognised}})


def listen() -> ActionExecuted:
    return ActionExecuted("action_listen")


def row(events: list) -> dict | None:
    return row_from_events("sender-1", [e.as_dict() for e in events], SALT, NOW)


def test_an_answered_turn_keeps_what_maintainers_need() -> None:
    card = {"type": "term", "id": "kela", "lang": "fi", "answer_id": "a" * 32, "title": "Kela"}
    found = row([listen(), user("mikä on kela", intent="term"), ActionExecuted("action_answer_term"), bot(card),
                 SlotSet("lang", "fi"), listen()])
    assert found is not None
    assert (found["intent"], found["confidence"], found["card_type"], found["card_id"], found["answer_id"]) == (
        "term", 0.91, "term", "kela", "a" * 32)
    assert (found["action"], found["fell_back"], found["lang"], found["channel"]) == (
        "action_answer_term", False, "fi", "rest")
    assert found["response_ms"] == 250
    assert found["conversation"] == hmac.new(SALT.encode(), b"sender-1", hashlib.sha256).hexdigest()[:32]
    assert "sender-1" not in str(found)


def test_text_is_redacted_before_it_becomes_a_row() -> None:
    found = row([user("soita mulle 040 123 4567 tai mail@example.fi"), ActionExecuted("action_search_services"),
                 bot({"type": "service_list", "lang": "fi", "items": []}, recognised=False), listen()])
    assert found["text"] == "soita mulle <PHONE> tai <EMAIL>"
    assert found["fell_back"] is True  # the search found nothing: the answer said so


@pytest.mark.parametrize(
    ("events", "action", "card_type"),
    [
        # NLU fallback: the rule runs our fallback action, which answers with a fallback card.
        ([user("hilavitkutin", intent="nlu_fallback", confidence=0.3), ActionExecuted("action_fallback"),
          bot({"type": "fallback", "lang": "fi", "suggestions": []}, recognised=False), listen()],
         "action_fallback", "fallback"),
        # Rasa's core fallback: its own action, no card, the user message reverted.
        ([user("kyllä", intent="greet"), ActionExecuted("action_default_fallback"), UserUtteranceReverted(),
          listen()], "action_default_fallback", None),
    ],
)
def test_fallbacks_are_marked(events: list, action: str, card_type: str | None) -> None:
    found = row(events)
    assert (found["action"], found["card_type"], found["fell_back"]) == (action, card_type, True)


def test_a_turn_whose_action_server_was_down_is_logged_without_an_answer() -> None:
    found = row([user("haluan uimaan"), ActionExecuted("action_search_services"), listen()])
    assert (found["action"], found["card_type"], found["answer_id"], found["fell_back"]) == (
        "action_search_services", None, None, False)


@pytest.mark.parametrize(
    ("metadata", "input_channel", "expected"),
    [({"channel": "slack"}, "rest", "slack"), ({"channel": "Teams"}, "rest", "teams"),
     ({"channel": "widget", "lang": "sv"}, "rest", "widget"), ({}, "rest", "rest"),
     ({"channel": "<script>"}, "rest", "rest"), ({}, "socketio", "socketio")],
)
def test_channel_comes_from_the_metadata(metadata: dict, input_channel: str, expected: str) -> None:
    found = row([user("hei", intent="greet", metadata=metadata, channel=input_channel),
                 ActionExecuted("action_small_talk"), listen()])
    assert found["channel"] == expected


def test_no_row_until_the_turn_is_finished_or_for_external_events() -> None:
    assert row([user("hei", intent="greet"), ActionExecuted("action_small_talk")]) is None
    assert row([listen()]) is None
    external = UserUttered("EXTERNAL: reminder", intent={"name": "greet", "confidence": 1.0})
    assert row([external, ActionExecuted("action_small_talk"), listen()]) is None


def test_the_same_turn_has_the_same_uid_and_the_next_turn_another() -> None:
    first = [user("hei", intent="greet"), ActionExecuted("action_small_talk"), listen()]
    second_user = user("kiitos", intent="thanks")
    second_user.timestamp = NOW - 0.1
    assert row(first)["uid"] == row(first)["uid"]
    assert row([*first, second_user, ActionExecuted("action_small_talk"), listen()])["uid"] != row(first)["uid"]
