"""How long a full garbage collection takes in each server, with what it loads, before and after freezing it.

    .venv/bin/python bench/gc_pauses.py [--model FILE] [--repeat 5]

Each server is reproduced in a process of its own, loading what the real one loads at start-up:
the catalogue API its embedded search index, the action server its preloads (bot/action_server.py),
Rasa the model (with one message parsed, as bot/rasa_speedups.py does). It then times `gc.collect()`,
the full collection CPython runs every few seconds under load inside whichever reply is being
computed, `--repeat` times, then freezes the loaded objects (services_catalog/gc_freeze.py) and
times it again. Prints a Markdown table: median ms before and after, and the objects frozen.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))
SERVERS = ("catalogue API", "action server", "Rasa")


def _load(server: str, model: str | None) -> None:
    if server == "catalogue API":
        from services_catalog.catalogue import Catalogue
        from services_catalog.db.setup import ensure_catalogue
        from services_catalog.settings import get_settings

        ensure_catalogue(get_settings().db_url)
        catalogue = Catalogue(get_settings().db_url)
        if not catalogue.wait_until_ready(timeout=900):
            raise SystemExit("the catalogue was not embedded in time")
        globals()["_kept"] = catalogue
    elif server == "action server":
        import actions  # noqa: F401 - the action classes rasa_sdk imports
        from bot.action_server import preload

        preload(freeze=False)
    else:
        import asyncio

        from rasa.core.agent import load_agent

        from bot import rasa_speedups

        rasa_speedups.apply()

        async def loaded() -> object:
            agent = await load_agent(model_path=model)
            await agent.parse_message(rasa_speedups.WARM_UP_MESSAGE)
            return agent

        globals()["_kept"] = asyncio.run(loaded())


def _collect_ms(repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        gc.collect()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def measure(server: str, model: str | None, repeat: int) -> dict[str, float]:
    """In this process: load what `server` loads, then time full collections before and after the freeze."""
    from services_catalog.gc_freeze import freeze_loaded_objects

    gc.unfreeze()
    _load(server, model)
    before = _collect_ms(repeat)
    freeze_loaded_objects()
    frozen = gc.get_freeze_count()
    # objects made per message after the freeze are what later collections walk; make a few thousand
    _kept_after = [{"turn": i, "text": f"viesti {i}"} for i in range(5000)]
    after = _collect_ms(repeat)
    del _kept_after
    return {"before_ms": before, "after_ms": after, "frozen": frozen}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", help="Rasa model (default: the latest in models/)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--one", choices=SERVERS, help=argparse.SUPPRESS)  # the child process's own server
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one, args.model, args.repeat)))
        return
    from bot.training import latest_model

    model = args.model or str(latest_model(HERE / "models") or "")
    if not model:
        sys.exit("no model: train one or pass --model")
    print(f"Model `{Path(model).name}`; median of {args.repeat} full collections.\n")
    print("| server | full collection before, ms | after the freeze, ms | objects frozen |\n|---|---|---|---|")
    for server in SERVERS:
        out = subprocess.run([sys.executable, __file__, "--one", server, "--model", model, "--repeat",
                              str(args.repeat)], capture_output=True, text=True, env=os.environ, check=False)
        if out.returncode != 0:
            print(f"| {server} | failed: {out.stderr.strip().splitlines()[-1:]} | | |")
            continue
        result = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"| {server} | {result['before_ms']:.1f} | {result['after_ms']:.2f} | {result['frozen']:,} |")


if __name__ == "__main__":
    main()
