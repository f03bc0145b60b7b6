"""Microsoft Teams bot (Bot Framework protocol): answers messages through the Rasa REST webhook.

Run as its own process: `python -m connectors.teams_app --port 3978`. Azure Bot
Service posts each Activity to `POST /api/messages` with a JWT; the app checks
it (connectors.teams_auth), answers 202 at once, then asks Rasa and posts every
reply message as an Activity (an Adaptive Card, or text) to the conversation at the
activity's serviceUrl. Card buttons come back as message activities whose `value`
holds the payload and the conversation's language, or a rating of an answer.
Setup for a city: docs/CHANNELS.md.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx
from fastapi import BackgroundTasks, FastAPI, Request
from fastapi.responses import JSONResponse, Response

from connectors.bridge_server import Finished, listen_arguments, serve
from connectors.card_render import RATINGS, teams_activity_fields
from connectors.feedback import send_feedback
from connectors.rasa_forward import ask_rasa, polite_reply
from connectors.teams_auth import (
    AuthError,
    InboundValidator,
    OutboundTokens,
    SigningKeys,
)
from services_catalog.cards import message as bot_message
from services_catalog.language import DEFAULT_LANG, supported
from services_catalog.settings import Settings, get_settings

log = logging.getLogger(__name__)
MESSAGES_PATH = "/api/messages"
# Bot Framework activities are limited to about 256 kB.
MAX_BODY_BYTES = 512_000
_AT_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)
# Teams adds an HTML copy of every typed message (and a card to a messageBack): those are not files.
TEXT_ATTACHMENTS = ("text/html", "text/plain", "application/vnd.microsoft.card.")


@dataclass(frozen=True)
class TeamsSettings:
    app_id: str
    app_password: str
    openid_metadata_url: str
    token_url: str

    @classmethod
    def from_settings(cls, settings: Settings) -> TeamsSettings:
        if not settings.microsoft_app_id or settings.microsoft_app_password is None:
            raise SystemExit("set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD (see docs/CHANNELS.md)")
        return cls(
            app_id=settings.microsoft_app_id,
            app_password=settings.microsoft_app_password.get_secret_value(),
            openid_metadata_url=settings.teams_openid_metadata_url,
            token_url=settings.teams_token_url,
        )


def user_text(activity: dict[str, Any]) -> str:
    """The message without the bot's @mention, which Teams writes into channel messages as <at>Name</at>."""
    text = activity.get("text") if isinstance(activity.get("text"), str) else ""
    return " ".join(_AT_MENTION.sub(" ", text).split())


def sender_id(activity: dict[str, Any]) -> str:
    """One Rasa conversation per person and Teams conversation (ids can be long, so hashed to a fixed size)."""
    key = f"{activity['from']['id']}|{activity['conversation']['id']}"
    return "teams:" + hashlib.sha256(key.encode()).hexdigest()[:32]


def metadata(activity: dict[str, Any], lang: str | None = None) -> dict[str, Any]:
    """Channel name, and the language: a button's (the conversation's), else the Teams client's as a hint."""
    locale = activity.get("locale") if isinstance(activity.get("locale"), str) else ""
    lang = lang if supported(lang) else locale[:2].lower()
    return {"channel": "teams", **({"lang": lang} if supported(lang) else {})}


def card_value(activity: dict[str, Any]) -> dict[str, Any]:
    """What a card button sent (`value`, an object or its JSON text), or {} for a typed message."""
    value = activity.get("value")
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return {}
    return value if isinstance(value, dict) and isinstance(value.get("citybot"), str) else {}


def has_files(activity: dict[str, Any]) -> bool:
    """Whether the message carries a file, an image or another attachment the bot cannot read."""
    attachments = activity.get("attachments") if isinstance(activity.get("attachments"), list) else []
    return any(isinstance(a, dict) and not str(a.get("contentType", "")).startswith(TEXT_ATTACHMENTS)
               for a in attachments)


def _is_loopback(host: str | None) -> bool:
    try:
        return host == "localhost" or ipaddress.ip_address(host or "").is_loopback
    except ValueError:
        return False


def malformed(activity: Any) -> str | None:
    """Why the body is not a usable message activity, or None."""
    if not isinstance(activity, dict):
        return "body must be a JSON object (an Activity)"
    for path in (("id",), ("serviceUrl",), ("conversation", "id"), ("from", "id"), ("recipient", "id")):
        value: Any = activity
        for key in path:
            value = value.get(key) if isinstance(value, dict) else None
        if not isinstance(value, str) or not value:
            return f"activity needs {'.'.join(path)}"
    url = urlsplit(activity["serviceUrl"])
    # Plain http only to this machine (the tests' stand-ins); Bot Framework service URLs are https.
    if not (url.scheme == "https" or (url.scheme == "http" and _is_loopback(url.hostname))):
        return "serviceUrl must be https"
    return None


def reply_url(activity: dict[str, Any]) -> str:
    # Teams conversation ids contain ':' and ';', which must not be read as URL syntax.
    conversation, activity_id = quote(activity["conversation"]["id"], safe=""), quote(activity["id"], safe="")
    return f"{activity['serviceUrl'].rstrip('/')}/v3/conversations/{conversation}/activities/{activity_id}"


def reply_activity(activity: dict[str, Any], message: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "message",
        "from": activity["recipient"],
        "recipient": activity["from"],
        "conversation": activity["conversation"],
        "replyToId": activity["id"],
        **teams_activity_fields(message),
    }


async def feedback_reply(value: dict[str, Any]) -> list[dict[str, Any]]:
    """Store a rating from an answer's thumbs buttons; the reply thanks the user (or says it failed)."""
    lang = value.get("lang") if supported(value.get("lang")) else DEFAULT_LANG
    answer_id, rating = value.get("answer_id"), value.get("rating")
    if not isinstance(answer_id, str) or rating not in RATINGS:
        return []
    stored = await send_feedback(answer_id[:64], rating)
    return [bot_message("channel_feedback_thanks" if stored else "channel_feedback_failed", lang).to_wire()]


async def reply_messages(activity: dict[str, Any]) -> list[dict[str, Any]]:
    """The bot's messages for one message activity: a typed question, a card button, or a file."""
    value = card_value(activity)
    if value.get("citybot") == "feedback":
        return await feedback_reply(value)
    if value.get("citybot") == "choice" and isinstance(value.get("payload"), str):
        return await ask_rasa(value["payload"], sender_id(activity), metadata(activity, value.get("lang")))
    text = user_text(activity)
    if has_files(activity) and not text:
        return polite_reply("channel_unsupported", text, metadata(activity).get("lang"))
    return await ask_rasa(text, sender_id(activity), metadata(activity))


async def answer(activity: dict[str, Any], tokens: OutboundTokens, http: httpx.AsyncClient) -> None:
    """Ask the bot and post its reply messages into the conversation; failures are logged, not raised."""
    messages = await reply_messages(activity)
    try:
        token = await tokens.get()
    except (httpx.HTTPError, KeyError, ValueError) as error:
        log.error("cannot get a Bot Connector token from %s: %s", tokens.token_url, error)
        return
    for message in messages:
        body = reply_activity(activity, message)
        if not body.get("text") and not body.get("attachments"):
            continue
        try:
            response = await http.post(reply_url(activity), json=body, headers={"Authorization": f"Bearer {token}"})
            response.raise_for_status()
        except httpx.HTTPError as error:
            log.error("posting the reply to %s failed: %s", activity["serviceUrl"], error)
            return


def create_app(settings: TeamsSettings) -> FastAPI:
    state: dict[str, Any] = {}
    finished = Finished()

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        http = httpx.AsyncClient(timeout=30.0)
        state["http"] = http
        state["validator"] = InboundValidator(settings.app_id, SigningKeys(settings.openid_metadata_url, http))
        state["tokens"] = OutboundTokens(settings.app_id, settings.app_password, settings.token_url, http)
        yield
        await http.aclose()

    web = FastAPI(title="citybot Teams channel", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)

    @web.get("/health")
    async def health() -> dict[str, Any]:
        # `handled`: activities finished (answered, ignored on purpose) or refused.
        return {"status": "ok", "handled": finished.count}

    @web.post(MESSAGES_PATH)
    async def messages(request: Request, background: BackgroundTasks) -> Response:
        response = await receive(request, background)
        if response.status_code != 202:  # 202: answered in the background, counted when that ends
            finished.one()
        return response

    async def receive(request: Request, background: BackgroundTasks) -> Response:
        length = request.headers.get("content-length", "0")
        if not length.isdigit() or int(length) > MAX_BODY_BYTES:
            return JSONResponse({"error": "request body too large or without Content-Length"}, status_code=413)
        try:
            activity = await request.json()
        except ValueError:
            return JSONResponse({"error": "body is not valid JSON"}, status_code=400)
        try:
            await state["validator"].validate(request.headers.get("authorization"),
                                              activity if isinstance(activity, dict) else {})
        except AuthError as error:
            log.warning("refused an activity: %s", error)
            return JSONResponse({"error": "unauthorized"}, status_code=401)
        if isinstance(activity, dict) and activity.get("type") != "message":
            # Reactions, conversationUpdate, typing, invoke: acknowledged and left unanswered on purpose.
            return Response(status_code=200)
        problem = malformed(activity)
        if problem:
            return JSONResponse({"error": problem}, status_code=400)
        background.add_task(finished.counting(answer), activity, state["tokens"], state["http"])
        return Response(status_code=202)

    return web


def main(argv: list[str] | None = None) -> None:
    args = listen_arguments("Microsoft Teams channel of the city chatbot", 3978, argv)
    serve(create_app(TeamsSettings.from_settings(get_settings())), args.host, args.port)


if __name__ == "__main__":
    main()
