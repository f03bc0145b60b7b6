"""In-process time of four parts of a term turn, over the dev sets' term questions and service needs.

    .venv/bin/python bench/turn_parts.py --model FILE [--root DIR] [--rounds 3]

- `geo parse`: reading a message as a geodata question (the intent router's first rule);
- `term selector`: which term a question is about (n-gram features and the linear model's probabilities);
- `intent router`: the router's linear model (its features and probabilities, from a given e5 vector);
- `catalogue search`: one page of services for the message, with its e5 vector handed on, as the API searches.

`--root` imports another checkout's code (an export of an earlier commit, for a baseline in the same session);
its models are the ones of `--model` either way. No server runs: these are the parts alone, on one thread.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tarfile
import tempfile
import time
from pathlib import Path

from dev_texts import term_questions
from dev_texts import texts as dev_texts

HERE = Path(__file__).resolve().parents[1]


def timed(function, items: list, rounds: int) -> list[float]:  # noqa: ANN001 - any one-argument callable
    for item in items[:20]:
        function(item)
    times = []
    for _ in range(rounds):
        for item in items:
            started = time.perf_counter()
            function(item)
            times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True)
    parser.add_argument("--root", default=str(HERE))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    root = Path(args.root).resolve()
    sys.path.insert(0, str(root))
    os.environ.setdefault("CITYBOT_EMBED_CACHE", str(HERE / "var" / "embeddings"))
    import joblib
    import numpy as np

    from services_catalog.catalogue import Catalogue
    from services_catalog.db.setup import ensure_catalogue
    from services_catalog.geo.service import get_service
    from services_catalog.settings import get_settings

    texts = term_questions() + dev_texts("dev_services", "service_list")
    with tempfile.TemporaryDirectory() as unpacked:
        with tarfile.open(args.model) as archive:
            archive.extractall(unpacked, members=[m for m in archive.getmembers() if m.name.endswith(".joblib")])
        found = {p.name: p for p in Path(unpacked).rglob("*.joblib")}
        selector = joblib.load(found["term_selector.joblib"])
        router = joblib.load(found["intent_router.joblib"])
    settings = get_settings()
    ensure_catalogue(settings.db_url)
    catalogue = Catalogue(settings.db_url)
    catalogue.wait_until_ready(900)
    vectors = {t: np.asarray(catalogue.embedder.query(t), dtype=np.float32) for t in texts}
    anywhere = catalogue.filters(None, None, None)
    geo = get_service()
    parts = {
        "geo parse": lambda t: geo.parse(t),
        "term selector": lambda t: selector.rank(t.lower(), t.lower(), 5),
        "intent router": lambda t: router.ranking(t, vectors[t]),
        "catalogue search": lambda t: catalogue.search(t, "fi", anywhere, 5, 0, vectors[t]),
    }
    print(f"Code: `{root}`; model `{Path(args.model).name}`; {len(texts)} texts, {args.rounds} rounds, one thread.\n")
    print("| part | p50 ms | p95 ms | mean ms |\n|---|---|---|---|")
    for name, function in parts.items():
        times = sorted(timed(function, texts, args.rounds))
        print(f"| {name} | {statistics.median(times):.2f} | {times[int(0.95 * (len(times) - 1))]:.2f} | "
              f"{statistics.mean(times):.2f} |")
    if (root / "bot" / "nlu" / "linear.py").exists():  # the checkout scores without scikit-learn's weight copy
        from bot.nlu.linear import class_probabilities, decision_scores

        differences = [float(np.abs(class_probabilities(selector.classifier, features)
                                    - selector.classifier.predict_proba(features)).max())
                       for t in texts for features in [selector._features([t.lower()], [t.lower()])]]
        differences += [float(np.abs(decision_scores(router.classifier, features)
                                     - router.classifier.decision_function(features)).max())
                        for t in texts for features in [router._features([t], vectors[t].reshape(1, -1))]]
        print(f"\nLargest difference from scikit-learn's own scores and probabilities: {max(differences)}.")
    matches = [catalogue.search(t, "fi", anywhere, 5, 0, vectors[t]).total for t in texts]
    print(f"\nServices matching a text (of {len(catalogue.index().docs)}): mean {statistics.mean(matches):.0f}, "
          f"median {statistics.median(matches):.0f}.")


if __name__ == "__main__":
    main()
