"""Local stand-ins for the services the Slack and Teams adapters talk to, and a runner for the adapters.

Each stand-in is a real server on a free 127.0.0.1 port that records the
requests it gets: the Slack Web API and its Socket Mode WebSocket, the Bot
Framework (OpenID metadata, JWKS with a test RSA key, token endpoint, Bot
Connector replies), the catalogue API's feedback endpoint, and Rasa's REST
webhook answering with replies recorded from the real bot in the same session.
The end-to-end tests use the real Rasa from `bot_stack` instead.
"""

from __future__ import annotations

import asyncio
import json
import sys
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm

from connectors.teams_auth import ISSUER
from services_catalog.settings import get_settings
from tests.support.processes import start_announcing, stop_process

REPO_ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"

# What the channel tests ask the real bot: one conversation per tuple. `recorded_replies` (tests/unit/channels/
# conftest.py) asks `bot_stack` once per session and the Rasa stand-in answers with those replies, so a change
# of the cards reaches the channel tests. Unknown messages get the reply recorded as FALLBACK_QUESTION: the
# first of FALLBACK_CANDIDATES that the bot does not understand (which gibberish the NLU takes for a service
# search changes with the training data).
FALLBACK_QUESTION = "qwertyuiop zxcvbnm"
FALLBACK_CANDIDATES = (FALLBACK_QUESTION, "blaa blaa blaa", "Kerro säästä", "asdfghjkl", "xyz xyz xyz", "hmm?")
RECORDED_CONVERSATIONS: tuple[tuple[str, ...], ...] = (
    ("Mikä on Kela?",),
    ("Vad är FPA?",),
    ("Tarvitsen asumistukea", "/show_more"),
    ("Montako puuta on Kalliossa?",),
    ("Missä kaupunginosassa on eniten puita?",),
    ("Mitä Kokeilukiihdyttämö on?",),
)
Replies = dict[str, list[dict[str, Any]]]


def record_replies(ask: Callable[[str, str], list[dict[str, Any]]]) -> Replies:
    """The real bot's replies to RECORDED_CONVERSATIONS; `ask(text, sender)` sends one message."""
    replies: Replies = {}
    for n, conversation in enumerate(RECORDED_CONVERSATIONS):
        sender = f"recording-{n}-{uuid.uuid4().hex[:8]}"
        for text in conversation:
            replies[text] = ask(text, sender)
    replies[FALLBACK_QUESTION] = not_understood(ask)[1]
    return replies


def not_understood(ask: Callable[[str, str], list[dict[str, Any]]]) -> tuple[str, list[dict[str, Any]]]:
    """(question, reply) for the first of FALLBACK_CANDIDATES that the bot answers with a fallback card."""
    for text in FALLBACK_CANDIDATES:
        reply = ask(text, f"fallback-{uuid.uuid4().hex[:8]}")
        if any((m.get("custom") or {}).get("type") == "fallback" for m in reply):
            return text, reply
    raise AssertionError(f"the bot understood every one of {FALLBACK_CANDIDATES}: no fallback to test")


def first_card(replies: Replies, question: str, card_type: str | None = None) -> dict[str, Any]:
    """The first card of the recorded reply to `question` (of `card_type`, when given)."""
    for message in replies[question]:
        card = message.get("custom") or {}
        if card.get("type") and (card_type is None or card["type"] == card_type):
            return card
    raise AssertionError(f"the bot's reply to {question!r} has no {card_type or ''} card: {replies[question]}")


@dataclass
class Recorded:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    query: str = ""

    def json(self) -> Any:
        return json.loads(self.body or b"null")

    def form(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.body.decode()).items()}


Route = Callable[[Recorded], tuple[int, Any]]


@dataclass
class StandIn:
    """A threaded HTTP server that answers through `route` and records every request."""

    route: Route
    port: int = 0  # the kernel's choice, known once started
    requests: list[Recorded] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> StandIn:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                path, _, query = self.path.partition("?")
                request = Recorded(self.command, path, {k.lower(): v for k, v in self.headers.items()},
                                   self.rfile.read(length), query)
                stand_in.requests.append(request)
                status, body = stand_in.route(request)
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _handle

            def log_message(self, *_: Any) -> None:
                pass

        self.server = ThreadingHTTPServer((HOST, self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def __enter__(self) -> StandIn:
        return self.start()

    def __exit__(self, *_: object) -> None:
        self.stop()

    def wait_for(self, path_part: str, count: int = 1, timeout: float = 60.0) -> list[Recorded]:
        """The recorded requests whose path contains `path_part`, once there are `count` of them."""
        deadline = time.monotonic() + timeout
        while True:
            found = [r for r in self.requests if path_part in r.path]
            if len(found) >= count or time.monotonic() > deadline:
                return found
            time.sleep(0.1)


def rasa_stand_in(replies: Replies, status: int = 200) -> StandIn:
    """Rasa's REST webhook answering with the real bot's recorded replies (unknown text: the fallback)."""
    def route(request: Recorded) -> tuple[int, Any]:
        if status != 200:
            return status, {"error": "stand-in failure"}
        message = request.json().get("message", "")
        return 200, replies.get(message, replies[FALLBACK_QUESTION])
    return StandIn(route)


def feedback_api_stand_in(known: set[str]) -> StandIn:
    """The catalogue API's `POST /feedback` as the learning loop specifies it: 201, 404 unknown id, 422 bad body."""
    def route(request: Recorded) -> tuple[int, Any]:
        if request.method != "POST" or request.path != "/feedback":
            return 404, {"detail": "not found"}
        try:
            body = request.json()
        except ValueError:
            return 422, {"detail": "not JSON"}
        if not isinstance(body, dict) or set(body) != {"answer_id", "rating", "comment"} \
                or body["rating"] not in ("up", "down") or not isinstance(body["answer_id"], str):
            return 422, {"detail": "bad feedback"}
        if body["answer_id"] not in known:
            return 404, {"detail": "unknown answer"}
        return 201, {"answer_id": body["answer_id"], "rating": body["rating"]}
    return StandIn(route)


SLACK_BOT_USER = "UCITYBOT"


def slack_api_stand_in(socket_url: str | None = None) -> StandIn:
    """The Slack Web API methods the app calls: auth.test (by slack-bolt), chat.postMessage, chat.update,
    and apps.connections.open (Socket Mode), which hands out `socket_url`."""
    def route(request: Recorded) -> tuple[int, Any]:
        if request.path.endswith("/auth.test"):
            return 200, {"ok": True, "user_id": SLACK_BOT_USER, "bot_id": "BCITYBOT", "team_id": "T0TEST",
                         "user": "citybot", "team": "Test city"}
        if request.path.endswith(("/chat.postMessage", "/chat.update")):
            body = request.json()
            return 200, {"ok": True, "channel": body.get("channel"), "ts": body.get("ts") or f"{time.time():.6f}"}
        if request.path.endswith("/apps.connections.open") and socket_url:
            return 200, {"ok": True, "url": socket_url}
        return 200, {"ok": False, "error": "unknown_method"}
    return StandIn(route)


class SocketModeStandIn:
    """Slack's Socket Mode WebSocket server: says hello, sends envelopes, and records the app's acknowledgements."""

    def __init__(self) -> None:
        self.received: list[dict[str, Any]] = []
        self._ready = threading.Event()
        self._socket: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"ws://{HOST}:{self.port}/link"

    def __enter__(self) -> SocketModeStandIn:
        started = threading.Event()
        threading.Thread(target=self._serve, args=(started,), daemon=True).start()
        if not started.wait(10):
            raise TimeoutError("Socket Mode stand-in did not start")
        return self

    def __exit__(self, *_: object) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)

    def _serve(self, started: threading.Event) -> None:
        from aiohttp import WSMsgType, web

        async def link(request: web.Request) -> web.WebSocketResponse:
            ws = web.WebSocketResponse()
            await ws.prepare(request)
            self._socket = ws
            await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0TEST"}})
            self._ready.set()
            async for frame in ws:
                if frame.type == WSMsgType.TEXT:
                    self.received.append(json.loads(frame.data))
            return ws

        self._loop = asyncio.new_event_loop()
        app = web.Application()
        app.router.add_get("/link", link)
        runner = web.AppRunner(app)
        self._loop.run_until_complete(runner.setup())
        site = web.TCPSite(runner, HOST, 0)
        self._loop.run_until_complete(site.start())
        self.port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001 - aiohttp keeps the bound socket here
        started.set()
        self._loop.run_forever()

    def wait_connected(self, timeout: float = 30.0) -> None:
        if not self._ready.wait(timeout):
            raise TimeoutError("the app did not open a Socket Mode connection")

    def send(self, envelope: dict[str, Any]) -> None:
        """Deliver one envelope (events_api, interactive) over the open connection."""
        assert self._loop is not None and self._socket is not None
        asyncio.run_coroutine_threadsafe(self._socket.send_json(envelope), self._loop).result(10)

    def acks(self, envelope_id: str, timeout: float = 10.0) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.received if m.get("envelope_id") == envelope_id]
            if found:
                return found
            time.sleep(0.05)
        return []


@dataclass
class BotFramework:
    """The Bot Framework side: OpenID metadata + JWKS with a test key, token endpoint, and Connector replies."""

    app_id: str = "11111111-2222-3333-4444-555555555555"
    kid: str = "test-key-1"
    endorsements: tuple[str, ...] = ("msteams",)

    def __post_init__(self) -> None:
        self.private_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.server = StandIn(self.route)
        self.access_token = "connector-token-" + uuid.uuid4().hex

    def jwk(self) -> dict[str, Any]:
        public = json.loads(RSAAlgorithm.to_jwk(self.private_key.public_key()))
        return {**public, "kid": self.kid, "use": "sig", "endorsements": list(self.endorsements)}

    def route(self, request: Recorded) -> tuple[int, Any]:
        if request.path == "/openid":
            return 200, {"issuer": ISSUER, "jwks_uri": f"{self.server.url}/keys",
                         "id_token_signing_alg_values_supported": ["RS256"]}
        if request.path == "/keys":
            return 200, {"keys": [self.jwk()]}
        if request.path == "/token":
            return 200, {"token_type": "Bearer", "expires_in": 3600, "access_token": self.access_token}
        if request.path.startswith("/v3/conversations/"):
            return 200, {"id": "reply-" + uuid.uuid4().hex[:8]}
        return 404, {"error": "not found"}

    def token(self, private_key: Any = None, **overrides: Any) -> str:
        """A Bot Framework style token; `overrides` change or (with None) drop claims."""
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": self.app_id, "iat": now, "nbf": now - 5, "exp": now + 3600,
                  "serviceUrl": self.server.url}
        claims.update(overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        return jwt.encode(claims, private_key or self.private_key, algorithm="RS256", headers={"kid": self.kid})

    def activity(self, text: str, **overrides: Any) -> dict[str, Any]:
        activity = {
            "type": "message", "id": "1700000000000", "channelId": "msteams", "serviceUrl": self.server.url,
            "timestamp": "2026-11-23T09:00:00.000Z", "locale": "fi-FI", "text": text,
            "from": {"id": "29:1user-aad-id", "name": "Testi Käyttäjä", "aadObjectId": "aad-1"},
            "conversation": {"id": "19:abc@thread.tacv2;messageid=1700000000000", "conversationType": "channel"},
            "recipient": {"id": f"28:{self.app_id}", "name": "Citybot"},
        }
        activity.update(overrides)
        return activity

    def env(self) -> dict[str, str]:
        return {"MICROSOFT_APP_ID": self.app_id, "MICROSOFT_APP_PASSWORD": "test-password",
                "TEAMS_OPENID_METADATA_URL": f"{self.server.url}/openid", "TEAMS_TOKEN_URL": f"{self.server.url}/token"}

    def __enter__(self) -> BotFramework:
        self.server.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.server.stop()


@dataclass
class ChannelProcess:
    """`python -m <module> --port 0` as its own process group (it binds a free port and announces it), stopped
    by PID, and stopped when pytest is interrupted too."""

    module: str
    env: dict[str, str]
    port: int = 0

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> ChannelProcess:
        self.log = get_settings().var_dir / "logs"
        self.log.mkdir(parents=True, exist_ok=True)
        with (self.log / f"{self.module}.log").open("ab") as log_file:
            # Nothing of the shell's CITYBOT_* or channel secrets: only what the test gives.
            self.process, self.port = start_announcing(
                [sys.executable, "-m", self.module, "--port", "0"], REPO_ROOT,
                env={"PYTHONUNBUFFERED": "1", **self.env}, stderr=log_file)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.module} exited with {self.process.returncode}; see {self.log}")
            try:
                if httpx.get(f"{self.url}/health", timeout=1.0).status_code == 200:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        self.__exit__()
        raise TimeoutError(f"{self.module} did not start")

    def __exit__(self, *_: object) -> None:
        stop_process(self.process, grace=10.0)

    def handled(self) -> int:
        """How many events or activities the bridge has finished with (its /health count)."""
        return int(httpx.get(f"{self.url}/health", timeout=5.0).json()["handled"])

    def wait_handled(self, count: int, timeout: float = 30.0) -> None:
        """Wait until the bridge has finished `count` events or activities: a known completion point."""
        deadline = time.monotonic() + timeout
        while self.handled() < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{self.module} finished {self.handled()} of {count} within {timeout:.0f} s")
            time.sleep(0.05)


def widget_only_app() -> Any:
    """Only the widget page (as the catalogue API serves it), for `uvicorn --factory` in the widget tests."""
    from fastapi import FastAPI
    from fastapi.staticfiles import StaticFiles

    from services_catalog.api.routes import widget
    from services_catalog.settings import get_settings

    app = FastAPI()

    @app.get("/health")
    def health() -> dict[str, str]:
        return {"status": "ok"}

    app.include_router(widget.router)
    app.mount("/", StaticFiles(directory=get_settings().widget_dir, html=True), name="widget")
    return app


def table_text(key: str, lang: str) -> str:
    """A bot text read straight from tables/texts/*.csv: the expected wording, not the code's own lookup."""
    import csv

    for path in sorted((REPO_ROOT / "services_catalog" / "tables" / "texts").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["key"] == key:
                    return row[lang]
    raise KeyError(key)
