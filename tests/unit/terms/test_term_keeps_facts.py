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


def test_a_term_named_with_more_words_is_also_searched_and_a_bare_name_is_not() -> None:
    from services_catalog.answers.terms import _says_more_than_its_name
    from services_catalog.terms import terms_by_id

    asumistuki = terms_by_id()["asumistuki"]
    # any form or language of its names says nothing more: the term's own related services answer it
    assert not any(_says_more_than_its_name(asumistuki, t) for t in ("asumistukea", "housing allowance", "asumistuki?"))
    # keywords beyond the name read like a search box: the search answers them after the definition
    assert _says_more_than_its_name(asumistuki, "asumistuki eläkeläiselle")
    assert _says_more_than_its_name(terms_by_id()["kela"], "Kelan yhteystiedot")
