"""The Teams bridge (connectors/teams_app.py) as its own process, against a local Bot Framework stand-in.

The stand-in serves OpenID metadata and a JWKS holding an RSA key generated here, issues
client-credentials tokens, and records the reply activities; the Rasa stand-in answers with the real
bot's recorded replies. The e2e test sends a JWT-signed activity through the real Rasa + action server.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from connectors.card_render import ADAPTIVE_CARD_TYPE
from connectors.teams_app import MESSAGES_PATH
from tests.support.channel_standins import (
    FALLBACK_QUESTION,
    BotFramework,
    ChannelProcess,
    Replies,
    StandIn,
    feedback_api_stand_in,
    first_card,
    rasa_stand_in,
    table_text,
)

CONVERSATION_PATH = "/v3/conversations/19%3Aabc%40thread.tacv2%3Bmessageid%3D1700000000000/activities/1700000000000"
API_TOKEN = "test-api-token"


def teams_env(rasa_url: str, framework: BotFramework, api_url: str = "http://127.0.0.1:9") -> dict[str, str]:
    return {**framework.env(), "CITYBOT_RASA_URL": rasa_url, "CITYBOT_API_URL": api_url,
            "CITYBOT_API_TOKEN": API_TOKEN}


def send(app: ChannelProcess, activity: Any, token: str | None) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.post(app.url + MESSAGES_PATH, json=activity, headers=headers, timeout=10)


def replies(framework: BotFramework, count: int = 1, timeout: float = 30.0) -> list:
    return framework.server.wait_for("/v3/conversations/", count, timeout)


def adaptive(reply: Any) -> dict:
    (attachment,) = reply.json()["attachments"]
    assert attachment["contentType"] == ADAPTIVE_CARD_TYPE
    return attachment["content"]


@pytest.fixture(scope="module")
def rasa(recorded_replies: Replies) -> Iterator[StandIn]:
    with rasa_stand_in(recorded_replies) as server:
        yield server


@pytest.fixture(scope="module")
def feedback_api(recorded_replies: Replies) -> Iterator[StandIn]:
    known = {m["custom"]["answer_id"] for ms in recorded_replies.values() for m in ms
             if (m.get("custom") or {}).get("answer_id")}
    with feedback_api_stand_in(known) as server:
        yield server


@pytest.fixture(scope="module")
def framework() -> Iterator[BotFramework]:
    with BotFramework() as server:
        yield server


@pytest.fixture(scope="module")
def teams_app(rasa: StandIn, framework: BotFramework, feedback_api: StandIn) -> Iterator[ChannelProcess]:
    with ChannelProcess("connectors.teams_app", teams_env(rasa.url, framework, feedback_api.url)) as app:
        yield app


@pytest.fixture(autouse=True)
def clear_records(request: pytest.FixtureRequest) -> None:
    for name in ("rasa", "feedback_api"):
        if name in request.fixturenames:
            request.getfixturevalue(name).requests.clear()
    if "framework" in request.fixturenames:
        request.getfixturevalue("framework").server.requests.clear()


def test_signed_activity_is_answered_with_an_adaptive_card(
    teams_app: ChannelProcess, rasa: StandIn, framework: BotFramework, recorded_replies: Replies,
) -> None:
    card = first_card(recorded_replies, "Mikä on Kela?", "term")
    response = send(teams_app, framework.activity("<at>Citybot</at> Mikä on Kela?"), framework.token())
    assert response.status_code == 202
    found = replies(framework, count=len(recorded_replies["Mikä on Kela?"]))
    assert len(found) == len(recorded_replies["Mikä on Kela?"]), "one activity per message of the bot's reply"
    reply = found[0]
    assert reply.path == CONVERSATION_PATH
    assert reply.headers["authorization"] == f"Bearer {framework.access_token}"
    body = reply.json()
    assert body["type"] == "message" and body["replyToId"] == "1700000000000"
    assert body["from"]["id"] == f"28:{framework.app_id}" and body["recipient"]["id"] == "29:1user-aad-id"
    assert "text" not in body, "the card shows the answer; the text would repeat it"
    content = adaptive(reply)
    assert content["body"][0]["text"] == card["title"]
    assert {"type": "Action.OpenUrl", "title": table_text("channel_more", "fi"), "url": card["url"]} \
        in content["actions"]
    (forwarded,) = rasa.requests
    sent = forwarded.json()
    assert sent["message"] == "Mikä on Kela?" and sent["metadata"] == {"channel": "teams", "lang": "fi"}
    assert sent["sender"].startswith("teams:")


def test_suggestions_come_back_with_the_conversation_language(
    teams_app: ChannelProcess, rasa: StandIn, framework: BotFramework, recorded_replies: Replies,
) -> None:
    assert send(teams_app, framework.activity(FALLBACK_QUESTION), framework.token()).status_code == 202
    (reply,) = replies(framework)
    suggestions = first_card(recorded_replies, FALLBACK_QUESTION, "fallback")["suggestions"]
    submits = [a["data"]["msteams"] for a in adaptive(reply)["actions"] if a["type"] == "Action.Submit"]
    assert [(s["text"], s["displayText"], s["value"]["lang"]) for s in submits] == [
        (s["payload"], s["title"], "fi") for s in suggestions]
    # Teams sends a messageBack click as a message whose text is the payload and whose value is ours.
    click = framework.activity("/show_more", locale="fi-FI",
                               value={"citybot": "choice", "payload": "/show_more", "lang": "sv"})
    assert send(teams_app, click, framework.token()).status_code == 202
    replies(framework, count=2)
    assert rasa.requests[-1].json()["metadata"] == {"channel": "teams", "lang": "sv"}
    assert rasa.requests[-1].json()["message"] == "/show_more"


def test_connector_token_is_fetched_once_with_client_credentials_and_reused(rasa: StandIn,
                                                                             recorded_replies: Replies) -> None:
    # Its own bridge and Bot Framework: the module's bridge may have fetched its token in another test already.
    expected = 2 * len(recorded_replies["Mikä on Kela?"])
    with BotFramework() as framework, ChannelProcess("connectors.teams_app", teams_env(rasa.url, framework)) as app:
        for _ in range(2):
            assert send(app, framework.activity("Mikä on Kela?"), framework.token()).status_code == 202
        found = replies(framework, count=expected)
        app.wait_handled(2)
    assert len(found) == expected
    assert all(r.headers["authorization"] == f"Bearer {framework.access_token}" for r in found)
    (token_request,) = framework.server.wait_for("/token", timeout=0)
    assert token_request.form() == {"grant_type": "client_credentials", "client_id": framework.app_id,
                                    "client_secret": "test-password", "scope": "https://api.botframework.com/.default"}


def test_thumbs_up_is_sent_to_the_feedback_endpoint_and_thanked(
    teams_app: ChannelProcess, rasa: StandIn, framework: BotFramework, feedback_api: StandIn,
    recorded_replies: Replies,
) -> None:
    answer = first_card(recorded_replies, "Mikä on Kela?", "term")["answer_id"]
    rating = framework.activity("", value={"citybot": "feedback", "answer_id": answer, "rating": "up", "lang": "sv"})
    assert send(teams_app, rating, framework.token()).status_code == 202
    (reply,) = replies(framework)
    assert reply.json()["text"] == table_text("channel_feedback_thanks", "sv")
    (stored,) = feedback_api.wait_for("/feedback")
    assert stored.json() == {"answer_id": answer, "rating": "up", "comment": None}
    assert stored.headers["authorization"] == f"Bearer {API_TOKEN}"
    assert rasa.requests == []


def test_files_get_a_polite_reply_and_reactions_are_ignored_on_purpose(
    teams_app: ChannelProcess, rasa: StandIn, framework: BotFramework, recorded_replies: Replies,
) -> None:
    image = {"contentType": "image/png", "contentUrl": "https://smba.example/image.png", "name": "kuva.png"}
    start = teams_app.handled()
    upload = framework.activity("", locale="en-US", attachments=[image])
    assert send(teams_app, upload, framework.token()).status_code == 202
    (reply,) = replies(framework)
    assert reply.json()["text"] == table_text("channel_unsupported", "en")
    reaction = framework.activity("", type="messageReaction", reactionsAdded=[{"type": "like"}])
    assert send(teams_app, reaction, framework.token()).status_code == 200
    # A typed message comes with Teams' own HTML copy of it: that is no file.
    html = {"contentType": "text/html", "content": "<p>Mikä on Kela?</p>"}
    assert send(teams_app, framework.activity("Mikä on Kela?", attachments=[html]), framework.token()
                ).status_code == 202
    expected = 1 + len(recorded_replies["Mikä on Kela?"])
    found = replies(framework, count=expected)
    teams_app.wait_handled(start + 3)
    assert len(replies(framework, timeout=0)) == expected and "attachments" in found[1].json()
    assert [r.json()["message"] for r in rasa.requests] == ["Mikä on Kela?"]


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
    start = teams_app.handled()
    response = send(teams_app, framework.activity("Mikä on Kela?"), BAD_TOKENS[how](framework))
    assert response.status_code == 401
    teams_app.wait_handled(start + 1)
    assert rasa.requests == [] and replies(framework, timeout=0) == []


def test_forged_feedback_and_choices_need_a_valid_token_too(
    teams_app: ChannelProcess, feedback_api: StandIn, rasa: StandIn, framework: BotFramework,
) -> None:
    forged = framework.activity("", value={"citybot": "feedback", "answer_id": "x", "rating": "up"})
    choice = framework.activity("/show_more", value={"citybot": "choice", "payload": "/show_more", "lang": "sv"})
    start = teams_app.handled()
    assert send(teams_app, forged, framework.token(private_key=other_key())).status_code == 401
    assert send(teams_app, choice, framework.token(aud="someone-else")).status_code == 401
    teams_app.wait_handled(start + 2)
    assert feedback_api.requests == [] and rasa.requests == [] and replies(framework, timeout=0) == []


def test_key_endorsed_for_teams_is_refused_for_another_channel(
    teams_app: ChannelProcess, rasa: StandIn, framework: BotFramework,
) -> None:
    response = send(teams_app, framework.activity("Mikä on Kela?", channelId="webchat"), framework.token())
    assert response.status_code == 401 and rasa.requests == []


def test_non_message_activities_are_accepted_and_not_answered(
    teams_app: ChannelProcess, rasa: StandIn, framework: BotFramework,
) -> None:
    update = framework.activity("", type="conversationUpdate", membersAdded=[{"id": "29:1user-aad-id"}])
    start = teams_app.handled()
    assert send(teams_app, update, framework.token()).status_code == 200
    teams_app.wait_handled(start + 1)
    assert rasa.requests == [] and replies(framework, timeout=0) == []


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


def test_polite_reply_when_rasa_is_down(framework: BotFramework, closed_url: str) -> None:
    with ChannelProcess("connectors.teams_app", teams_env(closed_url, framework)) as app:
        assert send(app, framework.activity("What is Kela?", locale="en-US"), framework.token()).status_code == 202
        (reply,) = replies(framework)
    body = reply.json()
    assert body["text"] == table_text("channel_bot_down", "en")
    assert "attachments" not in body


@pytest.mark.e2e
def test_signed_activity_goes_through_the_real_bot(bot_stack, framework: BotFramework) -> None:
    with ChannelProcess("connectors.teams_app", teams_env(bot_stack.rasa_url, framework)) as app:
        assert send(app, framework.activity("Mikä on Kela?"), framework.token()).status_code == 202
        reply = replies(framework, timeout=90)[0]
    content = adaptive(reply)
    assert "Kansaneläkelaitos" in str(content["body"])
    assert any(a.get("url") == "https://www.kela.fi" for a in content["actions"])
