"""The reply contract: every bot message carries readable text and a machine-readable card.

See docs/ARCHITECTURE.md ("Reply contract"). Actions never call
`dispatcher.utter_message` directly; they go through `send_card`, so every
channel can rely on `custom.type` and `custom.lang`.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import httpx
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from bot import settings
from bot.lang import SUPPORTED, detect_language

log = logging.getLogger(__name__)
CARD_TYPES = {"term", "fallback", "message", "service_list", "geo_count", "geo_ranking", "campaign"}
LOG_TIMEOUT_SECONDS = 2.0


def send_card(
    dispatcher: CollectingDispatcher,
    text: str,
    card: dict[str, Any],
    buttons: list[dict[str, str]] | None = None,
) -> None:
    """Send one bot message: `text` for people, `card` (with `type` and `lang`) for machines."""
    if card.get("type") not in CARD_TYPES:
        raise ValueError(f"unknown card type {card.get('type')!r}")
    if card.get("lang") not in SUPPORTED:
        raise ValueError(f"card language must be one of {SUPPORTED}, got {card.get('lang')!r}")
    dispatcher.utter_message(text=text, json_message=card, buttons=buttons or [])


def latest_metadata(tracker: Tracker) -> dict[str, Any]:
    """Metadata the channel sent with the latest user message (e.g. the widget's page language)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            return event.get("metadata") or {}
    return {}


def reply_language(tracker: Tracker) -> str:
    """The language to answer the latest message in.

    The text decides when it is clear; otherwise the channel's hint, then the
    language of the conversation so far (the `lang` slot), then Finnish.
    """
    text = (tracker.latest_message or {}).get("text") or ""
    hint = latest_metadata(tracker).get("lang") or tracker.get_slot("lang")
    return detect_language(text, hint=hint if hint in SUPPORTED else None)


def language_slot(lang: str) -> SlotSet:
    """Event that remembers the conversation's language for the next, possibly ambiguous, message."""
    return SlotSet("lang", lang)


def _query_record(tracker: Tracker, card_type: str, recognised: bool) -> dict[str, Any]:
    message = tracker.latest_message or {}
    intent = message.get("intent") or {}
    return {
        "text": (message.get("text") or "")[:2000],
        "lang": reply_language(tracker),
        "intent": intent.get("name"),
        "confidence": intent.get("confidence"),
        "card_type": card_type,
        "recognised": recognised,
        "sender": tracker.sender_id,
        "channel": tracker.get_latest_input_channel(),
        "timestamp": time.time(),
    }


def log_query(tracker: Tracker, card_type: str, recognised: bool = True) -> None:
    """Record the latest query in the catalogue's query log, for maintainers.

    If the API cannot take it, the record goes to a local JSON-lines file so
    that nothing is lost; `citybot logs --import-pending` loads it later.
    """
    record = _query_record(tracker, card_type, recognised)
    try:
        response = httpx.post(f"{settings.api_url()}/queries", json=record, timeout=LOG_TIMEOUT_SECONDS)
        response.raise_for_status()
    except httpx.HTTPError as error:
        log.warning("query log API unavailable (%s); keeping the query in the pending file", error)
        pending = settings.VAR_DIR / "pending_queries.jsonl"
        pending.parent.mkdir(parents=True, exist_ok=True)
        with pending.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
