"""The NLU's own time: `/model/parse` p50/p95 over the dev term questions, for one or more models.

    .venv/bin/python bench/parse_latency.py MODEL [MODEL ...] [--rounds 3]

Each model is served by a stack of this checkout in turn (models given twice, in alternating order,
give a pair on a noisy machine); the first 20 questions warm it up, then every question of
tests/eval/dev_terms.yml is parsed one at a time, `--rounds` times. Prints one line per model and round.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from dev_texts import term_questions

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))
WARM_UP = 20


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * (len(ordered) - 1) + 0.5))]


def parse_ms(client: object, stack: object, text: str) -> float:
    started = time.perf_counter()
    client.post(f"{stack.rasa_url}/model/parse", params={"token": stack.rasa_token}, json={"text": text})
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="+")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    os.environ.setdefault("CITYBOT_EMBED_CACHE", str(HERE / "var" / "embeddings"))
    import httpx

    from bot.stack import Ports, Stack
    from services_catalog.db.setup import ensure_catalogue
    from services_catalog.settings import get_settings

    texts = term_questions()
    settings = get_settings()
    ensure_catalogue(settings.db_url)
    print("| model | round | parse p50 ms | parse p95 ms |\n|---|---|---|---|")
    for model in args.models:
        stack = Stack(model=Path(model), ports=Ports.free(), settings=settings)
        with stack, httpx.Client(timeout=60) as client:
            for text in texts[:WARM_UP]:
                parse_ms(client, stack, text)
            for round_ in range(1, args.rounds + 1):
                times = [parse_ms(client, stack, text) for text in texts]
                print(f"| `{Path(model).name}` | {round_} | {statistics.median(times):.1f} | "
                      f"{percentile(times, 0.95):.1f} |", flush=True)


if __name__ == "__main__":
    main()
