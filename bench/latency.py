"""Reply latency for one user through the REST channel: term questions and service needs, p50 and p95.

    .venv/bin/python bench/latency.py [--model FILE] [--root DIR] [--rounds 3] [--client-per-message]

Starts the whole stack (catalogue API, action server, Rasa) with the model, warms it up, then asks the dev
sets' term questions and service needs one at a time, each in a fresh conversation, `--rounds` times, and
prints p50/p95 per kind. `--root` runs another checkout's code (e.g. an export of the previous commit, for a
baseline measured in the same session); its own `bot.stack` starts its processes.

The user is one HTTP client that keeps its connection, as the chat widget's browser does. Until 2026-12-03
each message was sent with `httpx.post`, which builds a new client, and with it an SSL context from the
certifi bundle, for every message: about 40 ms of the measuring side's own CPU in every figure, although the
messages go over plain HTTP. `--client-per-message` measures that way still, for comparison with older figures.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
import uuid
from pathlib import Path

from dev_texts import service_needs, term_questions

HERE = Path(__file__).resolve().parents[1]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * (len(ordered) - 1) + 0.5))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="model file (default: the latest in <root>/models)")
    parser.add_argument("--root", default=str(HERE), help="checkout whose code runs the stack")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--client-per-message", action="store_true",
                        help="a new HTTP client for every message (the method of the figures before 2026-12-03)")
    args = parser.parse_args()
    root = Path(args.root).resolve()
    sys.path.insert(0, str(root))
    # One embedding cache for this checkout and a --root baseline, so that both search with embeddings
    os.environ.setdefault("CITYBOT_EMBED_CACHE", str(HERE / "var" / "embeddings"))
    import httpx

    from bot.stack import Ports, Stack
    from bot.training import latest_model
    from services_catalog.db.setup import ensure_catalogue
    from services_catalog.settings import get_settings

    model = Path(args.model) if args.model else latest_model(root / "models")
    if model is None:
        sys.exit(f"no model in {root / 'models'}")
    terms, services = term_questions(), service_needs()
    settings = get_settings()
    ensure_catalogue(settings.db_url)
    times: dict[str, list[float]] = {"term": [], "service": []}
    with Stack(model=model, ports=Ports.free(), settings=settings) as stack, httpx.Client(timeout=60.0) as client:
        if hasattr(stack, "wait_for_search"):  # a --root checkout older than it has the shared warm cache
            stack.wait_for_search()
        webhook = f"{stack.chat_url}/webhooks/rest/webhook"

        def ask(text: str, sender: str) -> None:
            body = {"sender": sender, "message": text, "metadata": {}}
            post = httpx.post if args.client_per_message else client.post
            post(webhook, json=body, timeout=60.0).raise_for_status()

        for text in ("Mikä on Kela?", "haluan uimaan", "hei"):  # first requests load models and caches
            ask(text, f"warm-{uuid.uuid4().hex[:8]}")
        for _ in range(args.rounds):
            for kind, texts in (("term", terms), ("service", services)):
                for text in texts:
                    started = time.perf_counter()
                    ask(text, f"lat-{uuid.uuid4().hex[:10]}")
                    times[kind].append((time.perf_counter() - started) * 1000)
    client_note = "a new HTTP client per message" if args.client_per_message else "one HTTP client, kept"
    print(f"Code: `{root}`; model `{model.name}`; {args.rounds} rounds, one user ({client_note}), "
          "sequential requests.\n")
    print("| questions | requests | p50 ms | p95 ms |\n|---|---|---|---|")
    for kind, values in times.items():
        print(f"| {kind} | {len(values)} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} |")


if __name__ == "__main__":
    main()
