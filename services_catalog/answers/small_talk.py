"""Greetings, thanks, help and the other small talk, and the fallback that may still find a named term."""

from __future__ import annotations

from services_catalog.answers import profile, services
from services_catalog.answers.fallback import not_understood
from services_catalog.answers.terms import term_reply
from services_catalog.answers.turn import Reply, Turn
from services_catalog.cards import message
from services_catalog.needs import asks_for_service
from services_catalog.statements import read_statements
from services_catalog.term_search import terms_named_in
from services_catalog.terms import terms_by_id

SMALL_TALK_INTENTS = ("greet", "goodbye", "thanks", "help", "bot_challenge")


def small_talk(turn: Turn) -> Reply:
    key = turn.intent if turn.intent in SMALL_TALK_INTENTS else "help"
    return turn.reply(message(key, turn.lang))


async def fallback(turn: Turn) -> Reply:
    """Out of scope or not understood: answer a term if exactly one is named outright; take in what the user
    says about themselves ("I lost my job"); search services when the message asks for something to be done
    ("haluan hakea kesätyöharjoitteluun"); else offer the closest terms.

    The statement reader and the need words are precise where the router is not: they read the sentence's
    grammar, not its nearness to training examples, so a question that only asks what something is still
    reaches the fallback.
    """
    named = terms_named_in(turn.text)
    # A low-confidence question that names exactly one term is most likely about it.
    if turn.intent == "nlu_fallback" and len(named) == 1:
        return await term_reply(turn, terms_by_id()[named[0]])
    if read_statements(turn.text).found:
        return profile.remember(turn, services.SEARCH_ACTION)
    if asks_for_service(turn.text) and (found := await services.search_found(turn)) is not None:
        return found
    return not_understood(turn)
