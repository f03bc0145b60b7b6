"""Load test: K conversations for T seconds through the chat webhook, with a realistic mix of questions.

    .venv/bin/python -m bench.load --start production --rasa-servers 2 --model M.tar.gz -k 20 -t 60 --think 3
    .venv/bin/python -m bench.load --url http://127.0.0.1:8080 -k 20 -t 60          # a running service

Reports p50/p95/p99 and throughput per kind of message, errors (non-200, empty replies, busy replies), the
query-log rows written against the messages answered (with --start, or --db-url), and the resident memory of
each process of a stack it started, with how many Rasa servers of that size fit on a 24 GiB node.
Every request goes to 127.0.0.1 only; loops are bounded by the duration and stop by themselves.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import tempfile
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

NODE_GIB = 24
MIX: dict[str, tuple[float, list[str]]] = {
    # kind: (share of messages, messages)
    "term": (0.35, ["Mikä on Kela?", "Mikä on Föli?", "What is Föli?", "Vad är FPA?", "mikä on asumistuki",
                    "Mitä tarkoittaa toimeentulotuki?"]),
    "service": (0.25, ["Jäin työttömäksi, mistä saan apua?", "olen opiskelija ja muutan Turkuun",
                       "missä on uimahalli", "I need a library card"]),
    "geo": (0.15, ["Montako lehmusta on Kalliossa?", "Montako puuta on Eirassa?",
                   "Missä kaupunginosassa on eniten puita?"]),
    "programme": (0.10, ["Mikä on Kokeilukiihdyttämö?", "Mitä kokeiluja ohjelmassa on?"]),
    "small_talk": (0.15, ["hei", "kiitos", "mitä osaat?", "moi"]),
}


@dataclass
class Result:
    kind: str
    seconds: float
    status: int
    empty: bool
    busy: bool
    failed: bool  # the polite "could not answer" card: the turn failed inside the service
    text: str = ""
    turn: int = 0  # 1 for the first message of a conversation
    at: float = 0.0  # seconds since the run started, when the message was sent


@dataclass
class Run:
    results: list[Result] = field(default_factory=list)
    started: float = 0.0
    ended: float = 0.0


def pick(rng: random.Random) -> tuple[str, str]:
    kinds = list(MIX)
    kind = rng.choices(kinds, weights=[MIX[k][0] for k in kinds])[0]
    return kind, rng.choice(MIX[kind][1])


async def conversation(client: httpx.AsyncClient, url: str, deadline: float, think: float, rng: random.Random,
                       run: Run, turns: int, together: bool = False) -> None:
    """One simulated user: `turns` messages in a conversation, then a new conversation (a new visitor).

    With think time the users arrive spread over one think time, as visitors of a page do; all K sending their
    first message in the same instant is a start-up burst, and it alone was the whole p95 of a 60 s run
    (20 of ~400 messages). `together` keeps that burst (earlier runs in docs/BENCHMARKS.md measured with it).
    """
    sent = 0
    if think and not together:
        await asyncio.sleep(rng.uniform(0, think))
    while time.monotonic() < deadline:
        if sent % turns == 0:
            sender = f"load-{uuid.uuid4().hex[:12]}"
        sent += 1
        kind, text = pick(rng)
        started = time.monotonic()
        try:
            response = await client.post(url, json={"sender": sender, "message": text, "metadata": {}})
            body = response.json() if response.status_code == 200 else []
            status = response.status_code
        except (httpx.HTTPError, ValueError):
            body, status = [], 0
        ids = {(m.get("custom") or {}).get("id") for m in body if isinstance(m, dict)}
        run.results.append(Result(kind, time.monotonic() - started, status, status == 200 and not body,
                                  "service_busy" in ids, "service_no_reply" in ids, text, (sent - 1) % turns + 1,
                                  started - run.started))
        if think:
            await asyncio.sleep(rng.uniform(0.5 * think, 1.5 * think))


async def drive(chat_url: str, conversations: int, seconds: float, think: float, seed: int, turns: int = 8,
                together: bool = False) -> Run:
    url = f"{chat_url}/webhooks/rest/webhook"
    run = Run(started=time.monotonic())
    limits = httpx.Limits(max_connections=conversations + 4, max_keepalive_connections=conversations + 4)
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        deadline = time.monotonic() + seconds
        await asyncio.gather(*(conversation(client, url, deadline, think, random.Random(seed + n), run, turns,
                                            together) for n in range(conversations)))
    run.ended = time.monotonic()
    return run


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(run: Run) -> dict[str, Any]:
    ok = [r for r in run.results if r.status == 200 and not (r.empty or r.busy or r.failed)]
    by_kind: dict[str, list[float]] = defaultdict(list)
    for r in ok:
        by_kind[r.kind].append(r.seconds * 1000)
    elapsed = run.ended - run.started
    all_ms = [r.seconds * 1000 for r in ok]
    return {
        "sent": len(run.results), "answered": len(ok), "seconds": round(elapsed, 1),
        "throughput_per_s": round(len(ok) / elapsed, 2) if elapsed else 0.0,
        "p50_ms": round(percentile(all_ms, 0.50)), "p95_ms": round(percentile(all_ms, 0.95)),
        "p99_ms": round(percentile(all_ms, 0.99)),
        "errors": sum(r.status != 200 for r in run.results), "empty": sum(r.empty for r in run.results),
        "busy": sum(r.busy for r in run.results), "failed": sum(r.failed for r in run.results),
        "by_kind": {k: {"n": len(v), "p50_ms": round(statistics.median(v)), "p95_ms": round(percentile(v, 0.95))}
                    for k, v in sorted(by_kind.items())},
    }


def query_log_rows(db_url: str) -> int:
    from sqlalchemy import create_engine, text

    engine = create_engine(db_url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text("SELECT count(*) FROM query_log")).scalar() or 0)
    finally:
        engine.dispose()


def rss_mib(pid: int) -> float:
    """Resident memory of a process and its descendants, in MiB."""
    total = 0.0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            total += next(int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS")) / 1024
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except (OSError, StopIteration):
            continue
        pending += [int(child) for child in children]
    return round(total, 1)


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its descendants so far."""
    total, pending = 0.0, [pid]
    ticks = os.sysconf("SC_CLK_TCK")
    while pending:
        current = pending.pop()
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / ticks
        pending += [int(child) for child in children]
    return total


def cpu_use(stack: Any) -> dict[str, float]:
    return {name: cpu_seconds(process.pid) for name, process in stack.processes.items()}


def memory(stack: Any) -> dict[str, float]:
    return {name: rss_mib(process.pid) for name, process in stack.processes.items()}


def start_stack(args: argparse.Namespace) -> Any:
    from bot.production import ProductionStack, Topology
    from bot.stack import Ports, Stack
    from services_catalog import settings as settings_module
    from services_catalog.db.setup import ensure_catalogue
    from services_catalog.settings import REPO_ROOT, Settings

    var = Path(tempfile.mkdtemp(prefix="citybot-load-"))
    var.chmod(0o755)  # PostgreSQL runs as its own user and must reach its data directory
    secrets = {name: uuid.uuid4().hex for name in ("rasa_token", "api_token", "admin_password", "hash_salt")}
    # The load comes from one address (127.0.0.1): the per-address limit would measure itself.
    settings = Settings(var_dir=var, rate_per_address=1_000_000, rate_per_sender=1_000_000,
                        rasa_speedups=not args.baseline,
                        max_in_flight=args.max_in_flight, rasa_servers=args.rasa_servers,
                        action_servers=args.action_servers, cors_origins="http://127.0.0.1",
                        **({"embed_cache": Path(args.embed_cache)} if args.embed_cache else {}), **secrets)
    settings_module.use_settings(settings)
    if args.start == "production":
        stack = ProductionStack(model=Path(args.model), settings=settings.copy(update={"production": True}),
                                topology=Topology.free(args.rasa_servers, args.action_servers))
    else:
        ensure_catalogue(settings.db_url)
        stack = Stack(model=Path(args.model), ports=Ports.free(), settings=settings)
        if args.baseline:
            source = (REPO_ROOT / "bot" / "endpoints.yml").read_text(encoding="utf-8")
            stack.endpoints = var / "endpoints.baseline.yml"
            stack.endpoints.write_text(source.replace("selective_domain: true", "selective_domain: false"))
    stack.start(timeout=900)
    try:
        stack.wait_for_search()
    except BaseException:
        stack.stop()
        raise
    return stack


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="chat URL of a running service (nginx or a Rasa server)")
    parser.add_argument("--start", choices=["dev", "production"], help="start this stack for the run")
    parser.add_argument("--model", help="model file for --start")
    parser.add_argument("--rasa-servers", type=int, default=1)
    parser.add_argument("--action-servers", type=int, default=1)
    parser.add_argument("--max-in-flight", type=int, default=64)
    parser.add_argument("--embed-cache", help="embedding cache for --start (default: the settings')")
    parser.add_argument("--baseline", action="store_true",
                        help="with --start dev: without bot/rasa_speedups.py and with the whole domain sent to actions")
    parser.add_argument("-k", "--conversations", type=int, default=20)
    parser.add_argument("-t", "--seconds", type=float, default=60)
    parser.add_argument("--think", type=float, default=0.0, help="mean seconds a user waits between messages")
    parser.add_argument("--turns", type=int, default=8, help="messages of one conversation before a new one starts")
    parser.add_argument("--warmup", type=float, default=10, help="seconds of load before measuring")
    parser.add_argument("--db-url", help="count query-log rows in this database")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--json", help="also write the report here")
    parser.add_argument("--start-together", action="store_true",
                        help="with --think, all users send their first message at once (a start-up burst)")
    parser.add_argument("--slowest", type=int, default=0, help="also list the N slowest messages (where the tail is)")
    args = parser.parse_args(argv)
    if not (args.url or (args.start and args.model)):
        parser.error("give --url, or --start with --model")
    if args.seconds > 1800 or args.conversations > 500:
        parser.error("at most 1800 s and 500 conversations")
    # A timeout or kill must still stop the servers this run started.
    signal.signal(signal.SIGTERM, _interrupt)
    stack = start_stack(args) if args.start else None
    try:
        chat_url = args.url or stack.chat_url
        db_url = args.db_url or (getattr(stack, "db_url", None) or (stack.settings.db_url if stack else None))
        if args.warmup:
            asyncio.run(drive(chat_url, min(args.conversations, 4), args.warmup, 0.0, args.seed + 1000))
        time.sleep(3)  # let queued query-log rows reach the database
        before = query_log_rows(db_url) if db_url else None
        cpu_before = cpu_use(stack) if stack is not None else {}
        run = asyncio.run(drive(chat_url, args.conversations, args.seconds, args.think, args.seed, args.turns,
                                args.start_together))
        report = summary(run)
        if stack is not None and report["answered"]:
            # CPU time per answered message: unlike latency, hardly moved by other jobs on the machine.
            after = cpu_use(stack)
            report["cpu_ms_per_message"] = {name: round(1000 * (after[name] - cpu_before.get(name, 0.0))
                                                        / report["answered"], 1) for name in after}
        if before is not None:
            time.sleep(10)  # the query log is written in batches
            report["logged_rows"] = query_log_rows(db_url) - before
        if stack is not None:
            report["memory_mib"] = memory(stack)
            rasa = [v for k, v in report["memory_mib"].items() if k.startswith("rasa")]
            if rasa:
                report["rasa_servers_per_24gib_node"] = int(NODE_GIB * 1024 * 0.85 // max(rasa))
        shown = ("start", "baseline", "rasa_servers", "action_servers", "conversations", "seconds", "think", "turns",
                 "max_in_flight", "start_together")
        report["config"] = {k: getattr(args, k) for k in shown}
        if args.slowest:
            report["slowest"] = [{"ms": round(r.seconds * 1000), "at_s": round(r.at, 1), "turn": r.turn,
                                  "text": r.text} for r in sorted(run.results, key=lambda r: -r.seconds)[:args.slowest]]
        text = json.dumps(report, indent=2)
        print(text)
        if args.json:
            Path(args.json).write_text(text + "\n")
    finally:
        if stack is not None:
            stack.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
