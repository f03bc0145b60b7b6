"""Scoring a model file on the dev sets without deploying it: real Rasa in this process, the real action server.

The retrain gate needs the new model's accuracy before any user sees the model, so the model is
loaded here (Rasa's own `Agent`, an in-memory tracker store: evaluation turns never reach the query
log) and every case goes through Rasa's message handling, the running action server and the
catalogue API, exactly as `citybot eval` does through the REST channel. The running model is scored
the same way, so both numbers come from the same code on the same machine; its score is kept in a
cache keyed by the model file, the dev sets and the tables, so that a later retrain does not score
it again.

Scoring only what changed: when only the term selector was retrained (bot/term_refresh.py), the caller
passes just the cases whose term decision changed; every other case gets the same reply from both models.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bot.evaluation import Case, judge_reply
from connectors.card_rest import CardCollectingOutputChannel
from services_catalog.db.setup import bundled_tables_digest

log = logging.getLogger(__name__)
CONCURRENCY = 4  # cases in flight: overlaps the action server's and the API's work with Rasa's
NO_CARD = "no answer card"  # bot/evaluation.py's verdict when nothing came back: possibly a passing failure
Tick = Callable[[int, int], None]


def cache_key(model: Path, cases: list[Case]) -> str:
    stat = model.stat()
    digest = hashlib.sha256()
    digest.update(f"{model.name}\x00{stat.st_size}\x00{stat.st_mtime_ns}\x00{bundled_tables_digest()}".encode())
    for case in cases:
        digest.update(case_key(case).encode())
        digest.update(json.dumps([case.expect, case.lang, case.hint], sort_keys=True, ensure_ascii=False).encode())
    return digest.hexdigest()[:24]


def cached(cache_dir: Path, key: str) -> dict[str, Any] | None:
    path = cache_dir / f"{key}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else None
    except (OSError, ValueError):
        return None


def remember(cache_dir: Path, key: str, summary: dict[str, Any]) -> None:
    cache_dir.mkdir(parents=True, exist_ok=True)
    (cache_dir / f"{key}.json").write_text(json.dumps(summary, ensure_ascii=False), encoding="utf-8")


def case_key(case: Case) -> str:
    return json.dumps([case.group, case.id, case.text, case.before], ensure_ascii=False)


def _quiet_rasa() -> None:
    # Rasa's structlog prints every policy decision at debug level unless told otherwise.
    from rasa.utils.common import configure_logging_and_warnings
    from rasa.utils.log_utils import configure_structlog

    configure_logging_and_warnings(logging.WARNING)
    configure_structlog(logging.WARNING)


async def _score(model: Path, cases: list[Case], action_url: str, tick: Tick) -> list[dict[str, Any]]:
    from rasa.core.agent import load_agent
    from rasa.core.channels.channel import UserMessage
    from rasa.core.utils import AvailableEndpoints
    from rasa.utils.endpoints import EndpointConfig

    agent = await load_agent(model_path=str(model), endpoints=AvailableEndpoints(action=EndpointConfig(action_url)))
    if not agent.is_ready():
        raise RuntimeError(f"Rasa could not load {model}")

    async def ask(text: str, sender: str, metadata: dict[str, Any]) -> list[dict[str, Any]]:
        channel = CardCollectingOutputChannel()
        await agent.handle_message(UserMessage(text, channel, sender, input_channel="eval", metadata=metadata))
        return channel.messages

    async def turn(case: Case) -> tuple[bool, str]:
        sender = f"eval-{uuid.uuid4().hex[:12]}"
        metadata = {"lang": case.hint} if case.hint else {}
        for earlier in case.before:
            await ask(earlier, sender, metadata)
        outcome = judge_reply(case, await ask(case.text, sender, metadata))
        return outcome.ok, outcome.reason

    gate = asyncio.Semaphore(CONCURRENCY)
    done = 0

    async def run(case: Case) -> dict[str, Any]:
        nonlocal done
        async with gate:
            ok, reason = await turn(case)
            if reason == NO_CARD:
                # An action that timed out on a busy machine says nothing about the model: ask once more.
                ok, reason = await turn(case)
            done += 1
            tick(done, len(cases))
            return {"key": case_key(case), "group": case.group, "text": case.text, "ok": ok, "reason": reason}

    return list(await asyncio.gather(*(run(case) for case in cases)))


def score(model: Path, cases: list[Case], action_url: str, tick: Tick = lambda done, total: None,
          ) -> list[dict[str, Any]]:
    """Each case's outcome (`key`, `ok`, `reason`), in the order of `cases`; nothing is loaded for no cases."""
    if not cases:
        return []
    _quiet_rasa()
    return asyncio.run(_score(model, cases, action_url, tick))


def summary(outcomes: list[dict[str, Any]], total: int | None = None) -> dict[str, Any]:
    """A scoring's record. `total`: the size of the dev sets when `outcomes` cover only some of their cases
    (the rest answered as by the other model): then no accuracy is known, only the compared cases."""
    complete = total is None or total == len(outcomes)
    accuracy = (sum(o["ok"] for o in outcomes) / len(outcomes) if outcomes else 0.0) if complete else None
    return {"accuracy": accuracy, "total": len(outcomes) if total is None else total, "complete": complete,
            "cases": outcomes}
