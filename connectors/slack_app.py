"""Slack workspace bot: answers @mentions and direct messages through the Rasa REST webhook.

Run as its own process: `python -m connectors.slack_app --port 3000`. Two ways to
receive events, chosen by the settings:

- Events API (SLACK_SIGNING_SECRET): Slack posts events and button clicks to
  `POST /slack/events`; slack-bolt checks the v0 request signature first.
- Socket Mode (SLACK_APP_TOKEN, `xapp-…`): the app opens a WebSocket to Slack and
  needs no public URL, which suits a city network without inbound HTTPS.

Either way the listener acknowledges at once, asks Rasa and posts the reply with
chat.postMessage; `GET /health` answers for the supervisor. Setup: docs/CHANNELS.md.
"""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import logging
import re
import time
from collections import OrderedDict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from connectors.bridge_server import Finished, listen_arguments, serve
from connectors.card_render import (
    SLACK_BUTTON_ACTION,
    SLACK_FEEDBACK_ACTION,
    SLACK_LINK_ACTION,
    slack_blocks,
    slack_fallback_text,
)
from connectors.card_view import read_choice, read_feedback
from connectors.feedback import send_feedback
from connectors.rasa_forward import ask_rasa, polite_reply
from services_catalog.settings import get_settings
from services_catalog.texts import text as bot_text

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
CHANNEL = "slack"
# Slack's event and interaction payloads are a few kB; anything far bigger is not from Slack.
MAX_BODY_BYTES = 1_000_000
# Slack retries an event for up to about an hour; one id seen within that time is a retry.
SEEN_EVENT_SECONDS = 3600
SEEN_EVENT_MAX = 20_000
SOCKET_RETRY_SECONDS = (1, 2, 5, 10, 30, 60)
# Message subtypes a person writes; other subtypes (edits, deletions, joins, bot posts) are not questions.
TEXT_SUBTYPES = {None, "thread_broadcast", "me_message"}
FILE_SUBTYPES = {"file_share"}
_MENTION = re.compile(r"<[@#!][^>]*>")
_LINK = re.compile(r"<((?:https?|mailto):[^>|]*)(?:\|([^>]*))?>")


def slack_api_url() -> str:
    """Web API base URL; tests point it at a local stand-in. slack_sdk needs the trailing slash."""
    return get_settings().slack_api_url.rstrip("/") + "/"


def user_text(slack_text: str) -> str:
    """What the person wrote: without @mentions, with links as written, and Slack's escapes undone."""
    without_mentions = _MENTION.sub(" ", slack_text or "")
    with_links = _LINK.sub(lambda m: m.group(2) or m.group(1), without_mentions)
    return html.unescape(" ".join(with_links.split()))


def is_slack_payload(body: bytes, content_type: str) -> bool:
    """Whether slack-bolt can parse the body: it assumes a JSON object (or a form whose `payload` is one)."""
    try:
        if content_type.startswith("application/json"):
            return isinstance(json.loads(body), dict)
        form = parse_qs(body.decode(), keep_blank_values=True)
        return "payload" not in form or isinstance(json.loads(form["payload"][0]), dict)
    except (ValueError, UnicodeDecodeError):
        return False


def sender_id(user: str, channel: str) -> str:
    """One Rasa conversation per person and channel, so a DM and a channel thread do not mix."""
    return f"slack:{user}:{channel}"


class SeenEvents:
    """Event ids delivered in the last hour: Slack retries an event it thinks was lost, with the same id."""

    def __init__(self, ttl: float = SEEN_EVENT_SECONDS, limit: int = SEEN_EVENT_MAX) -> None:
        self.ttl, self.limit = ttl, limit
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, event_id: str) -> bool:
        """True the first time an id is seen (and remembers it); False for a retry of it."""
        now = time.monotonic()
        while self._seen and next(iter(self._seen.values())) < now - self.ttl:
            self._seen.popitem(last=False)
        if event_id in self._seen:
            return False
        if len(self._seen) >= self.limit:
            self._seen.popitem(last=False)
        self._seen[event_id] = now
        return True


async def post(client: AsyncWebClient, channel: str, thread_ts: str | None, messages: list[dict[str, Any]]) -> None:
    """Post each reply message into the conversation; a failed post is logged, never raised."""
    for message in messages:
        blocks = slack_blocks(message)
        if not blocks:
            continue
        try:
            await client.chat_postMessage(channel=channel, text=slack_fallback_text(message), blocks=blocks,
                                          thread_ts=thread_ts, unfurl_links=False, unfurl_media=False)
        except SlackApiError as error:
            log.error("chat.postMessage to %s failed: %s", channel, error.response.get("error"))


async def answer(client: AsyncWebClient, text: str, user: str, channel: str, thread_ts: str | None,
                 lang: str | None = None) -> None:
    """Ask the bot and post its reply messages in the conversation the question came from."""
    metadata = {"channel": CHANNEL, **({"lang": lang} if lang else {})}
    await post(client, channel, thread_ts, await ask_rasa(text, sender_id(user, channel), metadata))


async def answer_event(client: AsyncWebClient, event: dict[str, Any], thread_ts: str | None) -> None:
    """A person's message: its words are answered; a file or image gets a polite word on what the bot can do."""
    text = user_text(event.get("text", ""))
    if event.get("files") or event.get("subtype") in FILE_SUBTYPES:
        await post(client, event["channel"], thread_ts, polite_reply("channel_unsupported", text))
        if not text:
            return
    await answer(client, text, event.get("user", ""), event["channel"], thread_ts)


async def record_feedback(client: AsyncWebClient, body: dict[str, Any], rating: str, value: Any) -> None:
    """Send a rating to the API, then swap the thumbs for a thank-you so that one answer is rated once."""
    parsed = read_feedback(value)
    if parsed is None:
        return
    answer_id, lang = parsed
    stored = await send_feedback(answer_id, rating)
    note = bot_text("channel_feedback_thanks" if stored else "channel_feedback_failed", lang)
    message = body.get("message") or {}
    channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
    if not channel or not message.get("ts"):
        return
    blocks = [b for b in message.get("blocks") or [] if b.get("block_id") != f"{SLACK_FEEDBACK_ACTION}_block"]
    blocks.append({"type": "context", "elements": [{"type": "plain_text", "text": note}]})
    try:
        await client.chat_update(channel=channel, ts=message["ts"], blocks=blocks, text=message.get("text") or note)
    except SlackApiError as error:
        log.error("chat.update in %s failed: %s", channel, error.response.get("error"))


def create_bolt_app(token: str, signing_secret: str | None, api_url: str | None = None,
                    finished: Finished | None = None) -> AsyncApp:
    client = AsyncWebClient(token=token, base_url=api_url or slack_api_url())
    # Socket Mode requests come over the app's own WebSocket and carry no signature to check.
    app = AsyncApp(client=client, signing_secret=signing_secret or "",
                   request_verification_enabled=signing_secret is not None)
    seen = SeenEvents()
    done = finished or Finished()

    @app.middleware
    async def once_per_event(body: dict[str, Any], next: Any) -> BoltResponse | None:
        # A retry (after a timeout or a lost connection) carries the first delivery's event_id.
        event_id = body.get("event_id")
        if isinstance(event_id, str) and event_id and not seen.first_time(event_id):
            done.one()
            return BoltResponse(status=200, body="")
        return await next()

    @app.event("app_mention")
    @done.counting
    async def on_mention(event: dict[str, Any], client: AsyncWebClient) -> None:
        # Reply in a thread so a busy channel stays readable.
        if event.get("channel"):
            await answer_event(client, event, event.get("thread_ts") or event.get("ts"))

    @app.event("message")
    @done.counting
    async def on_message(event: dict[str, Any], client: AsyncWebClient) -> None:
        # Direct messages only: channel messages that mention the bot arrive as app_mention too.
        if event.get("channel_type") != "im" or event.get("bot_id") or not event.get("channel"):
            return
        subtype = event.get("subtype")
        if subtype in TEXT_SUBTYPES or subtype in FILE_SUBTYPES:
            await answer_event(client, event, event.get("thread_ts"))
        # Any other subtype (an edit, a deletion, a join, a bot's post) is left unanswered on purpose.

    @app.action(re.compile(rf"^{SLACK_BUTTON_ACTION}_\d+$"))
    @done.counting
    async def on_choice(ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
        if not channel:
            return
        payload, lang = read_choice(action.get("value", ""))
        thread = (body.get("message") or {}).get("thread_ts")
        await answer(client, payload, (body.get("user") or {}).get("id", ""), channel, thread, lang)

    @app.action(re.compile(rf"^{SLACK_FEEDBACK_ACTION}_(up|down)$"))
    @done.counting
    async def on_feedback(ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        await record_feedback(client, body, action["action_id"].rsplit("_", 1)[1], action.get("value"))

    @app.action(re.compile(rf"^{SLACK_LINK_ACTION}_\d+$"))
    async def on_link(ack: Any) -> None:
        # Slack opens the URL itself but still reports the click, and shows an error unless it is acknowledged.
        await ack()

    return app


class SocketConnection:
    """Socket Mode: keeps one WebSocket to Slack open, reconnecting with back-off if Slack cannot be reached."""

    def __init__(self, app: AsyncApp, app_token: str) -> None:
        self.app, self.app_token = app, app_token
        self.handler: AsyncSocketModeHandler | None = None
        self.connected = False
        self.task: asyncio.Task | None = None

    async def _connect(self) -> None:
        assert self.handler is not None
        for attempt in itertools.count():
            try:
                await self.handler.connect_async()
                self.connected = True
                return
            except Exception as error:  # any failure to reach Slack is retried, never fatal
                delay = SOCKET_RETRY_SECONDS[min(attempt, len(SOCKET_RETRY_SECONDS) - 1)]
                log.warning("Socket Mode connection failed (%s); retrying in %s s", error, delay)
                await asyncio.sleep(delay)

    def start(self) -> None:
        # Made here, in the server's running event loop: its aiohttp session belongs to that loop.
        self.handler = AsyncSocketModeHandler(self.app, self.app_token)
        self.task = asyncio.create_task(self._connect())

    async def stop(self) -> None:
        if self.task is not None:
            self.task.cancel()
        if self.handler is not None:
            await self.handler.close_async()


def create_app(token: str, signing_secret: str | None, api_url: str | None = None,
               app_token: str | None = None) -> FastAPI:
    """The bridge: Socket Mode when `app_token` is given, else the Events API endpoint."""
    finished = Finished()
    bolt = create_bolt_app(token, None if app_token else signing_secret, api_url, finished)
    socket = SocketConnection(bolt, app_token) if app_token else None

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        if socket is not None:
            socket.start()
        yield
        if socket is not None:
            await socket.stop()

    web = FastAPI(title="citybot Slack channel", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)

    @web.get("/health")
    async def health() -> dict[str, Any]:
        # `handled`: events and clicks finished (answered, ignored, dropped as retries) or refused.
        if socket is None:
            return {"status": "ok", "mode": "events", "handled": finished.count}
        return {"status": "ok", "mode": "socket", "connected": socket.connected, "handled": finished.count}

    if socket is None:
        handler = AsyncSlackRequestHandler(bolt)

        @web.post(EVENTS_PATH)
        async def events(request: Request) -> Response:
            response = await receive(request)
            if response.status_code != 200:  # refused: nothing more happens for it
                finished.one()
            return response

        async def receive(request: Request) -> Response:
            length = request.headers.get("content-length", "0")
            if not length.isdigit() or int(length) > MAX_BODY_BYTES:
                return Response("request body too large or without Content-Length", status_code=413)
            if not is_slack_payload(await request.body(), request.headers.get("content-type", "")):
                return Response("body is not a Slack event or interaction payload", status_code=400)
            return await handler.handle(request)

    return web


def app_from_env() -> FastAPI:
    """The app with its secrets from the settings; exits with a clear message when one is missing."""
    settings = get_settings()
    secret = settings.slack_signing_secret.get_secret_value() if settings.slack_signing_secret else None
    app_token = settings.slack_app_token.get_secret_value() if settings.slack_app_token else None
    if settings.slack_bot_token is None or not (secret or app_token):
        raise SystemExit("set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (Events API) or SLACK_APP_TOKEN "
                         "(Socket Mode) in the environment (see docs/CHANNELS.md)")
    return create_app(settings.slack_bot_token.get_secret_value(), secret, app_token=app_token)


def main(argv: list[str] | None = None) -> None:
    args = listen_arguments("Slack channel of the city chatbot", 3000, argv)
    serve(app_from_env(), args.host, args.port)


if __name__ == "__main__":
    main()
