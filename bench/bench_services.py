"""Service retrieval and catalogue API benchmark; prints a markdown section for docs/BENCHMARKS.md.

    .venv/bin/python bench/bench_services.py [--requests 200] [--systems ...] [--no-heldout]

- hit@5 and MRR per language for every retrieval system of services_catalog/search/index.py (BM25 over stems,
  lemmas or character n-grams, the e5 dense embedding, e5's sparse head, and fusions of them), on the dev sets
  (tests/eval/dev_services.yml and bench/holdout_services.yml, both tuned on) and, side by side, on the held-out
  set tests/eval/heldout/services.yml (measured only: choose the system on the dev columns);
- the query is built as the bot builds it: facts about the user said in earlier turns or in the same message
  set the municipality filter and add the groups' words (services_catalog/answers/profile.py);
- latency p50/p95 of GET /services on a real uvicorn process over the bundled catalogue.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import httpx
import yaml

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from bot.evaluation import Case, load_cases  # noqa: E402
from bot.stack import free_port, wait_for_search  # noqa: E402
from services_catalog.answers.profile import Profile  # noqa: E402
from services_catalog.db import make_engine, session_factory  # noqa: E402
from services_catalog.db.migrate import upgrade  # noqa: E402
from services_catalog.loaders.importer import import_bundled  # noqa: E402
from services_catalog.search.documents import load_documents  # noqa: E402
from services_catalog.search.embed import default_embedder  # noqa: E402
from services_catalog.search.index import SHIPPED, SYSTEMS, Filters, ServiceIndex  # noqa: E402
from services_catalog.statements import municipality_named, read_statements, rest_of  # noqa: E402

DEV = [REPO / "tests/eval/dev_services.yml", REPO / "bench/holdout_services.yml"]
HELDOUT = [REPO / "tests/eval/heldout/services.yml"]
# dev sets too, written from the service tables alone
BLIND = [REPO / "tests/eval/dev_services_blind.yml", REPO / "tests/eval/dev_services_blind3.yml",
         REPO / "tests/eval/dev_services_blind4.yml", REPO / "tests/eval/dev_services_blind5.yml",
         REPO / "tests/eval/dev_services_blind6.yml"]
DEFAULT_CITY = "Turku"
K = 5
LANGS = ("all", "fi", "sv", "en")


@dataclass
class Query:
    text: str
    lang: str
    municipality: str
    ids: set[str]


def bot_query(case: Case, municipality: str | None = None) -> Query:
    """The query and municipality the bot would search with after the case's earlier turns."""
    profile = Profile(municipality)
    for turn in [*case.before, case.text]:
        profile = profile.updated(read_statements(turn))
    said = read_statements(case.text)
    found = municipality_named(profile.municipality or DEFAULT_CITY)
    return Query(profile.query(rest_of(case.text, said) or case.text), case.lang or "fi", found.code,
                 {str(i) for i in case.expect.get("ids", [])})


def queries(paths: list[Path]) -> list[Query]:
    out = []
    for path in paths:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case, item in zip(load_cases(path), raw, strict=True):
            # an older dev case names its municipality in a `municipality` key (a filter the bot cannot be sent)
            out.append(bot_query(case, item.get("municipality")))
    return out


def score(index: ServiceIndex, cases: list[Query], system: str) -> dict[str, tuple[float, float, int]]:
    """hit@5, MRR and count per language."""
    hits: dict[str, int] = defaultdict(int)
    rr: dict[str, float] = defaultdict(float)
    count: dict[str, int] = defaultdict(int)
    for q in cases:
        ranked = [h.doc.id for h in index.search(q.text, q.lang, Filters(frozenset({q.municipality})), mode=system)]
        rank = next((r for r, sid in enumerate(ranked, start=1) if sid in q.ids), None)
        for key in ("all", q.lang):
            count[key] += 1
            if rank is not None:
                rr[key] += 1 / rank
                hits[key] += rank <= K
    return {k: (hits[k] / count[k], rr[k] / count[k], count[k]) for k in count}


def retrieval_table(index: ServiceIndex, systems: list[str], heldout: bool, blind: bool = False) -> list[str]:
    sets = {"dev": queries(DEV)}
    if blind:
        sets["dev blind"] = queries(BLIND)
    if heldout:
        sets["held-out"] = queries(HELDOUT)
    counts = "; ".join(f"{name}: {len(qs)} queries (" + ", ".join(
        f"{lang} {sum(q.lang == lang for q in qs)}" for lang in LANGS[1:]) + ")" for name, qs in sets.items())
    header = "| system | " + " | ".join(f"{s} {lang}" for s in sets for lang in LANGS) + " |"
    lines = [f"\nhit@5 (MRR in brackets); {counts}\n", header, "|---" * (1 + len(sets) * len(LANGS)) + "|"]
    for system in systems:
        cells = []
        for qs in sets.values():
            result = score(index, qs, system)
            cells += [f"{100 * result[lang][0]:.1f}% ({result[lang][1]:.2f})" if lang in result else "-"
                      for lang in LANGS]
        mark = " (shipped)" if system == SHIPPED else ""
        lines.append(f"| {system}{mark} | " + " | ".join(cells) + " |")
        print(lines[-1], flush=True)
    return lines


def api_latency(db_url: str, requests: int) -> list[str]:
    port = free_port()
    env = {**os.environ, "CITYBOT_DB_URL": db_url}
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "services_catalog.api.app:app", "--host", "127.0.0.1",
                             "--port", str(port), "--log-level", "warning"], env=env, cwd=REPO)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_for_search(base, 600, alive=lambda: proc.poll() is None)
        health = httpx.get(f"{base}/health", timeout=5).json()
        texts = [(q.text, q.lang) for q in queries(DEV)]
        times = []
        with httpx.Client(timeout=30) as client:
            for n in range(requests):
                text, lang = texts[n % len(texts)]
                start = time.perf_counter()
                response = client.get(f"{base}/services", params={"q": text, "lang": lang})
                times.append((time.perf_counter() - start) * 1000)
                response.raise_for_status()
        times.sort()
        p50, p95 = statistics.median(times), times[int(0.95 * (len(times) - 1))]
        return [f"\nAPI latency, GET /services over {health['services']} services ({SHIPPED}, "
                f"{requests} sequential requests, one uvicorn worker): p50 {p50:.0f} ms, p95 {p95:.0f} ms"]
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--requests", type=int, default=200, help="API requests for the latency figure (0: none)")
    ap.add_argument("--systems", nargs="+", default=list(SYSTEMS), choices=list(SYSTEMS))
    ap.add_argument("--no-heldout", action="store_true", help="dev sets only (while choosing a system)")
    ap.add_argument("--blind", action="store_true", help="also the blind dev sets (tests/eval/dev_services_blind*.yml)")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db_url = f"sqlite:///{Path(tmp) / 'bench.db'}"
        upgrade(db_url)
        engine = make_engine(db_url)
        with session_factory(engine)() as s:
            import_bundled(s)
            docs = load_documents(s)
        engine.dispose()
        index = ServiceIndex(docs, default_embedder())
        index.warm_up(("dense", "lemma", "char", *(["sparse"] if any("sparse" in SYSTEMS[s].rankers
                                                                   for s in args.systems) else [])))
        lines = ["Command: `.venv/bin/python bench/bench_services.py`"]
        lines += retrieval_table(index, args.systems, not args.no_heldout, args.blind)
        if args.requests:
            lines += api_latency(db_url, args.requests)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
