"""The Slack bridge (connectors/slack_app.py) as its own process, against local Slack, Rasa and API stand-ins.

Requests are signed the way Slack signs them (v0 HMAC-SHA256 of timestamp and body); the Rasa stand-in
answers with the real bot's recorded replies; Socket Mode runs over a local WebSocket stand-in. The e2e test
sends a signed mention through the real Rasa + action server.
"""

from __future__ import annotations

import json
import time
import uuid
from collections.abc import Iterator
from urllib.parse import urlencode

import httpx
import pytest
from slack_sdk.signature import SignatureVerifier

from connectors.card_render import SLACK_BUTTON_ACTION, SLACK_FEEDBACK_ACTION
from connectors.slack_app import EVENTS_PATH, SeenEvents, user_text
from tests.support.channel_standins import (
    FALLBACK_QUESTION,
    SLACK_BOT_USER,
    ChannelProcess,
    Replies,
    SocketModeStandIn,
    StandIn,
    feedback_api_stand_in,
    first_card,
    rasa_stand_in,
    slack_api_stand_in,
    table_text,
)

SECRET = "test-signing-secret-" + "0" * 12
TOKEN = "xoxb-test-token"
API_TOKEN = "test-api-token"


def slack_env(rasa_url: str, slack_api: StandIn, api_url: str = "http://127.0.0.1:9") -> dict[str, str]:
    return {"SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET, "CITYBOT_RASA_URL": rasa_url,
            "SLACK_API_URL": f"{slack_api.url}/api/", "CITYBOT_API_URL": api_url, "CITYBOT_API_TOKEN": API_TOKEN}


def signed_post(url: str, body: bytes, content_type: str = "application/json", secret: str = SECRET,
                timestamp: int | None = None, headers: dict[str, str] | None = None) -> httpx.Response:
    ts = str(timestamp if timestamp is not None else int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    sent = {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature, "Content-Type": content_type,
            **(headers or {})}
    return httpx.post(url + EVENTS_PATH, content=body, headers=sent, timeout=10)


def event_payload(event: dict, event_id: str | None = None) -> dict:
    return {"token": "legacy", "team_id": "T0TEST", "api_app_id": "A0TEST", "type": "event_callback",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}", "event_time": int(time.time()),
            "event": event}


def event_body(event: dict, event_id: str | None = None) -> bytes:
    return json.dumps(event_payload(event, event_id)).encode()


def mention_event(text: str, channel: str = "C0CHAN", ts: str = "1700000000.000100") -> dict:
    return {"type": "app_mention", "user": "U0PERSON", "text": f"<@{SLACK_BOT_USER}> {text}", "ts": ts,
            "channel": channel, "event_ts": ts}


def mention(text: str, channel: str = "C0CHAN", ts: str = "1700000000.000100") -> bytes:
    return event_body(mention_event(text, channel, ts))


def dm(text: str, **extra: object) -> dict:
    return {"type": "message", "channel_type": "im", "user": "U0PERSON", "text": text, "ts": "1.2",
            "channel": "D0DM", **extra}


def posts(slack_api: StandIn, count: int = 1, timeout: float = 30.0) -> list[dict]:
    return [r.json() for r in slack_api.wait_for("chat.postMessage", count, timeout)]


def click(action_id: str, value: str, message: dict | None = None) -> bytes:
    payload = {"type": "block_actions", "user": {"id": "U0PERSON"}, "team": {"id": "T0TEST"},
               "api_app_id": "A0TEST", "trigger_id": "1.2.3", "channel": {"id": "C0CHAN"},
               "container": {"type": "message", "channel_id": "C0CHAN", "message_ts": "1.5"},
               "message": message or {"ts": "1.5", "thread_ts": "1.0", "text": "..."},
               "actions": [{"type": "button", "action_id": action_id, "block_id": "b", "value": value,
                            "action_ts": "1.6"}]}
    return urlencode({"payload": json.dumps(payload)}).encode()


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
def slack_api() -> Iterator[StandIn]:
    with slack_api_stand_in() as server:
        yield server


@pytest.fixture(scope="module")
def slack_app(rasa: StandIn, slack_api: StandIn, feedback_api: StandIn) -> Iterator[ChannelProcess]:
    with ChannelProcess("connectors.slack_app", slack_env(rasa.url, slack_api, feedback_api.url)) as app:
        yield app


@pytest.fixture(autouse=True)
def clear_records(request: pytest.FixtureRequest) -> None:
    for name in ("rasa", "slack_api", "feedback_api"):
        if name in request.fixturenames:
            request.getfixturevalue(name).requests.clear()


def test_user_text_drops_mentions_and_undoes_slack_escapes() -> None:
    assert user_text("<@U123> Mikä on <https://kela.fi|Kela> &amp; &lt;b&gt;?") == "Mikä on Kela & <b>?"
    assert user_text("<!channel>   ") == ""


def test_seen_events_remember_ids_for_a_while_and_forget_the_oldest_first() -> None:
    seen = SeenEvents(ttl=3600, limit=2)
    assert seen.first_time("a") and seen.first_time("b") and not seen.first_time("a")
    assert seen.first_time("c")  # the limit drops "a", the oldest
    assert seen.first_time("a") and not seen.first_time("c")
    expiring = SeenEvents(ttl=0.05)
    assert expiring.first_time("x")
    time.sleep(0.1)
    assert expiring.first_time("x")


def test_signed_mention_is_answered_in_a_thread_with_the_term_card(
    slack_app: ChannelProcess, rasa: StandIn, slack_api: StandIn, recorded_replies: Replies,
) -> None:
    card = first_card(recorded_replies, "Mikä on Kela?", "term")
    assert signed_post(slack_app.url, mention("Mikä on Kela?")).status_code == 200
    found = posts(slack_api, count=len(recorded_replies["Mikä on Kela?"]))
    assert len(found) == len(recorded_replies["Mikä on Kela?"]), "one post per message of the bot's reply"
    assert all(p["channel"] == "C0CHAN" and p["thread_ts"] == "1700000000.000100" for p in found)
    post = found[0]
    assert post["blocks"][0]["type"] == "header" and post["blocks"][0]["text"]["text"] == card["title"]
    link = next(e for b in post["blocks"] if b["type"] == "actions" for e in b["elements"] if "url" in e)
    assert link["url"] == card["url"]
    (forwarded,) = rasa.requests
    assert forwarded.json() == {"sender": "slack:U0PERSON:C0CHAN", "message": "Mikä on Kela?",
                                "metadata": {"channel": "slack"}}
    assert slack_api.wait_for("chat.postMessage")[0].headers["authorization"] == f"Bearer {TOKEN}"


def test_direct_message_is_answered_and_edits_joins_and_bot_posts_are_ignored(
    slack_app: ChannelProcess, slack_api: StandIn, rasa: StandIn, recorded_replies: Replies,
) -> None:
    start = slack_app.handled()
    assert signed_post(slack_app.url, event_body(dm(FALLBACK_QUESTION))).status_code == 200
    (post,) = posts(slack_api)
    assert post["channel"] == "D0DM" and "thread_ts" not in post
    suggestions = first_card(recorded_replies, FALLBACK_QUESTION, "fallback")["suggestions"]
    values = [json.loads(e["value"]) for b in post["blocks"] if b["type"] == "actions" for e in b["elements"]
              if e["action_id"].startswith(SLACK_BUTTON_ACTION)]
    assert values == [{"p": s["payload"], "l": "fi"} for s in suggestions]
    ignored = (dm("x", subtype="message_changed"), dm("x", subtype="channel_join"), dm("x", bot_id="B0OTHER"),
               dm("x", subtype="bot_message"), dm("x", channel_type="channel"))
    for event in ignored:
        assert signed_post(slack_app.url, event_body(event)).status_code == 200
    slack_app.wait_handled(start + 1 + len(ignored))
    assert len(rasa.requests) == 1 and len(posts(slack_api, timeout=0)) == 1


@pytest.mark.parametrize("retry_reason", ["http_timeout", "http_error", "too_many_requests"])
def test_a_retried_event_is_answered_once(slack_app: ChannelProcess, rasa: StandIn, slack_api: StandIn,
                                          retry_reason: str, recorded_replies: Replies) -> None:
    per_answer = len(recorded_replies["Mikä on Kela?"])
    start = slack_app.handled()
    body = event_body(mention_event("Mikä on Kela?"))
    assert signed_post(slack_app.url, body).status_code == 200
    retry = {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": retry_reason}
    assert signed_post(slack_app.url, body, headers=retry).status_code == 200
    slack_app.wait_handled(start + 2)  # the first delivery answered, the retry dropped
    assert len(rasa.requests) == 1 and len(posts(slack_api, timeout=0)) == per_answer
    # Another event with the same text is a new question.
    assert signed_post(slack_app.url, mention("Mikä on Kela?")).status_code == 200
    assert len(posts(slack_api, count=2 * per_answer)) == 2 * per_answer


def test_a_file_gets_a_polite_word_on_what_the_bot_can_do(slack_app: ChannelProcess, rasa: StandIn,
                                                          slack_api: StandIn, recorded_replies: Replies) -> None:
    files = [{"id": "F0FILE", "name": "kuva.png", "mimetype": "image/png"}]
    start = slack_app.handled()
    assert signed_post(slack_app.url, event_body(dm("", subtype="file_share", files=files))).status_code == 200
    (post,) = posts(slack_api)
    assert post["text"] == table_text("channel_unsupported", "fi")
    slack_app.wait_handled(start + 1)
    assert rasa.requests == []
    # A file with a question: the question is answered as well.
    event = dm("Mikä on Kela?", subtype="file_share", files=files)
    assert signed_post(slack_app.url, event_body(event)).status_code == 200
    found = posts(slack_api, count=2 + len(recorded_replies["Mikä on Kela?"]))
    assert found[1]["text"] == table_text("channel_unsupported", "fi")
    assert found[2]["blocks"][0]["type"] == "header"
    assert [r.json()["message"] for r in rasa.requests] == ["Mikä on Kela?"]


def test_button_click_sends_its_payload_in_the_conversation_language(
    slack_app: ChannelProcess, rasa: StandIn, slack_api: StandIn,
) -> None:
    value = json.dumps({"p": "/show_more", "l": "sv"})
    body = click(f"{SLACK_BUTTON_ACTION}_0", value)
    assert signed_post(slack_app.url, body, "application/x-www-form-urlencoded").status_code == 200
    (post,) = posts(slack_api)
    assert post["thread_ts"] == "1.0"
    assert rasa.requests[0].json()["message"] == "/show_more"
    assert rasa.requests[0].json()["metadata"] == {"channel": "slack", "lang": "sv"}


def test_thumbs_up_is_sent_to_the_feedback_endpoint_and_thanked(
    slack_app: ChannelProcess, slack_api: StandIn, feedback_api: StandIn, recorded_replies: Replies,
) -> None:
    answer = first_card(recorded_replies, "Mikä on Kela?", "term")["answer_id"]
    feedback_block = {"type": "actions", "block_id": f"{SLACK_FEEDBACK_ACTION}_block", "elements": []}
    message = {"ts": "1.5", "text": "Kela", "blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "Kela"}},
                                                        feedback_block]}
    body = click(f"{SLACK_FEEDBACK_ACTION}_up", json.dumps({"a": answer, "l": "fi"}), message)
    assert signed_post(slack_app.url, body, "application/x-www-form-urlencoded").status_code == 200
    (sent,) = feedback_api.wait_for("/feedback")
    assert sent.json() == {"answer_id": answer, "rating": "up", "comment": None}
    assert sent.headers["authorization"] == f"Bearer {API_TOKEN}"
    (update,) = [r.json() for r in slack_api.wait_for("chat.update")]
    assert update["ts"] == "1.5" and update["channel"] == "C0CHAN"
    assert update["blocks"][0] == message["blocks"][0]
    assert update["blocks"][-1]["elements"][0]["text"] == table_text("channel_feedback_thanks", "fi")
    # An unknown answer is refused by the API (404): the user is told it was not saved.
    slack_api.requests.clear()
    body = click(f"{SLACK_FEEDBACK_ACTION}_down", json.dumps({"a": "no-such-answer", "l": "en"}), message)
    assert signed_post(slack_app.url, body, "application/x-www-form-urlencoded").status_code == 200
    (update,) = [r.json() for r in slack_api.wait_for("chat.update")]
    assert update["blocks"][-1]["elements"][0]["text"] == table_text("channel_feedback_failed", "en")


def test_url_verification_challenge_is_answered(slack_app: ChannelProcess) -> None:
    body = json.dumps({"token": "legacy", "challenge": "c-123", "type": "url_verification"}).encode()
    response = signed_post(slack_app.url, body)
    assert response.status_code == 200 and response.json() == {"challenge": "c-123"}


@pytest.mark.parametrize("how", ["wrong secret", "stale timestamp", "unsigned"])
def test_requests_not_signed_by_slack_are_refused(slack_app: ChannelProcess, rasa: StandIn, slack_api: StandIn,
                                                  how: str) -> None:
    body = mention("Mikä on Kela?")
    start = slack_app.handled()
    if how == "wrong secret":
        response = signed_post(slack_app.url, body, secret="not-the-secret")
    elif how == "stale timestamp":
        response = signed_post(slack_app.url, body, timestamp=int(time.time()) - 3600)
    else:
        response = httpx.post(slack_app.url + EVENTS_PATH, content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 401
    slack_app.wait_handled(start + 1)
    assert rasa.requests == [] and posts(slack_api, timeout=0) == []


@pytest.mark.parametrize("body, status", [
    (b"{not json", 400),  # refused by the bridge: slack-bolt would fail on it
    (b"[]", 400),
    (json.dumps({"type": "event_callback"}).encode(), 404),  # slack-bolt: no listener for an event without event
    (json.dumps({"type": "event_callback", "event": {"type": "app_mention"}}).encode(), 200),  # acked, unanswered
])
def test_malformed_signed_bodies_get_a_client_error_or_are_ignored(
    slack_app: ChannelProcess, rasa: StandIn, slack_api: StandIn, body: bytes, status: int,
) -> None:
    start = slack_app.handled()
    response = signed_post(slack_app.url, body)
    assert response.status_code == status, response.text
    slack_app.wait_handled(start + 1)
    assert rasa.requests == [] and posts(slack_api, timeout=0) == []


def test_huge_body_is_refused_before_reading(slack_app: ChannelProcess) -> None:
    assert signed_post(slack_app.url, b"x" * 2_000_000).status_code == 413


def test_too_long_question_gets_a_polite_reply_without_asking_rasa(slack_app: ChannelProcess, rasa: StandIn,
                                                                   slack_api: StandIn) -> None:
    assert signed_post(slack_app.url, mention("Mikä on " + "pitkä " * 2000)).status_code == 200
    (post,) = posts(slack_api)
    assert post["text"] == table_text("channel_too_long", "fi") and rasa.requests == []


def test_polite_reply_when_rasa_is_down(slack_api: StandIn, closed_url: str) -> None:
    with ChannelProcess("connectors.slack_app", slack_env(closed_url, slack_api)) as app:
        assert signed_post(app.url, mention("Mikä on Kela?")).status_code == 200
        (post,) = posts(slack_api)
    assert post["text"] == table_text("channel_bot_down", "fi")
    assert post["blocks"][0]["type"] == "section"


def test_socket_mode_answers_events_acknowledges_them_and_drops_retries(rasa: StandIn,
                                                                         recorded_replies: Replies) -> None:
    with SocketModeStandIn() as socket, slack_api_stand_in(socket.url) as api:
        env = {**slack_env(rasa.url, api), "SLACK_APP_TOKEN": "xapp-test-token"}
        del env["SLACK_SIGNING_SECRET"]  # Socket Mode needs no public endpoint and no signing secret
        with ChannelProcess("connectors.slack_app", env) as app:
            socket.wait_connected()
            assert httpx.get(app.url + "/health").json() == {"status": "ok", "mode": "socket", "connected": True,
                                                          "handled": 0}
            assert httpx.post(app.url + EVENTS_PATH, content=b"{}").status_code in (404, 405)
            assert api.wait_for("apps.connections.open")[0].headers["authorization"] == "Bearer xapp-test-token"
            payload = event_payload(mention_event("Mikä on Kela?", channel="C0SOCK"))
            socket.send({"envelope_id": "env-1", "type": "events_api", "accepts_response_payload": False,
                         "payload": payload})
            assert socket.acks("env-1"), "the envelope is acknowledged"
            per_answer = len(recorded_replies["Mikä on Kela?"])
            post = posts(api, count=per_answer)[0]
            assert post["channel"] == "C0SOCK"
            assert post["blocks"][0]["text"]["text"] == first_card(recorded_replies, "Mikä on Kela?")["title"]
            socket.send({"envelope_id": "env-2", "type": "events_api", "accepts_response_payload": False,
                         "retry_attempt": 1, "retry_reason": "timeout", "payload": payload})
            assert socket.acks("env-2"), "a retry is acknowledged too, so Slack stops sending it"
            app.wait_handled(2)  # the first delivery answered, the retry dropped
            assert len(posts(api, timeout=0)) == per_answer
            assert [r.json()["sender"] for r in rasa.requests] == ["slack:U0PERSON:C0SOCK"]


def test_without_secrets_the_bridge_names_what_is_missing() -> None:
    bridge = ChannelProcess("connectors.slack_app", {"SLACK_BOT_TOKEN": TOKEN})
    with pytest.raises(RuntimeError), bridge:
        pass
    said = (bridge.log / "connectors.slack_app.log").read_text(encoding="utf-8")
    assert "SLACK_SIGNING_SECRET" in said and "SLACK_APP_TOKEN" in said


@pytest.mark.e2e
def test_signed_mention_goes_through_the_real_bot(bot_stack, slack_api: StandIn) -> None:
    with ChannelProcess("connectors.slack_app", slack_env(bot_stack.rasa_url, slack_api)) as app:
        assert signed_post(app.url, mention("Mikä on Kela?", channel="C0E2E")).status_code == 200
        post = posts(slack_api, timeout=90)[0]
    assert post["channel"] == "C0E2E"
    assert "Kansaneläkelaitos" in json.dumps(post["blocks"], ensure_ascii=False)
    assert any(e.get("url") == "https://www.kela.fi" for b in post["blocks"] if b["type"] == "actions"
               for e in b["elements"])
