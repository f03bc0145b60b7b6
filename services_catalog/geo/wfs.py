"""Counting on a WFS 2.0 server (GeoServer in production, MapServer in tests).

The server does the work: one POSTed GetFeature with resultType=hits per count.
Servers that answer numberMatched="unknown" get paged counting instead.

All calls are async (httpx.AsyncClient, one per event loop, a timeout on every
request): a WFS that hangs holds only the conversations that asked it, never
the action server's event loop. Parsing a large answer (polygons, feature
pages) is CPU work and runs in a thread.
"""

from __future__ import annotations

import asyncio
import dataclasses
import logging
import threading
import weakref
from collections import Counter
from collections.abc import AsyncIterator

import httpx
from shapely.geometry.base import BaseGeometry

from services_catalog.geo import fes
from services_catalog.geo.config import Dataset, Division, GeoConfig, WfsConfig
from services_catalog.geo.errors import GeoBackendError
from services_catalog.geo.places import Area
from services_catalog.geo.query import Filter

log = logging.getLogger(__name__)
LONLAT_URN = "urn:ogc:def:crs:EPSG::4326"  # lat/lon axis order on the wire
PARSE_IN_THREAD_BYTES = 64 * 1024  # smaller answers parse faster than a thread hand-off


class WfsBackend:
    name = "wfs"

    def __init__(self, cfg: GeoConfig):
        if cfg.wfs is None:
            raise ValueError("geodata config has no wfs section")
        self.cfg = cfg
        self.wfs: WfsConfig = cfg.wfs
        self.source = self.wfs.source
        self._clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = (
            weakref.WeakKeyDictionary())
        self._areas: dict[tuple[str, str, str], BaseGeometry] = {}
        self._lock = threading.Lock()
        self._count_default: int | None = None
        self._capabilities_read = False
        self.requests_sent = 0  # for benchmarks and tests
        self.paged_counts = 0  # how often hits could not be trusted

    # -- transport -------------------------------------------------------
    @property
    def client(self) -> httpx.AsyncClient:
        """This event loop's client (a client is bound to the loop it first ran in)."""
        loop = asyncio.get_running_loop()
        client = self._clients.get(loop)
        if client is None:
            client = httpx.AsyncClient(limits=httpx.Limits(max_connections=max(4, self.wfs.workers * 2)))
            self._clients[loop] = client
        return client

    async def _send(self, method: str, **kwargs) -> bytes:
        last: Exception | None = None
        for attempt in range(self.wfs.retries + 1):
            try:
                self.requests_sent += 1
                resp = await self.client.request(method, self.wfs.url, timeout=self.wfs.timeout_s, **kwargs)
                if resp.status_code >= 500:
                    raise GeoBackendError(f"HTTP {resp.status_code} from {self.wfs.url}")
                if resp.status_code >= 400:
                    # a client error will not get better by retrying
                    raise fes.WfsResponseError(f"HTTP {resp.status_code}: {resp.text[:200]}")
                return resp.content
            except fes.WfsResponseError:
                raise
            except (httpx.HTTPError, GeoBackendError) as exc:
                last = exc
                log.warning("WFS request failed (attempt %d/%d): %r", attempt + 1, self.wfs.retries + 1, exc)
                if attempt < self.wfs.retries:
                    await asyncio.sleep(min(0.2 * 2**attempt, 2.0))
        raise GeoBackendError(f"WFS {self.wfs.url} did not answer: {last!r}") from last

    async def _post(self, body: bytes) -> fes.ET.Element:
        content = await self._send("POST", content=body, headers={"Content-Type": "text/xml; charset=utf-8"})
        if len(content) > PARSE_IN_THREAD_BYTES:
            return await asyncio.to_thread(fes.parse_collection, content)
        return fes.parse_collection(content)

    async def probe(self) -> bool:
        """Is the server up and speaking WFS? Short timeout, no retries."""
        try:
            resp = await self.client.get(
                self.wfs.url,
                params={"SERVICE": "WFS", "REQUEST": "GetCapabilities", "VERSION": "2.0.0"},
                timeout=min(self.wfs.timeout_s, 3.0),
            )
        except httpx.HTTPError as exc:
            log.info("WFS probe failed: %r", exc)
            return False
        if resp.status_code != 200 or b"WFS_Capabilities" not in resp.content[:2000]:
            return False
        self._read_capabilities(resp.content)
        return True

    def _read_capabilities(self, content: bytes) -> None:
        self._count_default = fes.count_default(content)
        self._capabilities_read = True

    async def count_default(self) -> int | None:
        """The server's CountDefault: hits equal to it may be a cap, not a count."""
        if not self._capabilities_read:
            content = await self._send(
                "GET", params={"SERVICE": "WFS", "REQUEST": "GetCapabilities", "VERSION": "2.0.0"})
            self._read_capabilities(content)
        return self._count_default

    # -- queries ---------------------------------------------------------
    def _query(self, type_name: str, geometry: str, srs: str | None = None, **kw) -> fes.Query:
        return fes.Query(type_name, srs or self.wfs.srs_name, geometry, axis_order=self.wfs.axis_order, **kw)

    async def area_geometry(self, div: Division, area: Area, srs: str | None = None) -> BaseGeometry:
        """The area polygon in `srs` (default: the server's native CRS).

        The first request for a division fetches all of its polygons at once
        (60 kaupunginosat are ~0.5 MB) and caches them: a ranking then needs
        one request per area for the count only.
        """
        srs = srs or self.wfs.srs_name
        field, value = area.props[0]
        key = (div.key, value, srs)
        with self._lock:
            cached = self._areas.get(key)
        if cached is not None:
            return cached
        q = self._query(div.type_name, div.geometry, srs)
        axis = self.wfs.axis_order if srs == self.wfs.srs_name else None
        features = [f async for f in self._pages(q)]

        def polygons() -> dict[tuple[str, str, str], BaseGeometry]:
            return {(div.key, fes.property_value(f, field) or "", srs): fes.parse_polygons(f, srs, axis)
                    for f in features}

        fetched = await asyncio.to_thread(polygons)
        with self._lock:
            self._areas.update(fetched)
        if key not in fetched:
            raise GeoBackendError(f"WFS has no {div.key} named {value}")
        return fetched[key]

    async def area_lonlat(self, div: Division, area: Area) -> BaseGeometry:
        return await self.area_geometry(div, area, LONLAT_URN)

    async def _feature_query(self, ds: Dataset, div: Division, area: Area, flt: Filter | None,
                             props: tuple[str, ...] = ()) -> fes.Query:
        equals = ((flt.field, flt.value),) if flt else ()
        return self._query(
            ds.type_name, ds.geometry, area=await self.area_geometry(div, area), equals=equals,
            property_names=tuple(props),
        )

    async def count(self, ds: Dataset, div: Division, area: Area, flt: Filter | None) -> int:
        q = await self._feature_query(ds, div, area, flt)
        matched = fes.number_matched(await self._post(fes.get_feature(q, self.wfs.namespaces, result_type="hits")))
        cap = await self.count_default()
        if matched is not None and (cap is None or matched < cap):
            return matched
        # "unknown", or exactly the server's page cap (MapServer without
        # wfs_compute_number_matched): only counting the features is safe
        log.info("WFS hits for %s untrustworthy (%s, cap %s); counting pages", ds.type_name, matched, cap)
        self.paged_counts += 1
        q = dataclasses.replace(q, property_names=(ds.geometry,))
        return sum([1 async for _ in self._pages(q)])

    async def _pages(self, q: fes.Query) -> AsyncIterator[fes.ET.Element]:
        """Every feature matching `q`, fetched page by page (never more than the server's cap)."""
        start = 0
        cap = await self.count_default()
        size = min(self.wfs.page_size, cap) if cap else self.wfs.page_size
        while True:
            body = fes.get_feature(q, self.wfs.namespaces, count=size, start_index=start)
            page = fes.members(await self._post(body))
            for feature in page:
                yield feature
            if len(page) < size:
                return
            start += size

    async def values(self, ds: Dataset, div: Division, area: Area, fieldname: str, flt: Filter | None) -> Counter:
        q = await self._feature_query(ds, div, area, flt, props=(fieldname,))
        values = [fes.property_value(f, fieldname) async for f in self._pages(q)]
        return Counter(v for v in values if v not in (None, ""))

    async def counts_by_area(self, ds: Dataset, div: Division, areas: list[Area], flt: Filter | None
                             ) -> dict[str, int]:
        # At most `workers` requests at once: a ranking must not hammer the city's server.
        gate = asyncio.Semaphore(self.wfs.workers)

        async def one(area: Area) -> int:
            async with gate:
                return await self.count(ds, div, area, flt)

        counts = await asyncio.gather(*(one(a) for a in areas))
        return {a.key: n for a, n in zip(areas, counts, strict=True)}

    async def area_props(self, div: Division) -> list[dict]:
        """Name fields of every area of a division (when no local file is bundled)."""
        q = fes.Query(div.type_name, self.wfs.srs_name, div.geometry, property_names=tuple(div.name_fields.values()))
        return [{k: fes.property_value(f, k) for k in div.name_fields.values()} async for f in self._pages(q)]
