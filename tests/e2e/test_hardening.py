"""Hostile requests against the real running service: each gets a clear 4xx or a polite reply, and the
service answers the next user afterwards. Rasa's HTTP API needs the token; CORS grants only listed origins.
"""

from __future__ import annotations

import json
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from bot.stack import answer_card

pytestmark = pytest.mark.e2e
JSON = {"content-type": "application/json"}


def still_answers(stack) -> None:
    """The service answers a plain question with a real answer (not an error, not the busy notice)."""
    card = answer_card(stack.ask("Mikä on Kela?"))
    assert card["type"] in ("term", "service_list"), card


# Surrogates, NUL, deep metadata and a missing sender are in tests/e2e/test_terms.py; these are the rest.
WEBHOOK_REQUESTS = {
    "sender too long": (json.dumps({"sender": "s" * 300, "message": "hei"}).encode(), 400),
    "line break in sender": (b'{"sender":"a\\nb","message":"hei"}', 400),
    "message too long": (json.dumps({"sender": "s-long", "message": "a" * 5001}).encode(), 413),
    "bytes that are not UTF-8": (b'{"sender":"s-bytes","message":"hei \xff\xfe"}', 400),
    "metadata that is a list": (b'{"sender":"s-list","message":"hei","metadata":[1,2]}', 400),
}


@pytest.mark.parametrize("name", sorted(WEBHOOK_REQUESTS))
def test_unstorable_webhook_requests_get_400_and_the_service_lives_on(bot_stack, name: str) -> None:
    body, status = WEBHOOK_REQUESTS[name]
    response = httpx.post(f"{bot_stack.chat_url}/webhooks/rest/webhook", content=body, headers=JSON, timeout=30)
    assert response.status_code == status, response.text
    assert "error" in response.json()
    still_answers(bot_stack)


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/queries?offset=9223372036854775808", None),
        ("GET", "/queries?limit=100000", None),
        ("GET", "/services?lang=fi%0A&q=Kela", None),
        ("GET", "/services?q=Kela&offset=-1", None),
        ("POST", "/queries", b'{"text":"x\\ud800"}'),
        ("POST", "/queries", b'{"text":"x\\u0000"}'),
        ("POST", "/queries", json.dumps({"text": "a" * 70_000}).encode()),
    ],
)
def test_out_of_range_api_requests_get_4xx_and_the_api_lives_on(bot_stack, method: str, path: str,
                                                                  body: bytes | None) -> None:
    response = httpx.request(method, bot_stack.api_url + path, content=body, headers=JSON, timeout=30)
    assert 400 <= response.status_code < 500, (response.status_code, response.text[:200])
    assert httpx.get(f"{bot_stack.api_url}/services", params={"q": "Kela"}, timeout=30).status_code == 200


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("GET", "/conversations/someone-else/tracker", None),
        ("POST", "/conversations/someone-else/tracker/events", {"event": "slot", "name": "lang", "value": "en"}),
        ("PUT", "/conversations/someone-else/tracker/events", [{"event": "restart"}]),
        ("PUT", "/model", {"model_file": "/tmp/evil.tar.gz"}),
        ("DELETE", "/model", None),
        ("GET", "/domain", None),
        ("GET", "/status", None),
    ],
)
def test_rasa_api_needs_the_token(bot_stack, method: str, path: str, body) -> None:
    url = bot_stack.rasa_url + path
    assert httpx.request(method, url, json=body, timeout=30).status_code in (401, 403)
    assert httpx.request(method, url, params={"token": "wrong"}, json=body, timeout=30).status_code in (401, 403)


def test_with_the_token_the_tracker_holds_the_conversation(bot_stack) -> None:
    sender = f"tracker-{uuid.uuid4().hex[:8]}"
    bot_stack.ask("Mikä on Föli?", sender=sender)
    response = httpx.get(f"{bot_stack.rasa_url}/conversations/{sender}/tracker",
                         params={"token": bot_stack.rasa_token}, timeout=30)
    assert response.status_code == 200
    assert "Mikä on Föli?" in [e.get("text") for e in response.json()["events"] if e["event"] == "user"]


def preflight(url: str, origin: str) -> httpx.Response:
    headers = {"Origin": origin, "Access-Control-Request-Method": "POST",
               "Access-Control-Request-Headers": "content-type"}
    return httpx.options(url, headers=headers, timeout=30)


def test_cors_grants_only_listed_origins(bot_stack) -> None:
    webhook = f"{bot_stack.chat_url}/webhooks/rest/webhook"
    evil = preflight(webhook, "https://evil.example")
    assert "access-control-allow-origin" not in evil.headers
    widget_origin = bot_stack.api_url  # the widget page is served by the API: the dev default list
    allowed = preflight(webhook, widget_origin)
    assert allowed.headers.get("access-control-allow-origin") == widget_origin
    assert "access-control-allow-origin" not in preflight(f"{bot_stack.rasa_url}/conversations/x/tracker",
                                                          "https://evil.example").headers


def test_a_missing_sender_does_not_share_a_conversation(bot_stack) -> None:
    response = httpx.post(f"{bot_stack.chat_url}/webhooks/rest/webhook", json={"message": "hei"}, timeout=30)
    assert response.status_code == 400
    tracker = httpx.get(f"{bot_stack.rasa_url}/conversations/default/tracker",
                        params={"token": bot_stack.rasa_token}, timeout=30).json()
    assert not [e for e in tracker["events"] if e["event"] == "user"]


def card_ids(messages: list[dict]) -> list[str]:
    return [m["custom"]["id"] for m in messages if m.get("custom", {}).get("type") == "message"]


def test_one_sender_flooding_gets_polite_busy_replies(bot_stack) -> None:
    sender = f"flood-{uuid.uuid4().hex[:8]}"
    replies = [bot_stack.ask(f"hei {n}", sender=sender) for n in range(100)]
    assert all(replies), "an empty reply"
    busy = [r for r in replies if "service_busy" in card_ids(r)]
    # The bucket holds rate_per_sender / 2 messages and refills at rate_per_sender a minute.
    limit = bot_stack.settings.rate_per_sender
    assert len(replies) - len(busy) <= limit // 2 + limit  # the test takes well under a minute
    assert len(busy) >= 100 - (limit // 2 + limit)
    assert busy[0][0]["text"] and busy[0][0]["recipient_id"] == sender
    still_answers(bot_stack)


def test_one_address_behind_the_proxy_is_limited_too(bot_stack) -> None:
    # nginx sets X-Real-IP; a loopback peer without it is a local tool and is not limited by address.
    url = f"{bot_stack.chat_url}/webhooks/rest/webhook"
    address = f"203.0.113.{uuid.uuid4().int % 250 + 1}"
    # One sender: its own limit refuses most messages cheaply (before the NLU), so the address's bucket is
    # drained in seconds, however slow the machine's turns are; every message takes a token from the address.
    body = {"sender": f"addr-{uuid.uuid4().hex[:8]}", "message": "hei"}
    sent = 80
    started = time.monotonic()
    replies = [httpx.post(url, json=body, headers={"X-Real-IP": address}, timeout=120).json() for _ in range(sent)]
    seconds = time.monotonic() - started
    assert all(reply and reply[0].get("text") for reply in replies), "an empty reply"
    # The Rasa server logs which limit refused a message.
    refused = (bot_stack.logs / "rasa.log").read_text(errors="replace").count(f"rate limit: address {address}")
    per_minute = bot_stack.settings.rate_per_address
    # A token bucket lets through at most its capacity plus what refilled while the messages came in.
    at_least = sent - (per_minute // 4 + seconds * per_minute / 60 + 1)
    assert at_least >= 10, f"{seconds:.1f} s for {sent} messages: too slow to measure the address limit"
    assert refused >= at_least, (refused, round(seconds, 1))
    assert refused <= sum("service_busy" in card_ids(reply) for reply in replies)
    still_answers(bot_stack)


def test_parallel_long_messages_get_answers_or_busy_never_empty(bot_stack) -> None:
    long_text = ("Mikä on Kela ja miten haen asumistukea? " * 130)[:5000]

    def one(n: int) -> list[dict]:
        return bot_stack.ask(long_text, sender=f"long-{n}-{uuid.uuid4().hex[:6]}")

    with ThreadPoolExecutor(max_workers=50) as pool:
        futures = [pool.submit(one, n) for n in range(50)]
        started = time.monotonic()
        still_answers(bot_stack)  # another user, while the long messages are in flight
        other_user_s = time.monotonic() - started
        replies = [future.result(timeout=300) for future in futures]
    assert all(replies), "an empty reply"
    assert all(m.get("text") for reply in replies for m in reply)
    busy = sum("service_busy" in card_ids(reply) for reply in replies)
    assert busy >= 40  # long messages are weighed: only a few are worked on at once
    assert other_user_s < 15, f"another user waited {other_user_s:.1f} s"
