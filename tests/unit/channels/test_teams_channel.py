"""The Teams channel (connectors/teams_app.py) as its own process, against a local Bot Framework stand-in.

The stand-in serves OpenID metadata and a JWKS holding an RSA key generated
here, issues client-credentials tokens, and records the reply activities. The
e2e test sends a JWT-signed activity through the real Rasa + action server.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from bot.stack import free_port
from connectors.card_render import ADAPTIVE_CARD_TYPE
from connectors.teams_app import MESSAGES_PATH
from tests.support.channel_standins import BotFramework, ChannelProcess, StandIn, rasa_stand_in

CONVERSATION_PATH = "/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000000/activities/1700000000000"


def teams_env(rasa_url: str, framework: BotFramework) -> dict[str, str]:
    return {**framework.env(), "CITYBOT_RASA_URL": rasa_url}


def send(app: ChannelProcess, activity: Any, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(app.url + MESSAGES_PATH, json=activity, headers=headers, timeout=10)


def replies(framework: BotFramework, count: int = 1, timeout: float = 30.0) -> list:
    return framework.server.wait_for("/v3/conversations/", count, timeout)


@pytest.fixture(scope="module")
def rasa() -> Iterator[StandIn]:
    with rasa_stand_in() as server:
        yield server


@pytest.fixture(scope="module")
def framework() -> Iterator[BotFramework]:
    with BotFramework() as server:
        yield server


@pytest.fixture(scope="module")
def teams_app(rasa: StandIn, framework: BotFramework) -> Iterator[ChannelProcess]:
    with ChannelProcess("connectors.teams_app", teams_env(rasa.url, framework)) as app:
        yield app


@pytest.fixture(autouse=True)
def clear_records(rasa: StandIn, framework: BotFramework) -> None:
    rasa.requests.clear()
    framework.server.requests.clear()


def test_signed_activity_is_answered_with_text_and_an_adaptive_card(
    teams_app: ChannelProcess, rasa: StandIn, framework: BotFramework,
) -> None:
    response = send(teams_app, framework.activity("<at>Citybot</at> Mikä on Kela?"), framework.token())
    assert response.status_code == 202
    (reply,) = replies(framework)
    assert reply.path == CONVERSATION_PATH
    assert reply.headers["authorization"] == f"Bearer {framework.access_token}"
    body = reply.json()
    assert body["type"] == "message" and body["replyToId"] == "1700000000000"
    assert body["from"]["id"] == f"28:{framework.app_id}" and body["recipient"]["id"] == "29:1user-aad-id"
    assert body["text"].startswith("Kela: Kela eli Kansaneläkelaitos")
    (attachment,) = body["attachments"]
    assert attachment["contentType"] == ADAPTIVE_CARD_TYPE
    assert attachment["content"]["actions"][0]["url"] == "https://www.kela.fi"
    (forwarded,) = rasa.requests
    sent = forwarded.json()
    assert sent["message"] == "Mikä on Kela?" and sent["metadata"] == {"channel": "teams", "lang": "fi"}
    assert sent["sender"].startswith("teams:")
    (token_request,) = framework.server.wait_for("/token")
    assert token_request.form() == {"grant_type": "client_credentials", "client_id": framework.app_id,
                                    "client_secret": "test-password", "scope": "https://api.botframework.com/.default"}


def test_connector_token_is_reused_across_messages(teams_app: ChannelProcess, framework: BotFramework) -> None:
    for _ in range(2):
        assert send(teams_app, framework.activity("asdfghjkl"), framework.token()).status_code == 202
    found = replies(framework, count=2)
    assert len(found) == 2 and framework.server.wait_for("/token", timeout=0) == []
    choices = found[0].json()["attachments"][0]["content"]["actions"]
    assert choices[0]["data"] == {"msteams": {"type": "imBack", "value": "Mikä on Kela?"}}


def other_key() -> Any:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


BAD_TOKENS = {
    "wrong audience": lambda f: f.token(aud="someone-else"),
    "wrong issuer": lambda f: f.token(iss="https://evil.example"),
    "expired": lambda f: f.token(exp=int(time.time()) - 3600, iat=int(time.time()) - 7200),
    "no expiry": lambda f: f.token(exp=None),
    "signed by another key": lambda f: f.token(private_key=other_key()),
    "symmetric algorithm": lambda f: jwt.encode({"iss": "https://api.botframework.com", "aud": f.app_id,
                                                 "exp": int(time.time()) + 600}, "secret", algorithm="HS256",
                                                headers={"kid": f.kid}),
    "other serviceUrl": lambda f: f.token(serviceUrl="https://smba.example/"),
    "not a JWT": lambda f: "garbage.token.value",
    "missing": lambda f: None,
}


@pytest.mark.parametrize("how", sorted(BAD_TOKENS))
def test_activities_without_a_valid_bot_framework_token_are_refused(
    teams_app: ChannelProcess, rasa: StandIn, framework: BotFramework, how: str,
) -> None:
    response = send(teams_app, framework.activity("Mikä on Kela?"), BAD_TOKENS[how](framework))
    assert response.status_code == 401
    time.sleep(0.3)
    assert rasa.requests == [] and replies(framework, timeout=0) == []


def test_key_endorsed_for_teams_is_refused_for_another_channel(
    teams_app: ChannelProcess, rasa: StandIn, framework: BotFramework,
) -> None:
    response = send(teams_app, framework.activity("Mikä on Kela?", channelId="webchat"), framework.token())
    assert response.status_code == 401 and rasa.requests == []


def test_non_message_activities_are_accepted_and_not_answered(
    teams_app: ChannelProcess, rasa: StandIn, framework: BotFramework,
) -> None:
    update = framework.activity("", type="conversationUpdate", membersAdded=[{"id": "29:1user-aad-id"}])
    assert send(teams_app, update, framework.token()).status_code == 200
    time.sleep(0.3)
    assert rasa.requests == []


@pytest.mark.parametrize("change, error", [
    ({"conversation": None}, "conversation.id"),
    ({"serviceUrl": "http://attacker.example/"}, "https"),
    ({"id": 5}, "id"),
])
def test_malformed_activities_get_a_clear_400(teams_app: ChannelProcess, framework: BotFramework,
                                              change: dict, error: str) -> None:
    activity = framework.activity("Mikä on Kela?", **change)
    token = framework.token(serviceUrl=activity["serviceUrl"])
    response = send(teams_app, activity, token)
    assert response.status_code == 400 and error in response.json()["error"]


def test_invalid_json_and_huge_bodies_are_refused(teams_app: ChannelProcess) -> None:
    bad = httpx.post(teams_app.url + MESSAGES_PATH, content=b"{nope", headers={"Content-Type": "application/json"})
    assert bad.status_code == 400
    huge = httpx.post(teams_app.url + MESSAGES_PATH, content=b"x" * 1_000_000)
    assert huge.status_code == 413
    assert httpx.get(teams_app.url + "/health").status_code == 200


def test_polite_reply_when_rasa_is_down(framework: BotFramework) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    with ChannelProcess("connectors.teams_app", teams_env(closed, framework)) as app:
        assert send(app, framework.activity("What is Kela?", locale="en-US"), framework.token()).status_code == 202
        (reply,) = replies(framework)
    body = reply.json()
    assert body["text"] == "The bot is not answering right now. Please try again in a moment."
    assert "attachments" not in body


@pytest.mark.e2e
def test_signed_activity_goes_through_the_real_bot(bot_stack, framework: BotFramework) -> None:
    with ChannelProcess("connectors.teams_app", teams_env(bot_stack.rasa_url, framework)) as app:
        assert send(app, framework.activity("Mikä on Kela?"), framework.token()).status_code == 202
        (reply,) = replies(framework, timeout=90)
    body = reply.json()
    assert "Kansaneläkelaitos" in body["text"]
    assert body["attachments"][0]["content"]["actions"][0]["url"] == "https://www.kela.fi"
