"""Rules the intent router adds to the model's ranking: a story told uncertainly to a term is a search."""

from __future__ import annotations

import pytest

from bot.nlu.intent_router import (
    FORGET_INTENT,
    SEARCH_INTENT,
    SHOW_PROFILE_INTENT,
    STATEMENT_INTENT,
    finish_ranking,
    ruled_intent,
)


def test_a_story_the_model_gave_to_a_term_uncertainly_is_a_search():
    story = "the company I worked for went bankrupt and never paid my last two salaries"
    assert finish_ranking(story, [("term", 0.66), (SEARCH_INTENT, 0.17)])[0][0] == SEARCH_INTENT
    # a confident term route stays, and so does a practical question the term bot answers
    assert finish_ranking(story, [("term", 0.95), (SEARCH_INTENT, 0.03)])[0][0] == "term"
    question = "where can I see my prescriptions online at the health centre"
    assert finish_ranking(question, [("term", 0.6), (SEARCH_INTENT, 0.3)])[0][0] == "term"


@pytest.mark.parametrize(("text", "intent"), [
    # facts that ask for nothing, with a short rest the model might take for a term
    ("retired now after 35 years at the tax office, finally some peace", STATEMENT_INTENT),
    ("22, studying law in Turku and renting a room in Kaarina", STATEMENT_INTENT),
    ("asun Vaasassa, duunis kaupassa", STATEMENT_INTENT),
    # requests about the kept facts, whatever is said around them
    ("Hei vaan, voitko poistaa kaiken mitä kerroin? Äiti sanoi että niin on parempi.", FORGET_INTENT),
    ("By the way, what do you actually know about me so far? Just curious.", SHOW_PROFILE_INTENT),
    # a need beside the facts, or a question, is left to the model
    ("asun Vaasassa, mistä saan verokortin?", None),
    ("mikä on Kela?", None),
])
def test_messages_whose_kind_is_certain_without_the_model(text: str, intent: str | None) -> None:
    assert ruled_intent(text) == intent
