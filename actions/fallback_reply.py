"""The fallback reply: closest terms as buttons, and how to reach a person."""

from __future__ import annotations

from typing import Any

from bot import settings
from services_catalog.term_search import closest_terms
from services_catalog.texts import text

QUESTION_FRAMES = {"fi": "Mikä on {name}?", "sv": "Vad är {name}?", "en": "What is {name}?"}


def fallback_card(user_text: str, lang: str) -> tuple[str, dict[str, Any], list[dict[str, str]]]:
    """Text, card and buttons offering the closest terms and a way to reach a person."""
    suggestions = [
        {"id": t.id, "title": t.name(lang), "payload": QUESTION_FRAMES[lang].format(name=t.name(lang))}
        for t in closest_terms(user_text, limit=3)
    ]
    contact = settings.human_contact()
    contact_text = text("fallback_contact", lang, contact=f" ({contact})" if contact else "")
    lead = text("fallback" if suggestions else "fallback_no_suggestions", lang)
    card = {"type": "fallback", "lang": lang, "suggestions": suggestions, "contact": contact_text}
    buttons = [{"title": s["title"], "payload": s["payload"]} for s in suggestions]
    return f"{lead}\n{contact_text}", card, buttons
