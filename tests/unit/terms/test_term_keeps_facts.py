"""A term question that also says something about the user keeps those facts for later searches."""

from __future__ import annotations

from actions.terms import ActionAnswerTerm
from tests.conftest import make_tracker, run_action


def selected(term_id: str) -> dict:
    return {"term": {"response": {"intent_response_key": f"term/{term_id}", "confidence": 0.9}}}


def test_facts_in_a_term_question_are_kept_and_the_term_is_answered() -> None:
    text = "olen opiskelija ja asun Oulussa, mikä on opintotuki?"
    tracker = make_tracker(text, response_selector=selected("opintotuki"))
    messages, slots, _ = run_action(ActionAnswerTerm(), tracker)
    assert messages[0]["custom"]["type"] == "term" and messages[0]["custom"]["id"] == "opintotuki"
    assert slots["user_municipality"] == "Oulu" and slots["user_groups"] == ["student"]


def test_a_plain_term_question_changes_no_fact_and_known_facts_stay() -> None:
    known = {"user_municipality": "Turku", "user_groups": ["retired"]}
    tracker = make_tracker("mikä on opintotuki?", slots=known, response_selector=selected("opintotuki"))
    _, slots, _ = run_action(ActionAnswerTerm(), tracker)
    assert "user_municipality" not in slots and "user_groups" not in slots
