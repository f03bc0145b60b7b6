"""Answering "what is X" questions from the term table."""

from __future__ import annotations

from services_catalog.answers import services
from services_catalog.answers.fallback import unrecognised
from services_catalog.answers.profile import Profile
from services_catalog.answers.turn import Reply, Turn
from services_catalog.cards import BotMessage, TermCard
from services_catalog.language import Lang
from services_catalog.language.detect import function_words
from services_catalog.language.lemmas import word_forms
from services_catalog.language.normalise import letter_words
from services_catalog.needs import asks_a_question, asks_for_service, asks_what_or_who, reads_like_keywords
from services_catalog.statements import read_statements
from services_catalog.term_search import terms_named_in
from services_catalog.terms import Term, terms_by_id
from services_catalog.texts import text

# Above this the term selector is trusted even when the text names another term.
CONFIDENT = 0.5


def choose_term(user_text: str, selected: str | None, confidence: float, shares_topic: bool = True) -> str | None:
    """Combine the model's choice with the names written in the question; None when it is about no term.

    The model generalises over phrasings; the names catch what it confuses
    when a question names its term outright in an unusual sentence. A question
    that names no term and shares no topic word with the model's choice ("how
    many legs does a spider have"), or that names something no table and no
    example knows ("mikä on kimppakyyti": `shares_topic` is then false, see
    bot/nlu/term_selector.py), is not about a term: precision before recall.
    """
    named = terms_named_in(user_text)
    if not named and not shares_topic:
        return None
    if selected and (confidence >= CONFIDENT or selected in named or not named):
        return selected
    return named[0] if named else selected


def term_message(term: Term, lang: Lang) -> BotMessage:
    definition = term.definition(lang)
    if not term.has_definition(lang):
        definition = f"{definition} {text('term_no_translation', lang)}"
    card = TermCard(id=term.id, title=term.name(lang), text=definition, url=term.url, lang=lang,
                    related_services=list(term.related_services))
    reply = f"{term.name(lang)}: {definition}\n{text('term_more', lang, url=term.url)}"
    return BotMessage(text=reply, card=card)


def _says_more_than_its_name(term: Term, user_text: str) -> bool:
    """Whether a message has content words beyond the term's names: "student apartment" or "ID card as a foreign
    resident", typed into a search box, ask for more than the term's own services answer."""
    names = {form for name in term.all_names() for word in letter_words(name) for form in word_forms(word)}
    content = [w for w in letter_words(user_text) if w not in function_words() and len(w) > 2]
    return any(not word_forms(w) & names for w in content)


async def term_reply(turn: Turn, term: Term) -> Reply:
    """The definition, then services: those found for the need when the question asks to get something done
    ("how do I apply for a pension" is about the pension, whatever term it was routed to), or is a few keywords
    or a question (not of what something is: "pitääkö vuokratuloista maksaa ennakkoveroa?") that name more than
    the term (a search costs more than the related services: only then), else the term's related services (when
    the catalogue answers).

    Facts the question states about the user ("olen opiskelija, mikä on opintotuki?") are kept for later
    searches, as a statement or a search would keep them.
    """
    messages = [term_message(term, turn.lang)]
    before = Profile.from_slots(turn.slots)
    slots = before.updated(read_statements(turn.text)).changed_slots(before)
    asks_more = reads_like_keywords(turn.text) or (asks_a_question(turn.text) and not asks_what_or_who(turn.text))
    wants_services = asks_for_service(turn.text) or (asks_more and _says_more_than_its_name(term, turn.text))
    found = await services.search_found(turn) if wants_services else None
    if found is not None:
        return turn.reply(*messages, *found.messages, **{**slots, **found.slots})
    related = (await services.related_services_message(list(term.related_services), turn.lang)
               if term.related_services else None)
    if related is not None:
        messages.append(related)
    return turn.reply(*messages, **slots)


async def answer(turn: Turn) -> Reply:
    selection = turn.term
    term_id = choose_term(turn.text, selection.term_id if selection else None,
                          selection.confidence if selection else 0.0, selection.shares_topic if selection else True)
    term = terms_by_id().get(term_id or "")
    if term is None:  # not about any term, or about one the table no longer has (retrain pending)
        return await unrecognised(turn)
    return await term_reply(turn, term)
