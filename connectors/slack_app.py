"""Slack workspace bot: answers @mentions and direct messages through the Rasa REST webhook.

Run as its own process: `python -m connectors.slack_app --port 3000`. Slack sends
events (Events API) and button clicks (Interactivity) to `POST /slack/events`;
slack-bolt checks Slack's v0 request signature with SLACK_SIGNING_SECRET before
any listener runs, answers Slack at once, and the listener then asks Rasa and
posts the reply with chat.postMessage. Setup for a city: docs/CHANNELS.md.
"""

from __future__ import annotations

import argparse
import html
import json
import logging
import re
from typing import Any
from urllib.parse import parse_qs

from fastapi import FastAPI, Request, Response
from slack_bolt.adapter.fastapi.async_handler import AsyncSlackRequestHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from connectors.card_render import SLACK_BUTTON_ACTION, slack_blocks, slack_fallback_text
from connectors.rasa_forward import ask_rasa
from services_catalog.settings import get_settings

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
# Slack's event and interaction payloads are a few kB; anything far bigger is not from Slack.
MAX_BODY_BYTES = 1_000_000
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


async def answer(client: AsyncWebClient, text: str, user: str, channel: str, thread_ts: str | None) -> None:
    """Ask the bot and post each of its reply messages in the conversation the question came from."""
    messages = await ask_rasa(text, sender_id(user, channel), {"channel": "slack"})
    for message in messages:
        blocks = slack_blocks(message)
        if not blocks:
            continue
        try:
            await client.chat_postMessage(channel=channel, text=slack_fallback_text(message), blocks=blocks,
                                          thread_ts=thread_ts, unfurl_links=False)
        except SlackApiError as error:
            log.error("chat.postMessage to %s failed: %s", channel, error.response.get("error"))


def create_bolt_app(token: str, signing_secret: str, api_url: str | None = None) -> AsyncApp:
    client = AsyncWebClient(token=token, base_url=api_url or slack_api_url())
    app = AsyncApp(client=client, signing_secret=signing_secret)

    @app.middleware
    async def skip_timeout_retries(request: Any, response: BoltResponse, next: Any) -> BoltResponse | None:
        # Slack retries when we were slow to answer; the first delivery is still being handled.
        if request.headers.get("x-slack-retry-reason", [""])[0] == "http_timeout":
            return BoltResponse(status=200, body="")
        return await next()

    @app.event("app_mention")
    async def on_mention(event: dict[str, Any], client: AsyncWebClient) -> None:
        # Reply in a thread so a busy channel stays readable.
        if event.get("channel"):
            thread = event.get("thread_ts") or event.get("ts")
            await answer(client, user_text(event.get("text", "")), event.get("user", ""), event["channel"], thread)

    @app.event("message")
    async def on_message(event: dict[str, Any], client: AsyncWebClient) -> None:
        # Only plain direct messages: edits, joins and bot posts have a subtype or bot_id;
        # channel messages that mention the bot arrive as app_mention too.
        plain_dm = event.get("channel_type") == "im" and not event.get("subtype") and not event.get("bot_id")
        if not plain_dm or not event.get("channel"):
            return
        await answer(client, user_text(event.get("text", "")), event.get("user", ""), event["channel"],
                     event.get("thread_ts"))

    @app.action(re.compile(rf"^{SLACK_BUTTON_ACTION}_\d+$"))
    async def on_choice(ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
        if not channel:
            return
        thread = (body.get("message") or {}).get("thread_ts")
        await answer(client, action.get("value", ""), (body.get("user") or {}).get("id", ""), channel, thread)

    @app.action(re.compile(r"^citybot_link_\d+$"))
    async def on_link(ack: Any) -> None:
        # Slack opens the URL itself but still reports the click, and shows an error unless it is acknowledged.
        await ack()

    return app


def create_app(token: str, signing_secret: str, api_url: str | None = None) -> FastAPI:
    handler = AsyncSlackRequestHandler(create_bolt_app(token, signing_secret, api_url))
    web = FastAPI(title="citybot Slack channel", docs_url=None, redoc_url=None, openapi_url=None)

    @web.get("/health")
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @web.post(EVENTS_PATH)
    async def events(request: Request) -> Response:
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            return Response("request body too large or without Content-Length", status_code=413)
        if not is_slack_payload(await request.body(), request.headers.get("content-type", "")):
            return Response("body is not a Slack event or interaction payload", status_code=400)
        return await handler.handle(request)

    return web


def app_from_env() -> FastAPI:
    """The app with its secrets from the environment; exits with a clear message when one is missing."""
    settings = get_settings()
    if settings.slack_bot_token is None or settings.slack_signing_secret is None:
        raise SystemExit("set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET in the environment (see docs/CHANNELS.md)")
    return create_app(settings.slack_bot_token.get_secret_value(), settings.slack_signing_secret.get_secret_value())


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description="Slack channel of the city chatbot")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (a reverse proxy adds TLS)")
    parser.add_argument("--port", type=int, default=3000)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    uvicorn.run(app_from_env(), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
