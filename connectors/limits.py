"""Per-key rate limits and a bound on work in flight, for one server process.

Each Rasa server counts for itself: behind nginx with N servers a sender gets at
most N times its rate, which is why nginx adds a per-address limit of its own in
production (deploy/, bot/production.py).
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

CHARS_PER_UNIT = 500  # a message of this many characters costs about one short question's work


@dataclass
class RateLimiter:
    """A token bucket per key: `per_minute` messages a minute, with bursts up to `burst`.

    Memory is bounded: the least recently seen keys are forgotten first, which can
    only make a forgotten key's next message pass, never block an innocent one.
    """

    per_minute: int
    burst: int | None = None
    max_keys: int = 100_000
    clock: Callable[[], float] = time.monotonic
    _buckets: OrderedDict[str, tuple[float, float]] = field(default_factory=OrderedDict)

    def allow(self, key: str) -> bool:
        """Take one message from `key`'s bucket; False when it is empty."""
        capacity = float(self.burst or max(1, self.per_minute // 4))
        now = self.clock()
        tokens, seen = self._buckets.pop(key, (capacity, now))
        tokens = min(capacity, tokens + (now - seen) * self.per_minute / 60.0)
        allowed = tokens >= 1.0
        self._buckets[key] = (tokens - 1.0 if allowed else tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed

    def retry_after(self) -> int:
        """Seconds until a bucket holds one message again."""
        return max(1, round(60 / self.per_minute))


@dataclass
class InFlight:
    """How much work this process has in flight; refuses more above `limit` instead of queueing it.

    A queue would only make every user wait longer: Rasa handles one conversation's
    messages in order anyway, and a busy reply at once is better than an answer in 20 s.
    Work is weighed: the NLU's cost grows with the length of a message, so a 5,000-character
    message takes the room of about ten short questions.
    """

    limit: int
    current: int = 0

    def weight(self, text: str) -> int:
        return min(self.limit, 1 + len(text) // CHARS_PER_UNIT)

    def try_enter(self, weight: int = 1) -> bool:
        if self.current + weight > self.limit and self.current > 0:
            return False
        self.current += weight
        return True

    def leave(self, weight: int = 1) -> None:
        self.current = max(0, self.current - weight)
