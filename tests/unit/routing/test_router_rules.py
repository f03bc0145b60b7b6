"""Rules the intent router adds to the model's ranking: a story told uncertainly to a term is a search."""

from __future__ import annotations

from bot.nlu.intent_router import SEARCH_INTENT, finish_ranking


def test_a_story_the_model_gave_to_a_term_uncertainly_is_a_search():
    story = "the company I worked for went bankrupt and never paid my last two salaries"
    assert finish_ranking(story, [("term", 0.66), (SEARCH_INTENT, 0.17)])[0][0] == SEARCH_INTENT
    # a confident term route stays, and so does a practical question the term bot answers
    assert finish_ranking(story, [("term", 0.95), (SEARCH_INTENT, 0.03)])[0][0] == "term"
    question = "where can I see my prescriptions online at the health centre"
    assert finish_ranking(question, [("term", 0.6), (SEARCH_INTENT, 0.3)])[0][0] == "term"
