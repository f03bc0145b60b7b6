"""The query log end to end: one row per user turn on every channel and every path a turn can take, written by
the real Rasa server, redacted there and in its tracker store; ratings linked to their rows; nothing lost
while the SQLite database is locked in the middle of a conversation."""

from __future__ import annotations

import sqlite3
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from connectors.teams_app import metadata as teams_metadata
from services_catalog.answers.services import details_payload
from services_catalog.local_secrets import secret
from services_catalog.querylog.rows import conversation_hash
from tests.support.learning_loop import loop_settings, own_stack, rows, start_service, stop_service

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    settings = loop_settings(tmp_path_factory.mktemp("querylog-var"))
    with own_stack(trained_model, settings) as running:
        yield running


def turns_of(stack: Any, sender: str, expected: int) -> list[dict[str, Any]]:
    conversation = conversation_hash(sender, secret("hash_salt", stack.settings))
    return rows(stack.settings.db_url, "conversation = :c", {"c": conversation}, expected=expected)


def first_card(messages: list[dict]) -> dict[str, Any]:
    return next((m["custom"] for m in messages if isinstance(m.get("custom"), dict)), {})


@pytest.mark.parametrize(
    ("metadata", "channel"),
    [
        ({}, "rest"),  # what Rasa's REST clients send: no channel
        ({"lang": "fi", "channel": "widget"}, "widget"),  # connectors/widget/widget.js
        ({"channel": "slack"}, "slack"),  # connectors/slack_app.py
        (teams_metadata({"type": "message", "locale": "fi-FI", "text": "x"}), "teams"),  # connectors/teams_app.py
    ],
)
def test_each_channel_is_recorded(stack: Any, metadata: dict, channel: str) -> None:
    sender = f"ch-{uuid.uuid4().hex[:10]}"
    messages = stack.ask("mikä on kela", sender, metadata)
    found = turns_of(stack, sender, 1)
    assert len(found) == 1
    assert (found[0]["channel"], found[0]["text"], found[0]["card_type"]) == (channel, "mikä on kela", "term")
    assert found[0]["answer_id"] == first_card(messages)["answer_id"] and found[0]["response_ms"] > 0


def test_a_search_its_next_page_and_a_service_each_get_one_row(stack: Any) -> None:
    sender = f"svc-{uuid.uuid4().hex[:10]}"
    listed = first_card(stack.ask("haluan uimaan", sender))
    assert listed["type"] == "service_list" and listed["items"]
    more = first_card(stack.ask("/show_more", sender))
    details = first_card(stack.ask(details_payload(listed["items"][0]["id"]), sender))
    found = turns_of(stack, sender, 3)
    assert [(r["action"], r["card_type"]) for r in found] == [
        ("action_search_services", "service_list"), ("action_show_more_services", more["type"]),
        ("action_service_details", details["type"])]
    assert found[0]["card_id"].split(",")[0] == listed["items"][0]["id"]


def test_geo_questions_and_their_follow_ups_are_rows(stack: Any) -> None:
    sender = f"geo-{uuid.uuid4().hex[:10]}"
    asked = ["montako puuta on kalliossa", "entä töölössä", "kuinka monta puuta"]
    for said in asked:
        stack.ask(said, sender)
    found = turns_of(stack, sender, len(asked))
    assert [r["text"] for r in found] == asked and all(r["action"] for r in found)


def test_fallbacks_are_rows_marked_as_fallen_back(stack: Any) -> None:
    sender = f"fb-{uuid.uuid4().hex[:10]}"
    assert first_card(stack.ask("qwzx plörp vrumm", sender))["type"] == "fallback"
    found = turns_of(stack, sender, 1)
    assert (len(found), found[0]["card_type"], found[0]["fell_back"]) == (1, "fallback", True)


def test_rasas_core_fallback_is_a_row(stack: Any) -> None:
    """Every intent of this bot has a rule, so no message reaches Rasa's core fallback by itself; Rasa's HTTP API
    drives that path through the real server: a user message, `action_default_fallback`, then listening."""
    sender = f"core-{uuid.uuid4().hex[:10]}"
    api = f"{stack.rasa_url}/conversations/{sender}"
    params = {"token": stack.rasa_token}
    httpx.post(f"{api}/messages", params=params, json={"text": "no niin", "sender": "user"},
               timeout=60).raise_for_status()
    for action in ("action_default_fallback", "action_listen"):
        httpx.post(f"{api}/execute", params=params, json={"name": action}, timeout=60).raise_for_status()
    found = turns_of(stack, sender, 1)
    time.sleep(1)
    assert [(r["text"], r["action"], r["fell_back"]) for r in turns_of(stack, sender, 1)] == [
        ("no niin", "action_default_fallback", True)]
    assert len(found) == 1


def test_turns_are_logged_while_the_catalogue_or_the_action_server_is_down(stack: Any) -> None:
    sender = f"down-{uuid.uuid4().hex[:10]}"
    stop_service(stack, "api")
    try:
        card = first_card(stack.ask("haluan kirjastoon", sender))
        assert card["type"] == "message" and card["id"] == "services_unavailable"
    finally:
        start_service(stack, "api")
    stop_service(stack, "actions")
    try:
        # Nobody to answer: the REST channel says so politely; that message is the channel's, not the bot's turn.
        assert first_card(stack.ask("mikä on kela", sender)).get("id") in (None, "service_no_reply")
    finally:
        start_service(stack, "actions")
    found = turns_of(stack, sender, 2)
    assert [(r["card_id"], r["action"]) for r in found] == [("services_unavailable", "action_search_services"),
                                                            (None, "action_answer_term")]


def test_personal_data_is_redacted_in_the_log_and_in_rasas_store(stack: Any) -> None:
    sender = f"pii-{uuid.uuid4().hex[:10]}"
    stack.ask("soita 040 123 4567 tai matti@example.fi, mikä on kela", sender)
    assert turns_of(stack, sender, 1)[0]["text"] == "soita <PHONE> tai <EMAIL>, mikä on kela"
    tracker = httpx.get(f"{stack.rasa_url}/conversations/{sender}/tracker", params={"token": stack.rasa_token},
                        timeout=30).json()
    stored = str(tracker["events"])
    assert "040 123 4567" not in stored and "matti@example.fi" not in stored and "<EMAIL>" in stored


def test_a_rating_reaches_the_row_of_its_answer(stack: Any) -> None:
    sender = f"rate-{uuid.uuid4().hex[:10]}"
    answer_id = first_card(stack.ask("mikä on kela", sender))["answer_id"]
    turns_of(stack, sender, 1)
    sent = httpx.post(f"{stack.api_url}/feedback", json={"answer_id": answer_id, "rating": "down"}, timeout=30)
    assert sent.status_code == 201, sent.text
    assert turns_of(stack, sender, 1)[0]["rating"] == "down"
    assert httpx.post(f"{stack.api_url}/feedback", json={"answer_id": uuid.uuid4().hex, "rating": "up"},
                      timeout=30).status_code == 404


def test_a_locked_database_delays_rows_but_loses_none(stack: Any) -> None:
    sender = f"lock-{uuid.uuid4().hex[:10]}"
    stack.ask("mikä on kela", sender)
    turns_of(stack, sender, 1)
    lock = sqlite3.connect(stack.settings.db_url.removeprefix("sqlite:///"), timeout=5)
    lock.execute("BEGIN EXCLUSIVE")
    try:
        asked = ["mikä on opintotuki", "kiitos", "mikä on kela-kortti"]
        for said in asked:
            started = time.monotonic()
            assert first_card(stack.ask(said, sender)), said
            assert time.monotonic() - started < 20, "a reply must not wait for the query-log database"
        time.sleep(3)
    finally:
        lock.rollback()
        lock.close()
    assert [r["text"] for r in turns_of(stack, sender, 4)] == ["mikä on kela", *asked]
