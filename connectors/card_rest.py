"""REST channel whose replies keep text, buttons and card together in one message.

Rasa's own REST channel splits a message with `text` and `custom` into two
list items, which breaks the reply contract (docs/ARCHITECTURE.md). This
channel answers at the same URL, `/webhooks/rest/webhook`, with one item per
bot message, and rejects malformed requests with a clear 4xx error.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 5000
MAX_SENDER_CHARS = 200


class CardCollectingOutputChannel(CollectingOutputChannel):
    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        merged = {"recipient_id": recipient_id}
        for key in ("text", "buttons", "custom", "image", "attachment"):
            if message.get(key):
                merged[key] = message[key]
        await self._persist_message(merged)


def request_error(status: int, error: str) -> HTTPResponse:
    return response.json({"error": error}, status=status)


def parse_request(body: Any) -> tuple[str, str, dict[str, Any]] | HTTPResponse:
    """(sender, message, metadata) from a webhook body, or the error response to send."""
    if not isinstance(body, dict):
        return request_error(400, "body must be a JSON object with 'sender' and 'message'")
    message, sender = body.get("message"), body.get("sender", "default")
    metadata = body.get("metadata") or {}
    if not isinstance(message, str) or not message.strip():
        return request_error(400, "'message' must be a non-empty string")
    if len(message) > MAX_MESSAGE_CHARS:
        return request_error(413, f"'message' is longer than {MAX_MESSAGE_CHARS} characters")
    if not isinstance(sender, str) or not sender or len(sender) > MAX_SENDER_CHARS:
        return request_error(400, f"'sender' must be a string of 1-{MAX_SENDER_CHARS} characters")
    if not isinstance(metadata, dict):
        return request_error(400, "'metadata' must be a JSON object")
    return sender, message, metadata


class CardRestInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = Blueprint("card_rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                body = request.json
            except Exception:  # sanic raises its own error type for invalid JSON
                return request_error(400, "body is not valid JSON")
            parsed = parse_request(body)
            if isinstance(parsed, HTTPResponse):
                return parsed
            sender, message, metadata = parsed
            collector = CardCollectingOutputChannel()
            await on_new_message(
                UserMessage(message, collector, sender, input_channel=self.name(), metadata=metadata)
            )
            return response.json(collector.messages)

        return webhook
