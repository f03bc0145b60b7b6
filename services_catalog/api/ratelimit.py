"""A per-client request limit for the public write routes (ratings) and the maintainers' login.

In memory, per API process: enough to stop one client from flooding the query log with ratings or
guessing the password; a production deployment adds nginx's per-address limit in front.
"""

from __future__ import annotations

import math
import threading
import time
from collections import deque

from fastapi import HTTPException, Request

MAX_CLIENTS = 50_000


class RateLimit:
    def __init__(self, per_minute: int, window: float = 60.0) -> None:
        self.limit = per_minute
        self.window = window
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, key: str, now: float | None = None) -> None:
        """Count a request of `key`; HTTP 429 with Retry-After once it is over the limit."""
        now = time.monotonic() if now is None else now
        with self._lock:
            if len(self._hits) > MAX_CLIENTS:
                # Forget clients idle for a whole window, so that many addresses cannot exhaust memory.
                self._hits = {k: q for k, q in self._hits.items() if q and now - q[-1] < self.window}
            hits = self._hits.setdefault(key, deque())
            while hits and now - hits[0] >= self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                retry = max(1, math.ceil(self.window - (now - hits[0])))
                raise HTTPException(429, "too many requests; try again later", headers={"Retry-After": str(retry)})
            hits.append(now)


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def check(request: Request, name: str, per_minute: int) -> None:
    """Count this request against the app's limit called `name` (each app has its own counters)."""
    limits = request.app.state.__dict__.setdefault("rate_limits", {})
    if name not in limits or limits[name].limit != per_minute:
        limits[name] = RateLimit(per_minute)
    limits[name].check(client_key(request))
