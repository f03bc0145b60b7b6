"""Short garbage collections in the long-running servers: what a server loads once is frozen.

Each server loads millions of objects that live as long as it does: Rasa its NLU graph,
spaCy and TensorFlow; the catalogue API its search index; the action server its lexicons and
term tables. CPython's full collection walks every one of them, and it runs every few seconds
under load, inside whichever reply is being computed: 115-145 ms in the catalogue API, 60-130 ms
in the action server and about 400 ms in Rasa, measured live; bench/gc_pauses.py reproduces each
server's collection alone (docs/BENCHMARKS.md).
`gc.freeze()` moves the objects alive now into a permanent generation that collections skip;
objects made later, per message, are collected as before.
"""

from __future__ import annotations

import gc
import logging
import threading
import time

log = logging.getLogger(__name__)
_lock = threading.Lock()


def freeze_loaded_objects() -> None:
    """Collect, then freeze every object alive now. Call it once the loading is done, and again after a reload:
    unfreezing first lets the reload's discarded objects (a replaced search index) be collected."""
    with _lock:
        started = time.perf_counter()
        gc.unfreeze()
        gc.collect()
        gc.freeze()
        log.info("froze %d loaded objects in %.0f ms", gc.get_freeze_count(), (time.perf_counter() - started) * 1000)
