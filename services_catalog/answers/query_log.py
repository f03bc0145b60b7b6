"""Recording each answered question in the catalogue's query log, for maintainers.

If the API cannot take a record, it goes to a local JSON-lines file so that
nothing is lost; `citybot logs --import-pending` loads it later.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

import httpx

from services_catalog.answers.turn import Reply, Turn
from services_catalog.settings import get_settings

log = logging.getLogger(__name__)
LOG_TIMEOUT_SECONDS = 2.0
MAX_TEXT_CHARS = 2000
PENDING_FILE = "pending_queries.jsonl"


def query_record(turn: Turn, reply: Reply, sender: str, channel: str | None) -> dict[str, Any]:
    return {
        "text": turn.text[:MAX_TEXT_CHARS],
        "lang": turn.lang,
        "intent": turn.intent,
        "confidence": turn.confidence,
        "card_type": reply.card_type,
        "recognised": reply.recognised,
        "sender": sender,
        "channel": channel,
        "timestamp": time.time(),
    }


async def record(entry: dict[str, Any]) -> None:
    """Post one record to the query log API; keep it in the pending file when the API does not take it."""
    settings = get_settings()
    try:
        async with httpx.AsyncClient(timeout=LOG_TIMEOUT_SECONDS) as client:
            response = await client.post(f"{settings.api_url}/queries", json=entry)
            response.raise_for_status()
    except httpx.HTTPError as error:
        log.warning("query log API unavailable (%r); keeping the query in the pending file", error)
        pending = settings.var_dir / PENDING_FILE
        pending.parent.mkdir(parents=True, exist_ok=True)
        with pending.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
