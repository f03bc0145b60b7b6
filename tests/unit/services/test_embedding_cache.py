"""The embedding cache: shared by processes (one embeds, the others wait and reuse) and saved as it fills."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest

from services_catalog.search import embed
from services_catalog.search.embed import Embedder


class CountingModel:
    """Stands in for the e5 engine where the test is about the cache around it: counts what it embeds."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.embedded: list[str] = []
        self.fail_after = fail_after

    def passage(self, texts: list[str]) -> np.ndarray:
        if self.fail_after is not None and len(self.embedded) >= self.fail_after:
            raise RuntimeError("stopped half way")
        self.embedded += texts
        return np.ones((len(texts), 384), dtype=np.float32)


def embedder_with(model: CountingModel, cache_dir: Path) -> Embedder:
    embedder = Embedder(cache_dir)
    embedder._model = model
    return embedder


def test_work_done_before_a_stop_is_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(embed, "SAVE_EVERY_S", 0.0)
    texts = [f"palvelu {i}" for i in range(100)]  # two batches of 64 and 36
    with pytest.raises(RuntimeError):
        embedder_with(CountingModel(fail_after=64), tmp_path).passages(texts)
    again = CountingModel()
    vectors = embedder_with(again, tmp_path).passages(texts)
    assert vectors.shape == (100, 384)
    assert again.embedded == texts[64:]


def test_a_second_process_waits_for_the_first_and_reuses_its_vectors(tmp_path: Path) -> None:
    """While another process holds the cache lock and fills the cache, this one waits, then embeds nothing."""
    texts = ["uimahalli", "kirjasto"]
    holder = subprocess.Popen([sys.executable, "-c", textwrap.dedent(f"""
        import sys, time
        sys.path.insert(0, {str(Path(embed.__file__).parents[2])!r})
        import numpy as np
        from pathlib import Path
        from services_catalog.search.embed import Embedder, _exclusive, cache_key
        e = Embedder(Path({str(tmp_path)!r}))
        with _exclusive(e.cache_path.with_suffix(".lock")):
            print("locked", flush=True)
            time.sleep(1.5)
            e._write_cache({{cache_key(t, False): np.full(384, 0.5, dtype=np.float32) for t in {texts!r}}})
        """)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        model = CountingModel()
        started = time.monotonic()
        vectors = embedder_with(model, tmp_path).passages(texts)
        waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert model.embedded == []
    assert waited > 0.5
    assert np.allclose(vectors, 0.5)


def test_an_unwritable_cache_still_embeds(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    model = CountingModel()
    vectors = embedder_with(model, blocked / "cache").passages(["sauna"])
    assert vectors.shape == (1, 384) and model.embedded == ["sauna"]
