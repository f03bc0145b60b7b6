"""The reply when the bot did not understand: the terms closest in meaning as buttons (none when nothing is
close), and how to reach a person."""

from __future__ import annotations

from services_catalog.answers.turn import Reply, Turn
from services_catalog.cards import BotMessage, Button, FallbackCard, Suggestion
from services_catalog.settings import get_settings
from services_catalog.term_search import similar_terms
from services_catalog.texts import text

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
