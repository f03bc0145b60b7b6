"""Hostile input, generated: schemathesis fuzzes the catalogue API (and every route in its OpenAPI, the
maintainers' included) for 5xx; a hypothesis property test drives the real message path.

The message property: whatever is sent, the answer is a clear 4xx or a non-empty list of bot messages with
cards (never a 5xx, never an empty reply), and every accepted message is in its conversation's tracker.
"""

from __future__ import annotations

import json
import subprocess
import uuid

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connectors.card_rest import storable
from tests.conftest import assert_card_contract
from tests.support.tools import tools_bin

pytestmark = pytest.mark.e2e


def test_schemathesis_finds_no_server_error_in_the_catalogue_api(catalogue_api: str, tmp_path) -> None:
    result = subprocess.run(
        [str(tools_bin() / "st"), "run", f"{catalogue_api}/openapi.json", "--checks", "not_a_server_error",
         "--max-examples", "40", "--workers", "1", "--request-timeout", "30", "--seed", "911",
         "--report-dir", str(tmp_path)],
        capture_output=True, text=True, timeout=900, cwd=tmp_path,  # its example cache stays out of the repo
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert httpx.get(f"{catalogue_api}/health", timeout=30).status_code == 200


# Text a person, a broken client or an attacker might send.
HOSTILE = st.sampled_from([
    "/intent{\"x\": 1}", "/term{\"term\":\"../../etc/passwd\"}", "/geo_choose{\"geo_area\": \"' OR 1=1 --\"}",
    "/restart", "/session_start", "<script>alert(1)</script>", "'; DROP TABLE events; --", "${jndi:ldap://x}",
    "{{7*7}}", "Mikä on Kela?", "Montako puuta on Kalliossa?", "ääö" * 50, "Кто такой Кела? 什么是Kela",
    "\u202eKela", "\ufeffhei", "a" * 4999,
])
TEXT = st.one_of(
    HOSTILE,
    st.text(min_size=0, max_size=300),  # includes surrogates, NUL and control characters
    st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x1F), max_size=20),
    st.text(min_size=4990, max_size=5010, alphabet="aäö "),
)
SENDER = st.one_of(st.just(None), st.text(min_size=0, max_size=210))
METADATA = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=30)),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(st.text(max_size=10), children,
                                                                               max_size=3)),
    max_leaves=40,
)


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True)
@given(text=TEXT, sender=SENDER, metadata=st.one_of(st.just({}), METADATA), lang=st.sampled_from([None, "fi", "xx"]))
def test_the_message_path_never_fails_and_logs_what_it_accepts(bot_stack, text, sender, metadata, lang) -> None:
    if sender is not None and storable(sender) and sender.strip():
        sender = f"{sender[:150]}-{uuid.uuid4().hex[:8]}"  # a fresh conversation: no rate limit carried over
    if isinstance(metadata, dict) and lang:
        metadata = {**metadata, "lang": lang}
    body = {"message": text, "metadata": metadata}
    if sender is not None:
        body["sender"] = sender
    # ensure_ascii keeps lone surrogates as \\ud800 escapes, as a hostile client would send them.
    raw = json.dumps(body, ensure_ascii=True).encode()
    response = httpx.post(f"{bot_stack.chat_url}/webhooks/rest/webhook", content=raw,
                          headers={"content-type": "application/json"}, timeout=120)
    assert response.status_code < 500, response.text[:300]
    if response.status_code != 200:
        assert 400 <= response.status_code < 500 and response.json()["error"]
        return
    messages = response.json()
    assert messages, "an empty reply"
    assert_card_contract(messages)
    if any(m.get("custom", {}).get("id") == "service_busy" for m in messages):
        return  # refused politely before Rasa: nothing to log
    tracker = httpx.get(f"{bot_stack.rasa_url}/conversations/{sender}/tracker", params={"token": bot_stack.rasa_token},
                        timeout=60)
    assert tracker.status_code == 200
    logged = [e.get("text") for e in tracker.json()["events"] if e["event"] == "user"]
    assert text in logged


def test_the_service_still_answers_after_the_fuzzing(bot_stack) -> None:
    from bot.stack import answer_card

    assert answer_card(bot_stack.ask("Mikä on Kela?"))["id"] == "kela"
