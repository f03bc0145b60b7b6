"""Local stand-ins for the services the Slack and Teams adapters talk to, and a runner for the adapters.

Each stand-in is a real HTTP server on a free 127.0.0.1 port that records the
requests it gets: the Slack Web API, the Bot Framework (OpenID metadata, JWKS
with a test RSA key, token endpoint, Bot Connector replies), and, for the
adapter tests only, Rasa's REST webhook answering with replies recorded from
the real bot. The end-to-end tests use the real Rasa from `bot_stack` instead.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
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

from bot.stack import PASSED_THROUGH, free_port
from connectors.teams_auth import ISSUER
from services_catalog.settings import get_settings

REPO_ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"

# Replies of the real bot (REST channel, connectors/card_rest.py) to these messages, recorded from `bot_stack`.
RECORDED_REPLIES: dict[str, list[dict[str, Any]]] = {
    "Mikä on Kela?": [{
        "recipient_id": "recorded",
        "text": "Kela: Kela eli Kansaneläkelaitos hoitaa Suomessa asuvien perusturvaa eri elämäntilanteissa.\n"
                "Lisätietoa: https://www.kela.fi",
        "custom": {"type": "term", "id": "kela", "title": "Kela",
                   "text": "Kela eli Kansaneläkelaitos hoitaa Suomessa asuvien perusturvaa eri elämäntilanteissa.",
                   "url": "https://www.kela.fi", "lang": "fi", "related_services": []},
    }],
    "asdfghjkl": [{
        "recipient_id": "recorded",
        "text": "En ole varma, mitä tarkoitit. Tarkoititko jotakin näistä?\n"
                "Voit myös ottaa yhteyttä kaupungin neuvontaan.",
        "buttons": [{"title": "Kela", "payload": "Mikä on Kela?"},
                    {"title": "Föli", "payload": "Mikä on Föli?"}],
        "custom": {"type": "fallback", "lang": "fi",
                   "suggestions": [{"id": "kela", "title": "Kela", "payload": "Mikä on Kela?"},
                                   {"id": "foli", "title": "Föli", "payload": "Mikä on Föli?"}],
                   "contact": "Voit myös ottaa yhteyttä kaupungin neuvontaan."},
    }],
}


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
    port: int = field(default_factory=free_port)
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


def rasa_stand_in(status: int = 200) -> StandIn:
    """Rasa's REST webhook answering with recorded replies (unknown text: the recorded fallback)."""
    def route(request: Recorded) -> tuple[int, Any]:
        if status != 200:
            return status, {"error": "stand-in failure"}
        message = request.json().get("message", "")
        return 200, RECORDED_REPLIES.get(message, RECORDED_REPLIES["asdfghjkl"])
    return StandIn(route)


SLACK_BOT_USER = "UCITYBOT"


def slack_api_stand_in() -> StandIn:
    """The Slack Web API methods the app calls: auth.test (by slack-bolt) and chat.postMessage."""
    def route(request: Recorded) -> tuple[int, Any]:
        if request.path.endswith("/auth.test"):
            return 200, {"ok": True, "user_id": SLACK_BOT_USER, "bot_id": "BCITYBOT", "team_id": "T0TEST",
                         "user": "citybot", "team": "Test city"}
        if request.path.endswith("/chat.postMessage"):
            return 200, {"ok": True, "channel": request.json().get("channel"), "ts": f"{time.time():.6f}"}
        return 200, {"ok": False, "error": "unknown_method"}
    return StandIn(route)


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


def clean_environment() -> dict[str, str]:
    """The OS variables a child needs, and nothing of the shell's CITYBOT_* or channel secrets."""
    return {name: os.environ[name] for name in PASSED_THROUGH if name in os.environ}


@dataclass
class ChannelProcess:
    """`python -m <module> --port N` as its own process group, stopped by PID."""

    module: str
    env: dict[str, str]
    port: int = field(default_factory=free_port)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def __enter__(self) -> ChannelProcess:
        self.log = get_settings().var_dir / "logs"
        self.log.mkdir(parents=True, exist_ok=True)
        with (self.log / f"{self.module}.log").open("ab") as log_file:
            self.process = subprocess.Popen(
                [sys.executable, "-m", self.module, "--port", str(self.port)], cwd=REPO_ROOT,
                env={**clean_environment(), "PYTHONUNBUFFERED": "1", **self.env}, stdout=log_file,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
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
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


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
