"""The maintainers' loop, timed step by step on the bundled data; prints a markdown section for docs/BENCHMARKS.md.

    .venv/bin/python bench/bench_loop.py [--work DIR] [--skip-full]

1. **baseline**: a full `rasa train` of the whole pipeline (what `citybot retrain` did before: the 4 min figure);
2. the loop with the real servers (API, action server, Rasa on that model): a question the bot answers wrongly
   -> it is in the inbox -> a label -> `citybot retrain` (the gate included) -> the same Rasa process answers it
   right. Each step's time, the answers' latency while the retrain runs, and the peak RSS of the retrain;
3. each lever alone: the same label retrained with `--full` (Rasa's `--finetune`, 25 % of the epochs) and with
   `--full --no-finetune` (from scratch), so that what each saves is measured in the same session.

Everything runs in a work directory (default: a new temporary one); the repository is not touched.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.retrain import prepare_for_retrain  # noqa: E402
from bot.stack import Ports, Stack  # noqa: E402
from bot.training import CONFIG, train  # noqa: E402
from services_catalog.db.session import make_engine, session_factory  # noqa: E402
from services_catalog.db.setup import ensure_catalogue  # noqa: E402
from services_catalog.querylog import inbox  # noqa: E402
from services_catalog.settings import Settings  # noqa: E402

CANDIDATES = [("tarviin fyrkkaa opiskeluun", "opintotuki"), ("paperit hukas mist saan uuden ajoluvan", "ajokortti"),
              ("mihin ilmotan et vaihdan kämppää", "muuttoilmoitus"),
              ("kirjojen lainaamiseen tarvittava kortti", "kirjastokortti")]


def card(messages: list[dict]) -> dict[str, Any]:
    return next((m["custom"] for m in messages if isinstance(m.get("custom"), dict)), {})


def citybot(stack: Stack, *args: str) -> tuple[int, float]:
    """A maintainer's command with the stack's environment (its servers' addresses and Rasa token)."""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "bot.cli", *args], env=stack.env(), cwd=REPO, timeout=7200,
                          stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return done.returncode, time.monotonic() - started


def progress(settings: Settings) -> tuple[list[dict], dict]:
    events = [json.loads(line) for line in
              (settings.var_dir / "retrain" / "progress.jsonl").read_text(encoding="utf-8").splitlines()]
    steps: dict[str, dict] = {}
    for event in events:
        if "step" in event:
            steps[event["step"]] = event
    return list(steps.values()), next(e["result"] for e in reversed(events) if "result" in e)


class Asker(threading.Thread):
    def __init__(self, stack: Stack) -> None:
        super().__init__(daemon=True)
        self.stack, self.stop, self.latencies, self.failures = stack, threading.Event(), [], 0

    def run(self) -> None:
        while not self.stop.is_set():
            started = time.monotonic()
            try:
                assert card(self.stack.ask("mikä se kela on", f"bench-{uuid.uuid4().hex[:8]}")).get("id") == "kela"
                self.latencies.append(time.monotonic() - started)
            except Exception:  # noqa: BLE001 - counted
                self.failures += 1
            time.sleep(0.5)


def timed_retrain(stack: Stack, settings: Settings, *args: str) -> dict[str, Any]:
    asker = Asker(stack)
    asker.start()
    code, seconds = citybot(stack, "retrain", *args)
    asker.stop.set()
    asker.join()
    steps, result = progress(settings)
    return {"code": code, "seconds": seconds, "steps": steps, "result": result, "latencies": asker.latencies,
            "failures": asker.failures}


def fmt(seconds: float) -> str:
    return f"{int(seconds // 60)} min {seconds % 60:04.1f} s" if seconds >= 60 else f"{seconds:.1f} s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--work", type=Path, help="work directory (default: a new temporary one)")
    parser.add_argument("--skip-full", action="store_true", help="skip the from-scratch lever (saves ~one training)")
    parser.add_argument("--skip-levers", action="store_true", help="only the loop: no `--full` retrains")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="citybot-bench-loop-"))
    models, workspace, var = work / "models", work / "workspace", work / "var"
    dev = ",".join(str(REPO / "tests" / "eval" / name) for name in ("dev_terms.yml", "dev_programme.yml",
                                                                    "dev_services.yml"))
    settings = Settings.parse_obj({"var_dir": var, "models_dir": models, "retrain_workspace": workspace,
                                   "retrain_dev_sets": dev, "query_log_flush_seconds": 0.1,
                                   "rasa_token": uuid.uuid4().hex})
    out: list[str] = []

    # 1. Baseline: the whole pipeline from scratch, as `citybot retrain` did before this work.
    started = time.monotonic()
    base = train(out_dir=models, workspace=workspace, force=True, timeout=7200)
    baseline = time.monotonic() - started
    train_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024
    # What `citybot train` does after a whole training, before the model serves: outside the loop.
    started = time.monotonic()
    prepare_for_retrain(base, settings, workspace, CONFIG)
    prepared = time.monotonic() - started

    ensure_catalogue(settings.db_url)
    with Stack(model=base, ports=Ports.free(), settings=settings) as stack:
        question, term = next((q, t) for q, t in CANDIDATES
                              if card(stack.ask(q, f"bench-{uuid.uuid4().hex[:8]}")).get("id") != t)
        asked_at = time.monotonic()
        stack.ask(question, f"bench-{uuid.uuid4().hex[:8]}")
        engine = make_engine(settings.db_url)
        with session_factory(engine)() as session:
            while question not in {q.text for q in inbox.questions(session, None, 1.01)}:
                time.sleep(0.05)
        in_inbox = time.monotonic() - asked_at
        labelled_file = work / "label.csv"
        labelled_file.write_text(f"text,lang,label\n{question},fi,term:{term}\n", encoding="utf-8")
        label_code, label_seconds = citybot(stack, "logs", "label", str(labelled_file))
        quick = timed_retrain(stack, settings)
        answered = card(stack.ask(question, f"bench-{uuid.uuid4().hex[:8]}"))
        loop_seconds = time.monotonic() - asked_at
        status = Path(f"/proc/{stack.processes['rasa'].pid}/status").read_text()
        rss_during = int(status.split("VmHWM:")[1].split()[0]) // 1024  # the serving process's peak so far
        finetuned = None if args.skip_levers else timed_retrain(stack, settings, "--full")
        scratch = None if args.skip_full or args.skip_levers else timed_retrain(stack, settings, "--full",
                                                                                  "--no-finetune")

    out.append("## Learning loop\n")
    out.append(f"`.venv/bin/python bench/bench_loop.py` ({time.strftime('%Y-%m-%d %H:%M')}, 2 cores, bundled "
               f"data; load average at the end {os.getloadavg()[0]:.1f}: other jobs shared the machine when it is "
               "above 2).\n")
    out.append(f"Before the loop, after the baseline training: `citybot train`'s preparation for quick retrains "
               f"(inputs recorded, term phrasings and gate questions lemmatised) {fmt(prepared)}.\n")
    out.append("| step | time |\n|---|---|")
    out.append(f"| question asked -> in the inbox (query-log row written by the Rasa server) | {fmt(in_inbox)} |")
    out.append(f"| `citybot logs label` (exit {label_code}) | {fmt(label_seconds)} |")
    for step in quick["steps"]:
        out.append(f"| retrain: {step['title']} ({step['state']}: {step.get('detail', '')[:70]}) | "
                   f"{fmt(step['seconds'])} |")
    out.append(f"| `citybot retrain` in all (exit {quick['code']}, {quick['result'].get('training')}) | "
               f"{fmt(quick['seconds'])} |")
    out.append(f"| **the loop: question asked -> answered right by the same Rasa process** "
               f"(answer: {answered.get('type')} {answered.get('id')}, wanted term {term}) | **{fmt(loop_seconds)}** |")
    out.append("")
    out.append("| retrain of the same label | time | ratio to the baseline |\n|---|---|---|")
    out.append(f"| baseline: full `rasa train`, whole pipeline from scratch | {fmt(baseline)} | 1.00 |")
    for name, run in (("`citybot retrain`: term selector only", quick),
                      ("`citybot retrain --full`: Rasa `--finetune`, 25 % of the epochs", finetuned),
                      ("`citybot retrain --full --no-finetune`: from scratch, with the gate", scratch)):
        if run is not None:
            out.append(f"| {name} ({run['result'].get('training')}, exit {run['code']}) | {fmt(run['seconds'])} | "
                       f"{run['seconds'] / baseline:.2f} |")
    out.append("")
    runs = [run for run in (quick, finetuned, scratch) if run is not None]
    lat = [seconds for run in runs for seconds in run["latencies"]]
    fails = sum(run["failures"] for run in runs)
    out.append(f"Answers while retraining: {len(lat)} questions, {fails} failed; latency median "
               f"{statistics.median(lat):.2f} s, max {max(lat):.2f} s (the max includes the model switch).")
    peak = [run["result"].get("peak_rss_mb", {}) for run in runs]
    out.append(f"Peak RSS: baseline `rasa train` {train_rss} MB; retrain process (scoring two models in-process) "
               f"{max(p.get('retrain_process', 0) for p in peak)} MB; its `rasa train` child "
               f"{max(p.get('training_process', 0) for p in peak)} MB; the serving Rasa server's peak {rss_during} MB "
               "(it holds two models for a moment while it switches).")
    print("\n".join(out))


if __name__ == "__main__":
    main()
