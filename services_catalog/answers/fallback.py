"""The reply when the bot did not understand: what the user said about themselves, or services when the message
asks for them; else the terms closest in meaning as buttons (none when nothing is close), and how to reach a
person."""

from __future__ import annotations

from services_catalog.answers import profile, services
from services_catalog.answers.turn import Reply, Turn
from services_catalog.cards import BotMessage, Button, FallbackCard, Suggestion
from services_catalog.language.pleasantries import without_pleasantries
from services_catalog.needs import (
    about_catalogue_things,
    asks_for_service,
    asks_what_or_who,
    asks_whether_or_how,
    names_catalogue_things,
    reports_a_problem,
    tells_a_catalogue_story,
)
from services_catalog.settings import get_settings
from services_catalog.statements import READ_CHARS, read_statements, rest_of
from services_catalog.term_search import similar_terms
from services_catalog.texts import text

FALLBACK_ACTION = "action_fallback"
QUESTION_FRAMES = {"fi": "Mikä on {name}?", "sv": "Vad är {name}?", "en": "What is {name}?"}


def not_understood(turn: Turn) -> Reply:
    lang = turn.lang
    suggestions = [
        Suggestion(id=t.id, title=t.name(lang), payload=QUESTION_FRAMES[lang].format(name=t.name(lang)))
        for t, _ in similar_terms(turn.text, limit=3)
    ]
    contact = get_settings().human_contact
    contact_text = text("fallback_contact", lang, contact=f" ({contact})" if contact else "")
    lead = text("fallback" if suggestions else "fallback_no_suggestions", lang)
    card = FallbackCard(lang=lang, suggestions=suggestions, contact=contact_text)
    buttons = [Button(title=s.title, payload=s.payload) for s in suggestions]
    return turn.reply(BotMessage(text=f"{lead}\n{contact_text}", card=card, buttons=buttons), recognised=False)


async def unrecognised(turn: Turn) -> Reply:
    """A message the router found no capability for, or a term question about no term: take in what the user says
    about themselves ("I lost my job"); search services when the message asks for something to be done
    ("haluan hakea kesätyöharjoitteluun"), is a few words naming catalogue things ("työttömyyskorvaus"), reports
    something broken ("katuvalo ei toimi"), or asks a question or tells the writer's situation in the catalogue's
    words ("pitääkö takan piippu putsauttaa joka vuosi", "meidän kadun varressa on seissyt romuauto puoli
    vuotta"); else `not_understood`.

    The statement reader and the need words are precise where the router is not: they read the sentence's
    grammar, not its nearness to training examples, so a question that only asks what something is still
    reaches the fallback.
    """
    said = read_statements(turn.text)
    if said.found and not asks_what_or_who(rest_of(turn.text, said)):  # not "olen opiskelija, mikä on X?"
        return profile.remember(turn, services.SEARCH_ACTION)
    # "heippa, anteeks häiriö mut onks…" is read from "mut onks…"; as far as the statement reader reads (a need is
    # told at the start, and a 5,000-character message must not cost a second of word lookups)
    need = without_pleasantries(turn.text[:READ_CHARS])
    wants_services = not asks_what_or_who(need) and (
        asks_for_service(need) or names_catalogue_things(need) or reports_a_problem(need)
        or tells_a_catalogue_story(need) or asks_whether_or_how(need)
        # any other sentence, when it is about the catalogue's things and not trivia or chat
        or about_catalogue_things(need))
    if wants_services and (found := await services.search_found(turn)) is not None:
        return found
    return not_understood(turn)
