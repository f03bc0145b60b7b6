"""A user turn of Rasa's tracker (its events as dictionaries) in, one query-log row out.

Pure functions over plain event dictionaries, so that the domain knows nothing of Rasa's
classes and the row is the same whichever process builds it.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Sequence
from datetime import datetime, timezone
from typing import Any

from services_catalog.privacy import redact

MAX_TEXT_CHARS = 2000
# Key of the first bot message's metadata in which an action says how its answer went (actions/turns.py).
ANSWER_METADATA = "answer"
FALLBACK_ACTIONS = frozenset({"action_default_fallback", "action_fallback", "action_two_stage_fallback"})
FALLBACK_INTENT = "nlu_fallback"
# Rasa's own bookkeeping, not an answer to the user.
_PLUMBING = frozenset({"action_listen", "action_session_start", "action_extract_slots", "action_unlikely_intent"})
_CHANNEL = re.compile(r"[a-z0-9_-]{1,30}")
DEFAULT_CHANNEL = "rest"


def conversation_hash(sender_id: str, salt: str) -> str:
    """A salted hash of a conversation id: rows of one conversation group together, nobody can look one up."""
    key = salt.encode("utf-8")
    return hmac.new(key, sender_id.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:32]


def turn_uid(sender_id: str, timestamp: float) -> str:
    """The row's idempotency key: the same user message gives the same key in every process and retry."""
    return hashlib.sha256(f"{sender_id}\x00{timestamp!r}".encode("utf-8", "surrogatepass")).hexdigest()[:32]


def last_turn(events: Sequence[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """The latest user message and the events after it, once the bot has answered it (ended with
    `action_listen`); None while a turn is incomplete or there is none."""
    if not events or events[-1].get("event") != "action" or events[-1].get("name") != "action_listen":
        return None
    for index in range(len(events) - 1, -1, -1):
        event = events[index]
        if event.get("event") == "user":
            if _is_external(event):
                return None
            return event, list(events[index + 1:])
    return None


def _is_external(event: dict[str, Any]) -> bool:
    # Intents triggered through Rasa's HTTP API (reminders, /trigger_intent) are not something a user typed.
    return str(event.get("text") or "").startswith("EXTERNAL: ")


def channel_of(user_event: dict[str, Any]) -> str:
    """The channel the connector named in the message's metadata (`channel`), else Rasa's input channel."""
    metadata = user_event.get("metadata") if isinstance(user_event.get("metadata"), dict) else {}
    for candidate in (metadata.get("channel"), user_event.get("input_channel")):
        if isinstance(candidate, str) and _CHANNEL.fullmatch(candidate.lower()):
            return candidate.lower()
    return DEFAULT_CHANNEL


def _first_card(later: list[dict[str, Any]]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The first bot message's card and its metadata ({} when the bot said nothing with a card)."""
    for event in later:
        if event.get("event") == "bot":
            card = (event.get("data") or {}).get("custom")
            metadata = event.get("metadata") if isinstance(event.get("metadata"), dict) else {}
            return (card if isinstance(card, dict) else {}), metadata
    return {}, {}


def _answering_action(later: list[dict[str, Any]]) -> str | None:
    """The action that sent the first bot message; if none did, the last action that ran."""
    last = None
    for event in later:
        if event.get("event") == "action" and event.get("name") not in _PLUMBING:
            last = event.get("name")
        elif event.get("event") == "bot" and last:
            return last
    return last


def _card_id(card: dict[str, Any]) -> str | None:
    if card.get("id") is not None:
        return str(card["id"])[:200]
    items = [str(item.get("id")) for item in card.get("items") or [] if isinstance(item, dict) and item.get("id")]
    return ",".join(items)[:200] or None


def _lang(card: dict[str, Any], later: list[dict[str, Any]], user_event: dict[str, Any]) -> str | None:
    if isinstance(card.get("lang"), str):
        return card["lang"]
    for event in later:
        if event.get("event") == "slot" and event.get("name") == "lang" and isinstance(event.get("value"), str):
            return event["value"]
    hint = (user_event.get("metadata") or {}).get("lang") if isinstance(user_event.get("metadata"), dict) else None
    return hint if isinstance(hint, str) and len(hint) <= 8 else None


def row_from_events(sender_id: str, events: Sequence[dict[str, Any]], salt: str, now: float) -> dict[str, Any] | None:
    """The query-log row of the turn the tracker just finished, or None when it has not finished one."""
    turn = last_turn(events)
    if turn is None:
        return None
    user, later = turn
    parse = user.get("parse_data") if isinstance(user.get("parse_data"), dict) else {}
    intent = parse.get("intent") if isinstance(parse.get("intent"), dict) else {}
    card, metadata = _first_card(later)
    answer = metadata.get(ANSWER_METADATA) if isinstance(metadata.get(ANSWER_METADATA), dict) else {}
    action = _answering_action(later)
    actions = {e.get("name") for e in later if e.get("event") == "action"}
    timestamp = float(user.get("timestamp") or now)
    confidence = intent.get("confidence")
    return {
        "uid": turn_uid(sender_id, timestamp),
        "created_at": datetime.fromtimestamp(timestamp, tz=timezone.utc).replace(tzinfo=None).isoformat(),
        "channel": channel_of(user),
        "conversation": conversation_hash(sender_id, salt),
        "lang": _lang(card, later, user),
        "text": redact(str(user.get("text") or ""))[:MAX_TEXT_CHARS],
        "intent": str(intent["name"])[:100] if intent.get("name") else None,
        "confidence": float(confidence) if isinstance(confidence, int | float) else None,
        "card_type": str(card["type"])[:32] if card.get("type") else None,
        "card_id": _card_id(card),
        "answer_id": str(card["answer_id"])[:64] if card.get("answer_id") else None,
        "action": action[:100] if action else None,
        "fell_back": bool(
            intent.get("name") == FALLBACK_INTENT
            or actions & FALLBACK_ACTIONS
            or card.get("type") == "fallback"
            or answer.get("recognised") is False
        ),
        "response_ms": max(0, int((now - timestamp) * 1000)),
    }
