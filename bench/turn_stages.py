"""Where a term turn's time goes inside Rasa: the wall time of each stage of `handle_message`.

    .venv/bin/python bench/turn_stages.py --model FILE [--rounds 2]

Starts the catalogue API and the action server (a `Stack`), loads the model into an agent in this process with
the project's endpoints, tracker store and speed-ups, and asks the dev term questions one at a time, each in a
new conversation. Rasa's stages are timed by wrapping them: reading the conversation (and starting its session),
parsing, each prediction of the next action, each call of the action server (the term answer, with its catalogue
search), the prediction loop, saving, and the whole message. No HTTP in front of Rasa: the REST channel's share is
what `bench/latency.py` measures beyond `handle_message`.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import inspect
import logging
import os
import statistics
import sys
import tempfile
import time
import uuid
from collections import defaultdict
from pathlib import Path

from dev_texts import term_questions

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))
STAGES = ("fetch_tracker_and_update_session", "parse_message", "_predict_next_with_tracker", "_run_prediction_loop",
          "save_tracker")


def wrap(owner: type, name: str, times: dict[str, list[float]], label: str) -> None:
    """Record each call's wall time of `owner.name` under `label`."""
    original = getattr(owner, name)
    if inspect.iscoroutinefunction(original):
        @functools.wraps(original)
        async def timed(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return await original(*args, **kwargs)
            finally:
                times[label].append((time.perf_counter() - started) * 1000)
    else:
        @functools.wraps(original)
        def timed(*args: object, **kwargs: object) -> object:
            started = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                times[label].append((time.perf_counter() - started) * 1000)
    setattr(owner, name, timed)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    os.environ.setdefault("CITYBOT_EMBED_CACHE", str(HERE / "var" / "embeddings"))
    from bot.stack import Ports, Stack
    from services_catalog.db.setup import ensure_catalogue
    from services_catalog.settings import get_settings, use_settings

    texts = term_questions()
    settings = get_settings()
    ensure_catalogue(settings.db_url)
    times: dict[str, list[float]] = defaultdict(list)
    with Stack(model=Path(args.model), ports=Ports.free(), settings=settings) as stack, \
            tempfile.TemporaryDirectory() as scratch:
        os.environ.update(stack.env())
        os.environ.update({"CITYBOT_TRACKER_DIALECT": "sqlite", "CITYBOT_TRACKER_DB": f"{scratch}/tracker.db"})
        use_settings(None)
        stack.wait_for_search()
        from rasa.core.actions.action import RemoteAction
        from rasa.core.agent import load_agent
        from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
        from rasa.core.processor import MessageProcessor
        from rasa.core.utils import AvailableEndpoints

        from bot import rasa_speedups
        from services_catalog.gc_freeze import freeze_loaded_objects

        rasa_speedups.apply()
        for stage in STAGES:
            wrap(MessageProcessor, stage, times, stage.strip("_"))
        wrap(RemoteAction, "run", times, "action server call")
        logging.disable(logging.WARNING)

        async def run() -> None:
            agent = await load_agent(model_path=args.model,
                                     endpoints=AvailableEndpoints.read_endpoints(str(HERE / "bot/endpoints.yml")))
            await agent.parse_message(rasa_speedups.WARM_UP_MESSAGE)
            freeze_loaded_objects()

            async def ask(text: str) -> None:
                sender = f"stages-{uuid.uuid4().hex[:10]}"
                await agent.handle_message(UserMessage(text, CollectingOutputChannel(), sender_id=sender))

            for text in texts[:20]:
                await ask(text)
            times.clear()
            for _ in range(args.rounds):
                for text in texts:
                    started = time.perf_counter()
                    await ask(text)
                    times["handle_message (all)"].append((time.perf_counter() - started) * 1000)

        asyncio.run(run())
    print(f"Model `{Path(args.model).name}`; {len(texts)} dev term questions × {args.rounds} rounds, each a new "
          "conversation.\n\n| stage | calls | p50 ms | p95 ms | mean ms |\n|---|---|---|---|---|")
    for label, values in times.items():
        ordered = sorted(values)
        print(f"| {label} | {len(values)} | {statistics.median(values):.1f} | "
              f"{ordered[int(0.95 * (len(ordered) - 1))]:.1f} | {statistics.mean(values):.1f} |")


if __name__ == "__main__":
    main()
