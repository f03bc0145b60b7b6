"""Microsoft Teams bot (Bot Framework protocol): answers messages through the Rasa REST webhook.

Run as its own process: `python -m connectors.teams_app --port 3978`. Azure Bot
Service posts each Activity to `POST /api/messages` with a JWT; the app checks
it (connectors.teams_auth), answers 202 at once, then asks Rasa and posts every
reply message as an Activity (text + Adaptive Card) to the conversation at the
activity's serviceUrl. Setup for a city: docs/CHANNELS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import ipaddress
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

from connectors.card_render import teams_activity_fields
from connectors.rasa_forward import ask_rasa
from connectors.teams_auth import (
    AuthError,
    InboundValidator,
    OutboundTokens,
    SigningKeys,
)
from services_catalog.language import supported
from services_catalog.settings import Settings, get_settings

log = logging.getLogger(__name__)
MESSAGES_PATH = "/api/messages"
# Bot Framework activities are limited to about 256 kB.
MAX_BODY_BYTES = 512_000
_AT_MENTION = re.compile(r"<at>.*?</at>", re.IGNORECASE | re.DOTALL)


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


def metadata(activity: dict[str, Any]) -> dict[str, Any]:
    """Channel name, and the Teams client's language as a hint for short, ambiguous messages."""
    locale = activity.get("locale") if isinstance(activity.get("locale"), str) else ""
    lang = locale[:2].lower()
    return {"channel": "teams", **({"lang": lang} if supported(lang) else {})}


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


async def answer(activity: dict[str, Any], tokens: OutboundTokens, http: httpx.AsyncClient) -> None:
    """Ask the bot and post its reply messages into the conversation; failures are logged, not raised."""
    messages = await ask_rasa(user_text(activity), sender_id(activity), metadata(activity))
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
    async def health() -> dict[str, str]:
        return {"status": "ok"}

    @web.post(MESSAGES_PATH)
    async def messages(request: Request, background: BackgroundTasks) -> Response:
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
            return Response(status_code=200)  # conversationUpdate, typing, ...: nothing to answer
        problem = malformed(activity)
        if problem:
            return JSONResponse({"error": problem}, status_code=400)
        background.add_task(answer, activity, state["tokens"], state["http"])
        return Response(status_code=202)

    return web


def main(argv: list[str] | None = None) -> None:
    import uvicorn

    parser = argparse.ArgumentParser(description="Microsoft Teams channel of the city chatbot")
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (a reverse proxy adds TLS)")
    parser.add_argument("--port", type=int, default=3978)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    app = create_app(TeamsSettings.from_settings(get_settings()))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
