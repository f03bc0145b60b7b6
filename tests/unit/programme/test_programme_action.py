"""The programme action with real rasa-sdk objects: card contract, language, and unrecognised-query logging.

The catalogue API is not running here, so the query log takes its documented path of
writing the record to the pending file; the REST-channel test covers the full stack.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from actions.programme import ActionAnswerProgramme
from actions.turns import read_turn
from bot.stack import free_port
from services_catalog.answers.query_log import PENDING_FILE
from tests.conftest import make_tracker, run_action


@pytest.fixture()
def pending_file(settings: Callable, tmp_path: Path) -> Path:
    settings(var_dir=tmp_path, api_url=f"http://127.0.0.1:{free_port()}")  # nothing listens there
    return tmp_path / PENDING_FILE


def _run(text: str, entities: list[dict] | None = None) -> tuple[list[dict], list]:
    messages, _, events = run_action(ActionAnswerProgramme(), make_tracker(text, intent="ask_programme",
                                                                           entities=entities))
    return messages, events


def test_known_question_gets_a_card_and_is_logged_as_recognised(pending_file: Path) -> None:
    messages, events = _run("Kuka oli RAKKI-kokeilun yrityskumppani?")
    assert len(messages) == 1
    card = messages[0]["custom"]
    assert (card["type"], card["id"], card["lang"]) == ("experiment", "rakki", "fi")
    assert "IBM" in messages[0]["text"]
    assert {"event": "slot", "name": "lang", "value": "fi", "timestamp": None} in events
    record = json.loads(pending_file.read_text(encoding="utf-8").splitlines()[-1])
    assert (record["card_type"], record["recognised"]) == ("experiment", True)


def test_unknown_experiment_is_logged_as_unrecognised(pending_file: Path) -> None:
    messages, _ = _run("Tell me about the Moonshot experiment",
                       [{"entity": "experiment", "value": "Moonshot", "start": 18, "end": 26}])
    assert messages[0]["custom"]["lang"] == "en"
    assert "I don't know" in messages[0]["text"] and "Moonshot" in messages[0]["text"]
    record = json.loads(pending_file.read_text(encoding="utf-8").splitlines()[-1])
    assert record["recognised"] is False and record["text"] == "Tell me about the Moonshot experiment"


def test_turn_keeps_only_well_formed_entities() -> None:
    entities = [
        {"entity": "partner", "value": "IBM"},
        {"entity": "city", "value": "Turku"},
        {"entity": "experiment", "value": None},
        {"entity": "campaign", "value": ["list"]},
        {"value": "no name"},
        "not an entity",
    ]
    turn = read_turn(make_tracker("x", intent="ask_programme", entities=entities))
    assert turn.entities == (("partner", "IBM"), ("city", "Turku"))
    assert turn.entity_values("partner") == ["IBM"] and turn.entity_values("experiment") == []
