"""REST channel whose replies keep text, buttons and card together in one message.

Rasa's own REST channel splits a message with `text` and `custom` into two
list items, which breaks the reply contract (docs/ARCHITECTURE.md). This
channel answers at the same URL, `/webhooks/rest/webhook`, with one item per
bot message, and rejects malformed requests with a clear 4xx error.

It also keeps one process answering under load: a per-sender and per-address rate
limit and a bound on messages in flight turn overload into a polite "busy" message
card at once, and a turn that fails or produces nothing still gets a message card,
never an empty list (the widget would show nothing at all).
"""

from __future__ import annotations

import ipaddress
import json
import logging
import re
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from connectors.limits import InFlight, RateLimiter
from services_catalog.cards import message as message_card
from services_catalog.language import supported
from services_catalog.language.detect import detect_language
from services_catalog.settings import get_settings

log = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 5000
MAX_SENDER_CHARS = 200
# Metadata is a small object a channel attaches (language hint, channel name); anything big or deep is hostile.
MAX_METADATA_DEPTH = 8
MAX_METADATA_CHARS = 8000
# Control characters other than tab and line breaks have no place in a chat message or a conversation id.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# A sender id names its conversation in URLs too, and Rasa's tracker API (sanic 21's router) does not
# unquote the path: an id outside printable ASCII, or with a character a URL path must quote (a space, "#",
# "?", "/", "%"), could never be read, exported or deleted there.
_SENDER_CONTROL = re.compile(r"[^\x21-\x7e]|[\"#%/<>?\\^`{|}]")


class CardCollectingOutputChannel(CollectingOutputChannel):
    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        merged = {"recipient_id": recipient_id}
        for key in ("text", "buttons", "custom", "image", "attachment"):
            if message.get(key):
                merged[key] = message[key]
        await self._persist_message(merged)


def request_error(status: int, error: str) -> HTTPResponse:
    return response.json({"error": error}, status=status)


def storable(text: str) -> bool:
    """Whether a string can be stored as UTF-8 text by every tracker store (no lone surrogates, no NUL)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def nesting_depth(value: Any, limit: int) -> int:
    """Depth of nested lists and objects, counted up to `limit` + 1 without recursing further."""
    depth, level = 0, [value]
    while level and depth <= limit:
        children = [c for v in level for c in (v.values() if isinstance(v, dict) else v if isinstance(v, list) else ())]
        level = [c for c in children if isinstance(c, dict | list)]
        depth += 1
    return depth


def metadata_problem(metadata: Any) -> str | None:
    if not isinstance(metadata, dict):
        return "'metadata' must be a JSON object"
    if nesting_depth(metadata, MAX_METADATA_DEPTH) > MAX_METADATA_DEPTH:
        return f"'metadata' is nested deeper than {MAX_METADATA_DEPTH} levels"
    try:
        encoded = json.dumps(metadata, ensure_ascii=False)
    except (TypeError, ValueError):
        return "'metadata' cannot be stored"
    if len(encoded) > MAX_METADATA_CHARS:
        return f"'metadata' is larger than {MAX_METADATA_CHARS} characters"
    if not storable(encoded):
        return "'metadata' holds text that is not valid UTF-8"
    return None


def parse_request(body: Any) -> tuple[str, str, dict[str, Any]] | HTTPResponse:
    """(sender, message, metadata) from a webhook body, or the error response to send.

    Everything that reaches Rasa must be storable by its tracker store: Rasa's SQL store
    ends the whole process on a ValueError (a lone surrogate, or NUL on PostgreSQL).
    """
    if not isinstance(body, dict):
        return request_error(400, "body must be a JSON object with 'sender' and 'message'")
    message, sender = body.get("message"), body.get("sender")
    metadata = body.get("metadata")
    if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_CHARS:
        # A missing sender would put every such client into one shared conversation.
        return request_error(400, f"'sender' must be a string of 1-{MAX_SENDER_CHARS} characters")
    if not storable(sender) or _SENDER_CONTROL.search(sender):
        return request_error(400, "'sender' must be printable ASCII a URL path carries as it is (letters, digits, "
                                  "-._~:@!$&'()*+,;=)")
    if not isinstance(message, str) or not message.strip():
        return request_error(400, "'message' must be a non-empty string")
    if len(message) > MAX_MESSAGE_CHARS:
        return request_error(413, f"'message' is longer than {MAX_MESSAGE_CHARS} characters")
    if not storable(message) or _CONTROL.search(message):
        return request_error(400, "'message' must be valid UTF-8 text without control characters")
    problem = metadata_problem({} if metadata is None else metadata)
    if problem:
        return request_error(400, problem)
    return sender, message, metadata or {}


def client_address(request: Request) -> str | None:
    """The client's address for the per-address limit; None for a local tool (exempt).

    Behind nginx on loopback the client is in X-Real-IP (nginx overwrites it); any
    other peer is taken as it is, so nobody outside can choose their own address.
    """
    peer = request.ip or ""
    try:
        local = ipaddress.ip_address(peer).is_loopback
    except ValueError:
        local = False
    if not local:
        return peer
    forwarded = request.headers.get("x-real-ip", "").strip()
    return forwarded or None


def polite(key: str, text: str, metadata: dict[str, Any], sender: str) -> HTTPResponse:
    """A one-message reply from a bot text, in the language of the message (or the page's hint)."""
    hint = metadata.get("lang")
    lang = detect_language(text[:500], hint=hint if supported(hint) else None)
    wire = {"recipient_id": sender, **message_card(key, lang).to_wire()}
    retry = {"Retry-After": "5"} if key == BUSY else None
    return response.json([wire], headers=retry)


BUSY = "service_busy"
NO_REPLY = "service_no_reply"


class CardRestInput(InputChannel):
    def __init__(self) -> None:
        settings = get_settings()
        self.per_sender = RateLimiter(settings.rate_per_sender, burst=max(1, settings.rate_per_sender // 2))
        self.per_address = RateLimiter(settings.rate_per_address)
        self.in_flight = InFlight(settings.max_in_flight)

    @classmethod
    def name(cls) -> str:
        return "rest"

    def admitted(self, request: Request, sender: str, weight: int) -> bool:
        """Whether this message may be worked on now (rate limits and work in flight)."""
        address = client_address(request)
        if address is not None and not self.per_address.allow(address):
            log.warning("rate limit: address %s", address)
            return False
        if not self.per_sender.allow(sender):
            log.warning("rate limit: sender %r", sender[:40])
            return False
        return self.in_flight.try_enter(weight)

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
            sender, text, metadata = parsed
            weight = self.in_flight.weight(text)
            if not self.admitted(request, sender, weight):
                return polite(BUSY, text, metadata, sender)
            collector = CardCollectingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(text, collector, sender, input_channel=self.name(), metadata=metadata)
                )
            except Exception:  # one failing turn (database, lock store, action server) must not be a 500
                log.exception("message from %r could not be handled", sender[:40])
                return polite(NO_REPLY, text, metadata, sender)
            finally:
                self.in_flight.leave(weight)
            if not collector.messages:
                # Rasa logs a failed action and carries on with nothing to say; the user still gets an answer.
                return polite(NO_REPLY, text, metadata, sender)
            return response.json(collector.messages)

        return webhook
