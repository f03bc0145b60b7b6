"""Answering Kokeilukiihdyttämö programme questions from the programme tables."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.reply import language_slot, log_query, reply_language, send_card
from services_catalog.programme import answer

ENTITIES = ("campaign", "experiment", "partner", "department")


def entity_values(message: dict[str, Any]) -> dict[str, list[str]]:
    """NLU entity values by entity name, for the entities this capability declares."""
    values: dict[str, list[str]] = {}
    for entity in message.get("entities") or []:
        name, value = entity.get("entity"), entity.get("value")
        if name in ENTITIES and isinstance(value, str) and value.strip():
            values.setdefault(name, []).append(value.strip())
    return values


class ActionAnswerProgramme(Action):
    def name(self) -> str:
        return "action_answer_programme"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        lang = reply_language(tracker)
        message = tracker.latest_message or {}
        reply = answer(message.get("text") or "", lang, entity_values(message))
        send_card(dispatcher, reply.text, reply.card)
        # Unknown campaigns and experiments go to the maintainers' list of unrecognised questions.
        log_query(tracker, "campaign", recognised=reply.recognised)
        return [language_slot(lang)]
