"""Small talk (greet, help, thanks, ...) and the fallback for questions the bot did not understand."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.fallback_reply import fallback_card
from actions.reply import language_slot, log_query, reply_language, send_card
from actions.terms import answer_term
from services_catalog.term_search import terms_named_in
from services_catalog.terms import terms_by_id
from services_catalog.texts import text

SMALL_TALK_INTENTS = ("greet", "goodbye", "thanks", "help", "bot_challenge")


class ActionSmallTalk(Action):
    def name(self) -> str:
        return "action_small_talk"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = reply_language(tracker)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        key = intent if intent in SMALL_TALK_INTENTS else "help"
        send_card(dispatcher, text(key, lang), {"type": "message", "id": key, "lang": lang})
        log_query(tracker, "message")
        return [language_slot(lang)]


class ActionFallback(Action):
    """Out of scope or not understood: answer a term if one is named outright, else offer the closest."""

    def name(self) -> str:
        return "action_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = reply_language(tracker)
        user_text = tracker.latest_message.get("text") or ""
        named = terms_named_in(user_text)
        intent = (tracker.latest_message.get("intent") or {}).get("name")
        # A low-confidence question that names exactly one term is most likely about it.
        if intent == "nlu_fallback" and len(named) == 1:
            answer_term(dispatcher, terms_by_id()[named[0]], lang)
            log_query(tracker, "term")
            return [language_slot(lang)]
        reply, card, buttons = fallback_card(user_text, lang)
        send_card(dispatcher, reply, card, buttons)
        log_query(tracker, "fallback", recognised=False)
        return [language_slot(lang)]
