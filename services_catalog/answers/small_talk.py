"""Greetings, thanks, help and the other small talk, and the fallback that may still find a named term."""

from __future__ import annotations

from services_catalog.answers.fallback import unrecognised
from services_catalog.answers.terms import term_reply
from services_catalog.answers.turn import Reply, Turn
from services_catalog.cards import message
from services_catalog.term_search import terms_named_in
from services_catalog.terms import terms_by_id

SMALL_TALK_INTENTS = ("greet", "goodbye", "thanks", "help", "bot_challenge")


def small_talk(turn: Turn) -> Reply:
    key = turn.intent if turn.intent in SMALL_TALK_INTENTS else "help"
    return turn.reply(message(key, turn.lang))


async def fallback(turn: Turn) -> Reply:
    """Out of scope or not understood: answer a term if exactly one is named outright, else as `unrecognised`."""
    named = terms_named_in(turn.text)
    # A low-confidence question that names exactly one term is most likely about it.
    if turn.intent == "nlu_fallback" and len(named) == 1:
        return await term_reply(turn, terms_by_id()[named[0]])
    return await unrecognised(turn)
