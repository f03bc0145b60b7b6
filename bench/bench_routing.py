"""Routing without Rasa: train the intent router (bot/nlu/router_model.py) on the generated training data and
score which capability it picks for every dev case. Seconds per variant, so that features can be compared.

    .venv/bin/python bench/bench_routing.py [--variants full no-dense c4 ...] [--misses]

Prints, per variant, routing accuracy per dev file and per language. Only dev files are read (tests/eval/dev_*.yml
and bench/holdout_services.yml); the held-out set is measured through the bot (bench/eval_bot.py).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.evaluation import Case, expected_intents, load_cases  # noqa: E402
from bot.nlu import router_data  # noqa: E402
from bot.nlu.router_data import TrainingSet, predictions, train  # noqa: E402
from bot.nlu.router_model import RouterModel  # noqa: E402

DEV_FILES = sorted((REPO / "tests" / "eval").glob("dev_*.yml")) + [REPO / "bench" / "holdout_services.yml"]
WORKSPACE = REPO / "var" / "bench" / "routing-workspace"
VARIANTS = {  # the router's defaults are the shipped config.yml values (C 16, dense 1.5, balance 0.5)
    "full": {},
    "no-dense": {"dense_weight": 0.0},
    "dense0.75": {"dense_weight": 0.75},
    "dense3": {"dense_weight": 3.0},
    "no-balance": {"balance_power": 0.0},
    "full-balance": {"balance_power": 1.0},
    "c1": {"c": 1.0},
    "c4": {"c": 4.0},
    "c64": {"c": 64.0},
}


def training_set(workspace: Path = WORKSPACE) -> TrainingSet:
    return router_data.training_set(workspace)


def dev_cases(files: list[Path] = DEV_FILES) -> list[Case]:
    return [case for path in files for case in load_cases(path)]


def report(name: str, model: RouterModel, cases: list[Case]) -> list[str]:
    intents, _ = predictions(model, cases)
    right: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for case, intent in zip(cases, intents, strict=True):
        ok = intent in expected_intents(case)
        for key in (case.group, f"lang {case.lang or '-'}", "all"):
            right[key][0] += ok
            right[key][1] += 1
        if not ok:
            misses.append(f"    [{case.group}] {case.text!r} -> {intent}")
    lines = [f"{name}: " + ", ".join(f"{k} {r[0]}/{r[1]} = {r[0] / r[1]:.1%}" for k, r in sorted(right.items()))]
    return lines + misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--variants", nargs="+", default=["full"], choices=sorted(VARIANTS))
    parser.add_argument("--misses", action="store_true", help="list the misrouted dev cases")
    args = parser.parse_args()
    data = training_set()
    cases = dev_cases()
    counts = {label: data.labels.count(label) for label in sorted(set(data.labels))}
    print("training examples per intent:", counts)
    for name in args.variants:
        started = time.perf_counter()
        model = train(data, **VARIANTS[name])
        lines = report(f"{name} (trained in {time.perf_counter() - started:.1f} s)", model, cases)
        print("\n".join(lines if args.misses else lines[:1]), flush=True)


if __name__ == "__main__":
    main()
