"""Geodata benchmark: latency per question on the WFS and file backends, and whole-division counts.

Starts a real MapServer 8 WFS (CGI under a loopback HTTP server) serving the bundled data, so
the WFS figures include HTTP, CGI start-up and server-side filtering, as in production.
Usage: .venv/bin/python -m bench.bench_geo [--repeat 3]   (prints markdown)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from services_catalog.geo.config import load_config
from services_catalog.geo.filebackend import PointLayer
from services_catalog.geo.service import GeoService, blocking
from tests.mapserver.configs import write_config
from tests.mapserver.mapfile import start_wfs, write_mapfile

QUESTIONS = [
    "Montako puuta on Kalliossa?",
    "Montako lehmusta on Eirassa?",
    "Hur många björkar finns det i Berghäll?",
    "Montako mäntyä on Itäisessä suurpiirissä?",
    "yleisimmät puulajit Kalliossa",
]
SYNTHETIC_POINTS = 60_000


def _answer(geo: GeoService, question: str) -> int:
    parsed = geo.parse(question)
    area, _ = geo.pick_area(parsed.areas, parsed.division)
    if parsed.top_field:
        return len(blocking(geo.top_values(parsed.dataset, area, parsed.top_field, parsed.filter)).items)
    return blocking(geo.count(parsed.dataset, area, parsed.filter)).count


def _timed(fn, repeat: int) -> tuple[float, float, object]:
    """(first call s, median of the following calls s, result)."""
    started = time.perf_counter()
    result = fn()
    first = time.perf_counter() - started
    rest = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        rest.append(time.perf_counter() - started)
    return first, statistics.median(rest) if rest else first, result


def synthetic_layer(geo: GeoService, n: int, seed: int = 1) -> PointLayer:
    """`n` points: the real sample's trees repeated with ~50 m jitter, keeping their attributes."""
    base = geo.file.layer(geo.cfg.dataset("puut"))
    xy = np.array([[g.x, g.y] for g in base.geoms])
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(xy), n)
    jitter = rng.normal(0, [0.0009, 0.00045], (n, 2))  # ~50 m in lon/lat at 60° N
    return PointLayer.from_points(xy[pick] + jitter, [base.props[i] for i in pick])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-geo-"))
    server = start_wfs(write_mapfile(load_config(write_config(tmp / "c", "http://unused")), tmp / "ms"))
    try:
        wfs = GeoService.from_file(write_config(tmp / "w", server.url, backend="wfs"))
        local = GeoService.from_file(write_config(tmp / "f", None, backend="file"))
        print("## Geodata\n")
        print(f"MapServer 8 CGI on 127.0.0.1 vs file backend, {args.repeat} repeats, medians; first = cold caches.\n")
        print("| question | WFS first (s) | WFS (s) | file first (s) | file (s) | answer |")
        print("|---|---|---|---|---|---|")
        for q in QUESTIONS:
            wf, wm, wr = _timed(lambda q=q: _answer(wfs, q), args.repeat)
            ff, fm, fr = _timed(lambda q=q: _answer(local, q), args.repeat)
            same = "same" if wr == fr else f"DIFFER {wr} vs {fr}"
            print(f"| {q} | {wf:.3f} | {wm:.3f} | {ff:.4f} | {fm:.4f} | {wr} ({same}) |")
        flt = wfs.parse("lehmus").filter
        print("\nCounting lindens (Tilia) in all 60 kaupunginosat:\n")
        print("| backend | points | time (s) | requests |")
        print("|---|---|---|---|")
        sent = wfs.wfs.requests_sent
        _, wfs_t, wfs_rank = _timed(lambda: blocking(wfs.by_area("puut", "kaupunginosa", flt)), 0)
        print(f"| WFS ({wfs.cfg.wfs.workers} parallel) | 5,000 | {wfs_t:.2f} | {wfs.wfs.requests_sent - sent} |")
        _, file_t, file_rank = _timed(lambda: blocking(local.by_area("puut", "kaupunginosa", flt)), 0)
        print(f"| file | 5,000 | {file_t:.3f} | 0 |")
        assert wfs_rank.items == file_rank.items, "WFS and file rankings differ"
        started = time.perf_counter()
        layer = synthetic_layer(local, SYNTHETIC_POINTS)
        build = time.perf_counter() - started
        local.file.set_layer("puut", layer)
        _, syn_t, _ = _timed(lambda: blocking(local.by_area("puut", "kaupunginosa", flt)), args.repeat)
        area = local.area("kaupunginosa", "Kallio")
        _, one_t, _ = _timed(lambda: local.count("puut", area, flt), args.repeat)
        print(f"| file, synthetic | {SYNTHETIC_POINTS:,} | {syn_t:.3f} | 0 |")
        print(f"\nSynthetic {SYNTHETIC_POINTS:,}-point set: STRtree build {build:.3f} s, "
              f"one count (lindens in Kallio) {one_t * 1000:.1f} ms.")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
