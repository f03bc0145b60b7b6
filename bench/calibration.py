"""Calibrate the intent router's confidences and choose the fallback threshold, on the dev sets.

    .venv/bin/python bench/calibration.py [--write]

1. Trains the router as config.yml configures it (bench/bench_routing.py: same data, no Rasa).
2. Splits the dev cases in two by a hash of their text: A fits the temperature (temperature scaling, Guo et
   al. 2017), B reports the expected calibration error (ECE, 10 bins) before and after.
3. With the temperature applied, the precision/recall curve of the abstain threshold over all dev cases, routed
   as the component routes them (rules first, confidence 1):
   a case is answered when the top confidence reaches the threshold and the top intent is not out_of_scope;
   precision = answered and routed right / answered; recall = answered and routed right / in-scope cases.
   Chosen: the threshold with the best recall among those that send at least 95% of the out-of-scope dev
   questions to the fallback and keep precision at 0.95 or more (precision before recall; F0.5 is printed too,
   but over this flat curve its maximum moves with single cases).
`--write` puts the temperature and the threshold into config.yml. Statements about oneself and geodata questions
are routed by rule (confidence 1), so they are left out. Prints markdown for docs/BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from pathlib import Path

import numpy as np
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bench.bench_routing import dev_cases, training_set  # noqa: E402
from bot.evaluation import Case, expected_intents  # noqa: E402
from bot.nlu.router_data import case_logits, predictions, train  # noqa: E402
from bot.nlu.router_model import expected_calibration_error, fit_temperature, softmax  # noqa: E402

CONFIG = REPO / "config.yml"
THRESHOLDS = [round(t, 2) for t in np.arange(0.10, 0.96, 0.05)]
BETA = 0.5
MIN_OUT_OF_SCOPE = 0.95  # share of out-of-scope dev questions that must reach the fallback
MIN_PRECISION = 0.95


def router_config(path: Path = CONFIG) -> dict:
    pipeline = yaml.safe_load(path.read_text(encoding="utf-8"))["pipeline"]
    return next(c for c in pipeline if c["name"].endswith("IntentRouter"))


def in_split_a(case: Case) -> bool:
    return int(hashlib.sha1(case.text.encode("utf-8")).hexdigest(), 16) % 2 == 0


def true_labels(intents: list[str], logits: np.ndarray, cases: list[Case]) -> np.ndarray:
    """The index of the right intent per case: the predicted one when it is acceptable, else the best-scored
    acceptable one (fallback cases: out_of_scope)."""
    out = []
    for row, case in zip(logits, cases, strict=True):
        ok = [i for i, name in enumerate(intents) if name in expected_intents(case)]
        predicted = int(row.argmax())
        out.append(predicted if predicted in ok else max(ok, key=lambda i: row[i]))
    return np.array(out)


def ece(logits: np.ndarray, labels: np.ndarray, temperature: float) -> float:
    p = softmax(logits, temperature)
    return expected_calibration_error(p.max(axis=1), (p.argmax(axis=1) == labels).astype(float))


def pr_curve(predicted: list[str], conf: np.ndarray, cases: list[Case]) -> list[tuple[float, float, float, float]]:
    """(threshold, precision, recall, share of out-of-scope cases that reach the fallback) per threshold."""
    right = np.array([p in expected_intents(c) for p, c in zip(predicted, cases, strict=True)])
    in_scope = np.array([c.expect["type"] != "fallback" for c in cases])
    rows = []
    for threshold in THRESHOLDS:
        answered = (conf >= threshold) & np.array([p != "out_of_scope" for p in predicted])
        good = answered & right & in_scope
        precision = good.sum() / max(answered.sum(), 1)
        recall = good.sum() / max(in_scope.sum(), 1)
        rows.append((threshold, float(precision), float(recall), float((~answered[~in_scope]).mean())))
    return rows


def f_beta(precision: float, recall: float) -> float:
    return (1 + BETA**2) * precision * recall / max(BETA**2 * precision + recall, 1e-9)


def write_config(temperature: float, threshold: float) -> None:
    text = CONFIG.read_text(encoding="utf-8")
    text = re.sub(r"(IntentRouter\n(?:    .*\n)*?    temperature: )[\d.]+", rf"\g<1>{temperature:.2f}", text)
    text = re.sub(r"(FallbackClassifier\n    threshold: )[\d.]+", rf"\g<1>{threshold:.2f}", text)
    CONFIG.write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--write", action="store_true", help="write the temperature and threshold into config.yml")
    args = parser.parse_args()
    config = router_config()
    options = {"c": config.get("C", 4.0), "dense_weight": config.get("dense_weight", 1.5),
               "balance_power": config.get("balance_power", 0.5)}
    model = train(training_set(), **options)
    cases = dev_cases()
    logits, ruled = case_logits(model, cases)
    keep = np.array([rule is None for rule in ruled])
    cases = [c for c, k in zip(cases, keep, strict=True) if k]
    logits = logits[keep]
    labels = true_labels(model.intents, logits, cases)
    split = np.array([in_split_a(c) for c in cases])
    temperature = fit_temperature(logits[split], labels[split])
    print(f"## Calibration\n\nCommand: `.venv/bin/python bench/calibration.py` (router {options}); "
          f"{len(cases)} dev cases routed by the model (not by rule), split A {split.sum()} / B {(~split).sum()}.\n")
    print("| | temperature | ECE split A (fit) | ECE split B (held apart) |\n|---|---|---|---|")
    print(f"| before | 1.00 | {ece(logits[split], labels[split], 1.0):.3f} | "
          f"{ece(logits[~split], labels[~split], 1.0):.3f} |")
    print(f"| after | {temperature:.2f} | {ece(logits[split], labels[split], temperature):.3f} | "
          f"{ece(logits[~split], labels[~split], temperature):.3f} |")
    model.temperature = temperature
    every = dev_cases()
    intents, confidence = predictions(model, every)
    rows = pr_curve(intents, confidence, every)
    eligible = [r for r in rows if r[3] >= MIN_OUT_OF_SCOPE and r[1] >= MIN_PRECISION] or rows
    best = max(eligible, key=lambda r: (r[2], -r[0]))
    print(f"\nAbstain threshold on all {len(every)} dev cases (temperature applied, rules included):\n")
    print("| threshold | precision | recall | F0.5 | out-of-scope to fallback |\n|---|---|---|---|---|")
    for threshold, precision, recall, oos in rows:
        mark = " **chosen**" if threshold == best[0] else ""
        print(f"| {threshold:.2f}{mark} | {precision:.3f} | {recall:.3f} | {f_beta(precision, recall):.3f} | "
              f"{oos:.1%} |")
    if args.write:
        write_config(temperature, best[0])
        print(f"\nconfig.yml: temperature {temperature:.2f}, FallbackClassifier threshold {best[0]:.2f}")


if __name__ == "__main__":
    main()
