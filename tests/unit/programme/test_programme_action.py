"""The programme action with real rasa-sdk objects: card contract, language, and whether it recognised the question.

The action says so in its first message's `answer` metadata; the Rasa server logs the turn from it
(bot/tracker_store.py), which the end-to-end tests cover.
"""

from __future__ import annotations

from actions.programme import ActionAnswerProgramme
from actions.turns import read_turn
from tests.conftest import make_tracker, run_action


def _run(text: str, entities: list[dict] | None = None) -> tuple[list[dict], list]:
    messages, _, events = run_action(ActionAnswerProgramme(), make_tracker(text, intent="ask_programme",
                                                                           entities=entities))
    return messages, events


def test_known_question_gets_a_card_and_is_marked_recognised() -> None:
    messages, events = _run("Kuka oli RAKKI-kokeilun yrityskumppani?")
    assert len(messages) == 1
    card = messages[0]["custom"]
    assert (card["type"], card["id"], card["lang"]) == ("experiment", "rakki", "fi")
    assert "IBM" in messages[0]["text"]
    assert {"event": "slot", "name": "lang", "value": "fi", "timestamp": None} in events
    assert messages[0]["answer"] == {"recognised": True}


def test_unknown_experiment_is_marked_unrecognised() -> None:
    messages, _ = _run("Tell me about the Moonshot experiment",
                       [{"entity": "experiment", "value": "Moonshot", "start": 18, "end": 26}])
    assert messages[0]["custom"]["lang"] == "en"
    assert "I don't know" in messages[0]["text"] and "Moonshot" in messages[0]["text"]
    assert messages[0]["answer"] == {"recognised": False}


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
