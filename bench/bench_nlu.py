"""Compare NLU pipelines on the same training data: training time, load time, parse latency, dev accuracy.

    .venv/bin/python bench/bench_nlu.py [--configs config.yml bench/configs/rasa_default.yml]
                                        [--dev tests/eval/dev_terms.yml] [--epochs N]

Accuracy here is the NLU alone (no actions): a term case is right when the
response selector picks `term/<id>`; an out-of-scope case is right when the
intent is nlu_fallback or out_of_scope. Prints a markdown table.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import generate  # noqa: E402
from bot.evaluation import Case, load_cases  # noqa: E402
from bot.training import config_with_epochs  # noqa: E402
from services_catalog.settings import REPO_ROOT, get_settings  # noqa: E402

DOMAIN = REPO_ROOT / "bot" / "domain"
NLU_DATA = REPO_ROOT / "nlu_data"
VAR_DIR = get_settings().var_dir

FALLBACK_INTENTS = {"nlu_fallback", "out_of_scope"}


def train_nlu(config: Path, out: Path) -> tuple[Path, float]:
    shutil.rmtree(out, ignore_errors=True)  # an empty output directory forces a full training
    out.mkdir(parents=True)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(config), "--domain", str(DOMAIN),
         "--nlu", str(NLU_DATA), "--out", str(out)],
        cwd=REPO_ROOT, check=True, stdout=subprocess.DEVNULL,
    )
    elapsed = time.perf_counter() - started
    return max(out.glob("*.tar.gz"), key=lambda p: p.stat().st_mtime), elapsed


def predicted_term(parse: dict) -> str | None:
    selectors = parse.get("response_selector") or {}
    for key in ("term", "default"):
        response = (selectors.get(key) or {}).get("response") or {}
        irk = response.get("intent_response_key") or ""
        if irk.startswith("term/"):
            return irk.split("/", 1)[1]
    return None


def correct(case: Case, parse: dict) -> bool:
    intent = (parse.get("intent") or {}).get("name")
    if case.expect["type"] == "fallback":
        return intent in FALLBACK_INTENTS
    return intent == "term" and predicted_term(parse) == case.expect.get("id")


async def measure(model: Path, cases: list[Case]) -> dict[str, float]:
    from rasa.core.agent import Agent

    started = time.perf_counter()
    agent = Agent.load(str(model))
    load_seconds = time.perf_counter() - started
    await agent.parse_message("lämmittely")  # first parse builds TF graphs; not a user-facing latency
    latencies, right = [], {"term": [0, 0], "fallback": [0, 0]}
    for case in cases:
        t0 = time.perf_counter()
        parse = await agent.parse_message(case.text)
        latencies.append((time.perf_counter() - t0) * 1000)
        bucket = right.setdefault(case.expect["type"], [0, 0])
        bucket[0] += correct(case, parse)
        bucket[1] += 1
    latencies.sort()
    return {
        "load_s": load_seconds,
        "p50_ms": statistics.median(latencies),
        "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
        "term_acc": right["term"][0] / max(right["term"][1], 1),
        "oos_acc": right["fallback"][0] / max(right["fallback"][1], 1),
        "n_term": right["term"][1],
        "n_oos": right["fallback"][1],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--configs", nargs="+",
        default=["config.yml", "bench/configs/citybot_response_selector.yml", "bench/configs/rasa_default.yml"],
    )
    parser.add_argument("--dev", default="tests/eval/dev_terms.yml")
    parser.add_argument("--epochs", type=int, help="override epochs in every config")
    args = parser.parse_args()

    generate.write_all()
    cases = [c for c in load_cases(REPO_ROOT / args.dev) if c.expect["type"] in ("term", "fallback")]
    print("| pipeline | train s | load s | parse p50 ms | parse p95 ms | term top-1 | out-of-scope → fallback |")
    print("|---|---|---|---|---|---|---|")
    for config_name in args.configs:
        config = REPO_ROOT / config_name
        if args.epochs:
            config = config_with_epochs(args.epochs, config)
        model, train_seconds = train_nlu(config, VAR_DIR / "bench" / Path(config_name).stem)
        m = asyncio.run(measure(model, cases))
        print(f"| {config_name} | {train_seconds:.0f} | {m['load_s']:.1f} | {m['p50_ms']:.1f} | {m['p95_ms']:.1f} "
              f"| {m['term_acc']:.1%} ({m['n_term']}) | {m['oos_acc']:.1%} ({m['n_oos']}) |", flush=True)


if __name__ == "__main__":
    main()
