"""The Slack channel (connectors/slack_app.py) as its own process, against local Slack API and Rasa stand-ins.

Every request is signed the way Slack signs it (v0 HMAC of timestamp and body);
the e2e test sends a signed mention through the real Rasa + action server.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from bot.stack import free_port
from connectors.card_render import SLACK_BUTTON_ACTION
from connectors.slack_app import EVENTS_PATH, user_text
from tests.support.channel_standins import (
    RECORDED_REPLIES,
    SLACK_BOT_USER,
    ChannelProcess,
    StandIn,
    rasa_stand_in,
    slack_api_stand_in,
)

SECRET = "test-signing-secret-" + "0" * 12
TOKEN = "xoxb-test-token"


def slack_env(rasa_url: str, slack_api: StandIn) -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "CITYBOT_RASA_URL": rasa_url,
            "SLACK_API_URL": f"{slack_api.url}/api/"}


def signed_post(url: str, body: bytes, content_type: str = "application/json", secret: str = SECRET,
                timestamp: int | None = None) -> httpx.Response:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    headers = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature, "Content-Type": content_type}
    return httpx.post(url + EVENTS_PATH, content=body, headers=headers, timeout=10)


def event_body(event: dict) -> bytes:
    return json.dumps({"token": "legacy", "team_id": "T0TEST", "api_app_id": "A0TEST", "type": "event_callback",
                       "event_id": f"Ev{time.time_ns()}", "event_time": int(time.time()),
                       "event": event}).encode()


def mention(text: str, channel: str = "C0CHAN", ts: str = "1700000000.000100") -> bytes:
    return event_body({"type": "app_mention", "user": "U0PERSON", "text": f"<@{SLACK_BOT_USER}> {text}",
                       "ts": ts, "channel": channel, "event_ts": ts})


def posts(slack_api: StandIn, count: int = 1, timeout: float = 30.0) -> list[dict]:
    return [r.json() for r in slack_api.wait_for("chat.postMessage", count, timeout)]


@pytest.fixture(scope="module")
def rasa() -> Iterator[StandIn]:
    with rasa_stand_in() as server:
        yield server


@pytest.fixture(scope="module")
def slack_api() -> Iterator[StandIn]:
    with slack_api_stand_in() as server:
        yield server


@pytest.fixture(scope="module")
def slack_app(rasa: StandIn, slack_api: StandIn) -> Iterator[ChannelProcess]:
    with ChannelProcess("connectors.slack_app", slack_env(rasa.url, slack_api)) as app:
        yield app


@pytest.fixture(autouse=True)
def clear_records(rasa: StandIn, slack_api: StandIn) -> None:
    rasa.requests.clear()
    slack_api.requests.clear()


def test_user_text_drops_mentions_and_undoes_slack_escapes() -> None:
    assert user_text("<@U123> Mikä on <https://kela.fi|Kela> &amp; &lt;b&gt;?") == "Mikä on Kela & <b>?"
    assert user_text("<!channel>   ") == ""


def test_signed_mention_is_answered_in_a_thread_with_blocks(slack_app: ChannelProcess, rasa: StandIn,
                                                            slack_api: StandIn) -> None:
    response = signed_post(slack_app.url, mention("Mikä on Kela?"))
    assert response.status_code == 200
    (post,) = posts(slack_api)
    assert post["channel"] == "C0CHAN" and post["thread_ts"] == "1700000000.000100"
    assert post["blocks"][0]["text"]["text"].startswith("Kela: Kela eli Kansaneläkelaitos")
    buttons = post["blocks"][-1]["elements"]
    assert buttons[0]["url"] == "https://www.kela.fi"
    (forwarded,) = rasa.requests
    assert forwarded.json() == {"sender": "slack:U0PERSON:C0CHAN", "message": "Mikä on Kela?",
                                "metadata": {"channel": "slack"}}
    call = slack_api.wait_for("chat.postMessage")[0]
    assert call.headers["authorization"] == f"Bearer {TOKEN}"


def test_direct_message_is_answered_and_bot_echoes_are_ignored(slack_app: ChannelProcess, slack_api: StandIn,
                                                               rasa: StandIn) -> None:
    dm = {"type": "message", "channel_type": "im", "user": "U0PERSON", "text": "asdfghjkl", "ts": "1.2",
          "channel": "D0DM"}
    assert signed_post(slack_app.url, event_body(dm)).status_code == 200
    (post,) = posts(slack_api)
    assert post["channel"] == "D0DM" and "thread_ts" not in post
    recorded = [b["payload"] for b in RECORDED_REPLIES["asdfghjkl"][0]["buttons"]]
    assert [e["value"] for e in post["blocks"][-1]["elements"]] == recorded
    for ignored in ({**dm, "subtype": "message_changed"}, {**dm, "bot_id": "B0OTHER"},
                    {**dm, "channel_type": "channel"}):
        assert signed_post(slack_app.url, event_body(ignored)).status_code == 200
    time.sleep(1.5)
    assert len(rasa.requests) == 1


def test_button_click_sends_its_payload_as_the_next_message(slack_app: ChannelProcess, rasa: StandIn,
                                                            slack_api: StandIn) -> None:
    payload = {"type": "block_actions", "user": {"id": "U0PERSON"}, "team": {"id": "T0TEST"},
               "api_app_id": "A0TEST", "trigger_id": "1.2.3", "channel": {"id": "C0CHAN"},
               "container": {"type": "message", "channel_id": "C0CHAN", "message_ts": "1.5"},
               "message": {"ts": "1.5", "thread_ts": "1.0", "text": "..."},
               "actions": [{"type": "button", "action_id": f"{SLACK_BUTTON_ACTION}_0", "block_id": "b",
                            "value": "Mikä on Kela?", "action_ts": "1.6"}]}
    body = urlencode({"payload": json.dumps(payload)}).encode()
    assert signed_post(slack_app.url, body, "application/x-www-form-urlencoded").status_code == 200
    (post,) = posts(slack_api)
    assert post["thread_ts"] == "1.0" and "Kansaneläkelaitos" in post["text"]
    assert rasa.requests[0].json()["message"] == "Mikä on Kela?"


def test_url_verification_challenge_is_answered(slack_app: ChannelProcess) -> None:
    body = json.dumps({"token": "legacy", "challenge": "c-123", "type": "url_verification"}).encode()
    response = signed_post(slack_app.url, body)
    assert response.status_code == 200 and response.json() == {"challenge": "c-123"}


@pytest.mark.parametrize("how", ["wrong secret", "stale timestamp", "unsigned"])
def test_requests_not_signed_by_slack_are_refused(slack_app: ChannelProcess, rasa: StandIn, slack_api: StandIn,
                                                  how: str) -> None:
    body = mention("Mikä on Kela?")
    if how == "wrong secret":
        response = signed_post(slack_app.url, body, secret="not-the-secret")
    elif how == "stale timestamp":
        response = signed_post(slack_app.url, body, timestamp=int(time.time()) - 3600)
    else:
        response = httpx.post(slack_app.url + EVENTS_PATH, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 401
    time.sleep(0.5)
    assert rasa.requests == [] and posts(slack_api, timeout=0) == []


@pytest.mark.parametrize("body", [b"{not json", b"[]", json.dumps({"type": "event_callback"}).encode(),
                                  json.dumps({"type": "event_callback", "event": {"type": "app_mention"}}).encode()])
def test_malformed_signed_bodies_get_a_client_error_or_are_ignored(slack_app: ChannelProcess, rasa: StandIn,
                                                                   body: bytes) -> None:
    response = signed_post(slack_app.url, body)
    assert response.status_code < 500
    assert httpx.get(slack_app.url + "/health").status_code == 200
    assert rasa.requests == []


def test_huge_body_is_refused_before_reading(slack_app: ChannelProcess) -> None:
    response = signed_post(slack_app.url, b"x" * 2_000_000)
    assert response.status_code == 413


def test_too_long_question_gets_a_polite_reply_without_asking_rasa(slack_app: ChannelProcess, rasa: StandIn,
                                                                   slack_api: StandIn) -> None:
    assert signed_post(slack_app.url, mention("Mikä on " + "pitkä " * 2000)).status_code == 200
    (post,) = posts(slack_api)
    assert "liian pitkä" in post["text"] and rasa.requests == []


def test_polite_reply_when_rasa_is_down(slack_api: StandIn) -> None:
    closed = f"http://127.0.0.1:{free_port()}"
    with ChannelProcess("connectors.slack_app", slack_env(closed, slack_api)) as app:
        assert signed_post(app.url, mention("Mikä on Kela?")).status_code == 200
        (post,) = posts(slack_api)
    assert post["text"] == "Botti ei juuri nyt vastaa. Yritä hetken päästä uudelleen."
    assert post["blocks"][0]["type"] == "section"


@pytest.mark.e2e
def test_signed_mention_goes_through_the_real_bot(bot_stack, slack_api: StandIn) -> None:
    with ChannelProcess("connectors.slack_app", slack_env(bot_stack.rasa_url, slack_api)) as app:
        assert signed_post(app.url, mention("Mikä on Kela?", channel="C0E2E")).status_code == 200
        (post,) = posts(slack_api, timeout=90)
    assert post["channel"] == "C0E2E"
    assert "Kansaneläkelaitos" in post["blocks"][0]["text"]["text"]
    assert {"type": "button", "url": "https://www.kela.fi"}.items() <= post["blocks"][-1]["elements"][0].items()
