"""Answering "what is X" questions from the term table."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback_reply import fallback_card
from actions.reply import language_slot, log_query, reply_language, send_card
from actions.services import related_service_buttons
from services_catalog.term_search import terms_named_in
from services_catalog.terms import Term, terms_by_id
from services_catalog.texts import text

RETRIEVAL_INTENT = "term"
# Above this the term selector is trusted even when the text names another term.
CONFIDENT = 0.5


def selected_term_id(tracker: Tracker) -> tuple[str | None, float, bool]:
    """The term the term selector chose, its confidence, and whether the question shares a topic word with it."""
    selector = (tracker.latest_message.get("response_selector") or {}).get(RETRIEVAL_INTENT) or {}
    response = selector.get("response") or {}
    key = response.get("intent_response_key") or ""
    if not key.startswith(f"{RETRIEVAL_INTENT}/"):
        return None, 0.0, False
    return key.split("/", 1)[1], float(response.get("confidence") or 0.0), bool(response.get("shares_topic", True))


def choose_term(user_text: str, selected: str | None, confidence: float, shares_topic: bool = True) -> str | None:
    """Combine the model's choice with the names written in the question; None when it is about no term.

    The model generalises over phrasings; the names catch what it confuses
    when a question names its term outright in an unusual sentence. A question
    that names no term and shares no topic word with the model's choice ("how
    many legs does a spider have") is not a term question at all.
    """
    named = terms_named_in(user_text)
    if not named and not shares_topic:
        return None
    if selected and (confidence >= CONFIDENT or selected in named or not named):
        return selected
    return named[0] if named else selected


def term_card(term: Term, lang: str) -> tuple[str, dict[str, Any]]:
    definition = term.definition(lang)
    if not term.has_definition(lang):
        definition = f"{definition} {text('term_no_translation', lang)}"
    reply = f"{term.name(lang)}: {definition}\n{text('term_more', lang, url=term.url)}"
    card = {
        "type": "term",
        "id": term.id,
        "title": term.name(lang),
        "text": definition,
        "url": term.url,
        "lang": lang,
        "related_services": list(term.related_services),
    }
    return reply, card


def answer_term(dispatcher: CollectingDispatcher, term: Term, lang: str) -> None:
    """The definition, with the term's related services offered as buttons (when the catalogue answers)."""
    reply, card = term_card(term, lang)
    send_card(dispatcher, reply, card, related_service_buttons(list(term.related_services), lang))


class ActionAnswerTerm(Action):
    def name(self) -> str:
        return "action_answer_term"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = reply_language(tracker)
        user_text = tracker.latest_message.get("text") or ""
        selected, confidence, shares_topic = selected_term_id(tracker)
        term_id = choose_term(user_text, selected, confidence, shares_topic)
        term = terms_by_id().get(term_id or "")
        if term is None:  # not about any term, or about one the table no longer has (retrain pending)
            reply, card, buttons = fallback_card(user_text, lang)
            send_card(dispatcher, reply, card, buttons)
            log_query(tracker, "fallback", recognised=False)
            return [language_slot(lang)]
        answer_term(dispatcher, term, lang)
        log_query(tracker, "term")
        return [language_slot(lang)]
