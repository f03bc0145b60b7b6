"""Service retrieval and catalogue API benchmark; prints a markdown section for docs/BENCHMARKS.md.

    .venv/bin/python bench/bench_services.py [--requests 200]

- hit@5 and MRR on tests/eval/dev_services.yml (used to tune the lexicon and weights) and on
  bench/holdout_services.yml (written afterwards, never tuned on), for: plain BM25 (the baseline),
  BM25 with the lexicon and compound matching, the multilingual embedding alone, and the hybrid
  the API uses;
- latency p50/p95 of GET /services on a real uvicorn process over the bundled 1,801-service catalogue.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.stack import free_port  # noqa: E402
from services_catalog.db import make_engine, session_factory  # noqa: E402
from services_catalog.db.migrate import upgrade  # noqa: E402
from services_catalog.loaders.importer import import_bundled  # noqa: E402
from services_catalog.search.documents import load_documents  # noqa: E402
from services_catalog.search.embed import default_embedder  # noqa: E402
from services_catalog.search.evaluate import EvalResult, evaluate, load_cases  # noqa: E402
from services_catalog.search.index import ServiceIndex  # noqa: E402

SETS = {"dev": REPO / "tests/eval/dev_services.yml", "held-out": REPO / "bench/holdout_services.yml"}
SYSTEMS = [
    ("BM25 (baseline)", {"mode": "bm25", "expansion": False}),
    ("BM25 + lexicon + compounds", {"mode": "bm25"}),
    ("e5-small embedding", {"mode": "embed"}),
    ("hybrid (chosen)", {"mode": "hybrid"}),
]
MUNICIPALITIES = {"Oulu": "564", "Turku": "853"}


def _row(name: str, r: EvalResult) -> str:
    cells = [f"{100 * r.hit_rate(lang):.1f}% / {r.mrr(lang):.3f}" for lang in ("all", "fi", "sv", "en")]
    return f"| {name} | " + " | ".join(cells) + " |"


def retrieval_tables(db_url: str) -> list[str]:
    engine = make_engine(db_url)
    with session_factory(engine)() as s:
        docs = load_documents(s)
    engine.dispose()
    index = ServiceIndex(docs, default_embedder())
    index.warm_up()
    out = []
    for set_name, path in SETS.items():
        cases = load_cases(path)
        counts = {lang: sum(c.lang == lang for c in cases) for lang in ("fi", "sv", "en")}
        out += [f"\n{set_name} set `{path.relative_to(REPO)}`: {len(cases)} queries "
                f"(fi {counts['fi']}, sv {counts['sv']}, en {counts['en']}); cell = hit@5 / MRR\n",
                "| retrieval | all | fi | sv | en |", "|---|---|---|---|---|"]
        out += [_row(name, evaluate(index, cases, MUNICIPALITIES, "853", **kwargs)) for name, kwargs in SYSTEMS]
    return out


def api_latency(db_url: str, requests: int) -> list[str]:
    port = free_port()
    env = {**os.environ, "CITYBOT_DB_URL": db_url}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "services_catalog.api.app:app", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], env=env, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + 300
        while True:
            try:
                health = httpx.get(f"{base}/health", timeout=2).json()
                if health.get("retrieval") == "hybrid":
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.time() > deadline:
                raise RuntimeError("catalogue API did not get ready")
            time.sleep(1)
        queries = [c for path in SETS.values() for c in load_cases(path)]
        times = []
        with httpx.Client(timeout=30) as client:
            for n in range(requests):
                case = queries[n % len(queries)]
                start = time.perf_counter()
                response = client.get(f"{base}/services", params={"q": case.text, "lang": case.lang})
                times.append((time.perf_counter() - start) * 1000)
                response.raise_for_status()
        times.sort()
        p50, p95 = statistics.median(times), times[int(0.95 * (len(times) - 1))]
        return [f"\nAPI latency, GET /services over {health['services']} services (hybrid retrieval, "
                f"{requests} sequential requests, one uvicorn worker): p50 {p50:.0f} ms, p95 {p95:.0f} ms"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(db_url)
        engine = make_engine(db_url)
        with session_factory(engine)() as s:
            import_bundled(s)
        engine.dispose()
        lines = ["## Services", "", "Command: `.venv/bin/python bench/bench_services.py`"]
        lines += retrieval_tables(db_url)
        lines += api_latency(db_url, args.requests)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
