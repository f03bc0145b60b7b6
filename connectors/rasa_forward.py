"""Forwarding one chat message from a workspace channel (Slack, Teams) to the Rasa REST webhook.

Failures never reach the user as errors: they become a polite bot message in
the same shape as a real reply (text + `message` card), so a channel renders
both the same way.
"""

from __future__ import annotations

import logging
from typing import Any

import httpx

from services_catalog.cards import message
from services_catalog.language.detect import detect_language
from services_catalog.settings import get_settings

log = logging.getLogger(__name__)
# Rasa's own limit is in connectors/card_rest.py; checking here too saves a round trip.
MAX_MESSAGE_CHARS = 5000
# Rasa may call actions that call the catalogue or a WFS server; allow for a slow backend.
RASA_TIMEOUT_SECONDS = 60.0


def rasa_url() -> str:
    return get_settings().rasa_url


def polite_reply(key: str, user_text: str, lang_hint: str | None = None) -> list[dict[str, Any]]:
    """A one-message reply built from a bot text, in the language the user wrote in (or the conversation's)."""
    return [message(key, detect_language(user_text, hint=lang_hint)).to_wire()]


async def ask_rasa(
    text: str, sender: str, metadata: dict[str, Any], client: httpx.AsyncClient | None = None,
) -> list[dict[str, Any]]:
    """The bot's reply messages to `text`, or a polite message when the text or the bot is not usable.

    `metadata` names the channel and, for a button click, the conversation's language (`lang`).
    """
    hint = metadata.get("lang")
    if not text.strip():
        return polite_reply("channel_empty", text, hint)
    if len(text) > MAX_MESSAGE_CHARS:
        return polite_reply("channel_too_long", text[:500], hint)
    body = {"sender": sender, "message": text, "metadata": metadata}
    own_client = client is None
    client = client or httpx.AsyncClient(timeout=RASA_TIMEOUT_SECONDS)
    try:
        response = await client.post(f"{rasa_url()}/webhooks/rest/webhook", json=body)
    except httpx.HTTPError as error:
        log.warning("Rasa at %s unreachable: %s", rasa_url(), error)
        return polite_reply("channel_bot_down", text, hint)
    finally:
        if own_client:
            await client.aclose()
    if response.status_code == 413:
        return polite_reply("channel_too_long", text[:500], hint)
    if 400 <= response.status_code < 500:
        log.warning("Rasa rejected a message: %s %s", response.status_code, response.text[:300])
        return polite_reply("channel_not_understood", text, hint)
    try:
        messages = response.json() if response.status_code == 200 else None
    except ValueError:
        messages = None
    if not isinstance(messages, list):
        log.warning("Rasa answered %s with an unusable body: %s", response.status_code, response.text[:300])
        return polite_reply("channel_bot_down", text, hint)
    return [m for m in messages if isinstance(m, dict)]
