"""The geodata service the bot talks to: picks a backend, resolves places, answers questions.

Answers are coroutines: the WFS backend is async, and the file backend's counting
(shapely, CPU work) runs in a small thread pool of its own, so that neither a
slow server nor a heavy count holds the caller's event loop or starves other
users of the default executor.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlencode

from services_catalog.geo.config import Division, GeoConfig, load_config
from services_catalog.geo.errors import GeoBackendError
from services_catalog.geo.filebackend import FileBackend
from services_catalog.geo.places import Area, PlaceIndex, make_area
from services_catalog.geo.query import Filter, Parsed, parse
from services_catalog.geo.wfs import WfsBackend
from services_catalog.settings import get_settings

log = logging.getLogger(__name__)
T = TypeVar("T")
# Counting on files is CPU work: two threads use both cores without queueing every user behind one count.
_CPU = ThreadPoolExecutor(max_workers=2, thread_name_prefix="geo-count")


def blocking(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end from synchronous code (scripts, tests, the one-off WFS place list)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coroutine)
    with ThreadPoolExecutor(max_workers=1) as pool:  # inside a loop: in a thread with a loop of its own
        return pool.submit(asyncio.run, coroutine).result()


@dataclass(frozen=True)
class Answer:
    """A number (or ranked list) and where it came from."""

    items: list[tuple[str, int]]
    source: str
    backend: str

    @property
    def count(self) -> int:
        return self.items[0][1] if self.items else 0


class GeoService:
    """One per process: holds the config, the backends and the place index."""

    def __init__(self, cfg: GeoConfig):
        self.cfg = cfg
        self.file = FileBackend(cfg)
        self.wfs = WfsBackend(cfg) if cfg.wfs is not None and cfg.backend != "file" else None
        self._probe: tuple[float, bool] | None = None
        self._lock = threading.Lock()
        self._places: PlaceIndex | None = None

    @classmethod
    def from_file(cls, path: Path | str) -> GeoService:
        return cls(load_config(path))

    # -- backend choice --------------------------------------------------
    async def backend(self) -> FileBackend | WfsBackend:
        """The WFS when configured (and, in auto mode, reachable); else the bundled files."""
        if self.wfs is None:
            return self.file
        if self.cfg.backend == "wfs":
            return self.wfs
        now = time.monotonic()
        probe = self._probe
        if probe is None or now - probe[0] > self.cfg.probe_ttl_s:
            up = await self.wfs.probe()
            with self._lock:
                self._probe = (time.monotonic(), up)
            log.info("WFS %s is %s", self.cfg.wfs.url, "up" if up else "down")  # type: ignore[union-attr]
            return self.wfs if up else self.file
        return self.wfs if probe[1] else self.file

    def mark_down(self) -> None:
        """After a failed question, let auto mode fall back until the next probe."""
        with self._lock:
            self._probe = (time.monotonic(), False)

    @property
    def deadline_s(self) -> float:
        """The longest a question may take before the user gets the polite "try later" answer."""
        return (self.cfg.wfs.timeout_s if self.wfs is not None else 10.0) + 2.0  # type: ignore[union-attr]

    def preload(self) -> None:
        """Build the place index and read the local files at start-up, so that no user's first question in a
        process pays for reading them."""
        try:
            self.file.preload()
            self.places  # noqa: B018 - builds and keeps the index
        except (GeoBackendError, OSError, ValueError):
            log.exception("geodata preload failed; questions will load what they need")

    # -- places ----------------------------------------------------------
    @property
    def places(self) -> PlaceIndex:
        if self._places is None:
            areas: list[Area] = []
            for div in self.cfg.divisions:
                props = self.file.area_props(div) if div.file else blocking(self._wfs_area_props(div))
                areas += [a for a in (make_area(div.key, div.name_fields, p) for p in props) if a]
            self._places = PlaceIndex(areas)
        return self._places

    async def _wfs_area_props(self, div: Division) -> list[dict]:
        backend = await self.backend()
        return await backend.area_props(div) if backend is self.wfs else backend.area_props(div)

    def parse(self, text: str) -> Parsed:
        return parse(text, self.cfg, self.places)

    def pick_area(
        self, candidates: tuple[Area, ...] | list[Area], division: str | None
    ) -> tuple[Area | None, list[Area]]:
        """(chosen area, other divisions with the same name). None when the user must choose."""
        if division:
            chosen = [a for a in candidates if a.division == division]
            return (chosen[0] if chosen else None), [a for a in candidates if a.division != division]
        if len(candidates) == 1:
            return candidates[0], []
        default = [a for a in candidates if a.division == self.cfg.default_division]
        if default and self.cfg.ambiguity == "default":
            return default[0], [a for a in candidates if a is not default[0]]
        return None, list(candidates)

    def area(self, division: str, name: str) -> Area | None:
        found = self.places.named(name, division)
        return found[0] if found else None

    # -- answers ---------------------------------------------------------
    async def _run(self, on_file: Callable[[FileBackend], T], on_wfs: Callable[[WfsBackend], Awaitable[T]]
                   ) -> tuple[FileBackend | WfsBackend, T]:
        backend = await self.backend()
        try:
            if backend is self.file:
                return backend, await asyncio.get_running_loop().run_in_executor(_CPU, on_file, backend)
            return backend, await on_wfs(backend)  # type: ignore[arg-type]
        except GeoBackendError:
            log.exception("geodata backend %s failed", backend.name)
            if backend is self.wfs:
                self.mark_down()
            raise

    async def count(self, dataset: str, area: Area, flt: Filter | None) -> Answer:
        ds, div = self.cfg.dataset(dataset), self.cfg.division(area.division)
        backend, n = await self._run(lambda b: b.count(ds, div, area, flt), lambda b: b.count(ds, div, area, flt))
        return Answer([(area.key, n)], backend.source, backend.name)

    async def top_values(self, dataset: str, area: Area, fieldname: str, flt: Filter | None, n: int | None = None
                         ) -> Answer:
        ds, div = self.cfg.dataset(dataset), self.cfg.division(area.division)
        backend, counter = await self._run(lambda b: b.values(ds, div, area, fieldname, flt),
                                           lambda b: b.values(ds, div, area, fieldname, flt))
        items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[: n or self.cfg.top_n]
        return Answer(items, backend.source, backend.name)

    async def by_area(self, dataset: str, division: str, flt: Filter | None, n: int | None = None) -> Answer:
        """Counts for every area of a division, largest first; `n` cuts the list (a ranking)."""
        ds, div = self.cfg.dataset(dataset), self.cfg.division(division)
        areas = self.places.areas(division)
        backend, counts = await self._run(lambda b: b.counts_by_area(ds, div, areas, flt),
                                          lambda b: b.counts_by_area(ds, div, areas, flt))
        items = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return Answer(items[:n] if n else items, backend.source, backend.name)

    async def map_url(self, area: Area) -> str | None:
        """An OpenStreetMap link framing the area, for channels that can show a map."""
        div = self.cfg.division(area.division)
        try:
            if div.file:
                geom = self.file.area_geometry(div, area)
            elif self.wfs is not None:
                geom = await self.wfs.area_lonlat(div, area)
            else:
                return None
        except GeoBackendError:
            return None
        minx, miny, maxx, maxy = geom.bounds
        query = {"minlon": f"{minx:.5f}", "minlat": f"{miny:.5f}", "maxlon": f"{maxx:.5f}", "maxlat": f"{maxy:.5f}"}
        query["box"] = "yes"
        return "https://www.openstreetmap.org/?" + urlencode(query)


_service: GeoService | None = None
_service_lock = threading.Lock()


def get_service(path: Path | str | None = None) -> GeoService:
    """The process-wide service, built from CITYBOT_GEODATA on first use."""
    global _service
    with _service_lock:
        if _service is None:
            if path is None:
                path = get_settings().geodata
            _service = GeoService.from_file(path)
        return _service
