"""Rate limits and the bound on work in flight of the REST channel (connectors/limits.py, card_rest.py)."""

from __future__ import annotations

import json
from types import SimpleNamespace

from connectors.card_rest import BUSY, client_address, polite
from connectors.limits import InFlight, RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_bucket_allows_its_burst_then_refills_at_the_rate() -> None:
    clock = Clock()
    limiter = RateLimiter(per_minute=60, burst=3, clock=clock)
    assert [limiter.allow("a") for _ in range(5)] == [True, True, True, False, False]
    assert limiter.allow("b")  # another sender has its own bucket
    clock.now += 1.0  # 60 a minute: one more message a second
    assert limiter.allow("a") and not limiter.allow("a")
    clock.now += 10.0
    assert sum(limiter.allow("a") for _ in range(10)) == 3  # never more than the burst


def test_memory_is_bounded_by_forgetting_the_oldest_keys() -> None:
    limiter = RateLimiter(per_minute=1, burst=1, max_keys=100, clock=Clock())
    for n in range(1000):
        limiter.allow(f"sender-{n}")
    assert len(limiter._buckets) == 100


def test_work_in_flight_is_bounded_and_weighed_by_length() -> None:
    flight = InFlight(limit=2)
    assert flight.try_enter() and flight.try_enter() and not flight.try_enter()
    flight.leave()
    assert flight.try_enter()
    big = InFlight(limit=16)
    assert big.weight("short question") == 1 and big.weight("a" * 5000) == 11
    assert big.try_enter(big.weight("a" * 5000)) and not big.try_enter(big.weight("a" * 5000))
    assert big.try_enter(1)  # short questions still fit beside one long message
    assert InFlight(limit=4).weight("a" * 5000) == 4  # never more than the whole room
    alone = InFlight(limit=4)
    assert alone.try_enter(4) and not alone.try_enter(1)


def request(ip: str, real_ip: str | None = None) -> SimpleNamespace:
    return SimpleNamespace(ip=ip, headers={"x-real-ip": real_ip} if real_ip else {})


def test_the_client_address_is_trusted_from_the_proxy_only() -> None:
    assert client_address(request("203.0.113.5", real_ip="1.2.3.4")) == "203.0.113.5"  # outsiders cannot choose
    assert client_address(request("127.0.0.1", real_ip="198.51.100.7")) == "198.51.100.7"  # nginx on loopback
    assert client_address(request("127.0.0.1")) is None  # a local tool: exempt from the per-address limit
    assert client_address(request("::1")) is None


def test_the_busy_reply_is_a_message_card_in_the_users_language() -> None:
    response = polite(BUSY, "Vad är FPA och hur söker jag?", {}, "someone")
    body = json.loads(response.body)
    assert len(body) == 1 and body[0]["recipient_id"] == "someone" and body[0]["text"]
    assert body[0]["custom"] == {"type": "message", "id": BUSY, "lang": "sv"}
    assert response.headers["retry-after"] == "5"
    hinted = json.loads(polite(BUSY, "ok", {"lang": "en"}, "x").body)
    assert hinted[0]["custom"]["lang"] == "en"
