"""The programme action with real rasa-sdk objects: card contract, language, and unrecognised-query logging.

The catalogue API is not running here, so log_query takes its documented path of
writing the record to the pending file; the REST-channel test covers the full stack.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.programme import ActionAnswerProgramme, entity_values
from bot import settings
from bot.stack import free_port


def _tracker(text: str, entities: list[dict] | None = None, metadata: dict | None = None) -> Tracker:
    message = {"text": text, "intent": {"name": "ask_programme", "confidence": 0.9}, "entities": entities or []}
    events = [{"event": "user", "text": text, "parse_data": message, "metadata": metadata or {}}]
    return Tracker("tester", {}, message, events, False, None, {}, "rest")


@pytest.fixture()
def pending_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(settings, "VAR_DIR", tmp_path)
    monkeypatch.setenv("CITYBOT_API_URL", f"http://127.0.0.1:{free_port()}")  # nothing listens there
    return tmp_path / "pending_queries.jsonl"


def _run(tracker: Tracker) -> tuple[list[dict], list]:
    dispatcher = CollectingDispatcher()
    events = ActionAnswerProgramme().run(dispatcher, tracker, {})
    return dispatcher.messages, events


def test_known_question_gets_a_campaign_card_and_is_logged_as_recognised(pending_file: Path) -> None:
    messages, events = _run(_tracker("Kuka oli RAKKI-kokeilun yrityskumppani?"))
    assert len(messages) == 1
    card = messages[0]["custom"]
    assert (card["type"], card["id"], card["lang"]) == ("campaign", "rakki", "fi")
    assert "IBM" in messages[0]["text"]
    assert {"event": "slot", "name": "lang", "value": "fi", "timestamp": None} in events
    record = json.loads(pending_file.read_text(encoding="utf-8").splitlines()[-1])
    assert (record["card_type"], record["recognised"]) == ("campaign", True)


def test_unknown_experiment_is_logged_as_unrecognised(pending_file: Path) -> None:
    tracker = _tracker(
        "Tell me about the Moonshot experiment", [{"entity": "experiment", "value": "Moonshot", "start": 18, "end": 26}]
    )
    messages, _ = _run(tracker)
    assert messages[0]["custom"]["lang"] == "en"
    assert "I don't know" in messages[0]["text"] and "Moonshot" in messages[0]["text"]
    record = json.loads(pending_file.read_text(encoding="utf-8").splitlines()[-1])
    assert record["recognised"] is False and record["text"] == "Tell me about the Moonshot experiment"


def test_entity_values_ignores_foreign_and_malformed_entities() -> None:
    message = {
        "entities": [
            {"entity": "partner", "value": "IBM"},
            {"entity": "city", "value": "Turku"},
            {"entity": "experiment", "value": None},
            {"entity": "campaign", "value": "  "},
            {"value": "no name"},
        ]
    }
    assert entity_values(message) == {"partner": ["IBM"]}
    assert entity_values({}) == {}
