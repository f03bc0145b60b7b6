"""Counting from local GeoJSON files with shapely 2 and an STRtree: the embedded, offline default."""

from __future__ import annotations

import json
import threading
from collections import Counter
from pathlib import Path

import numpy as np
import shapely
from shapely.geometry import shape
from shapely.geometry.base import BaseGeometry

from services_catalog.geo.config import Dataset, Division, GeoConfig
from services_catalog.geo.errors import GeoBackendError
from services_catalog.geo.places import Area
from services_catalog.geo.query import Filter


def read_features(path: Path) -> list[dict]:
    """Features of a GeoJSON FeatureCollection."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise GeoBackendError(f"cannot read {path}: {exc}") from exc
    return list(data.get("features") or [])


class PointLayer:
    """One dataset in memory: point geometries in an STRtree plus attribute columns."""

    def __init__(self, features: list[dict]):
        self.geoms = np.array([shape(f["geometry"]) if f.get("geometry") else None for f in features])
        self.props = [f.get("properties") or {} for f in features]
        self.tree = shapely.STRtree(self.geoms)

    @classmethod
    def from_points(cls, xy: np.ndarray, props: list[dict]) -> PointLayer:
        """Build straight from coordinates (the 60,000-point benchmark set)."""
        layer = cls.__new__(cls)
        layer.geoms = shapely.points(xy)
        layer.props = props
        layer.tree = shapely.STRtree(layer.geoms)
        return layer

    def inside(self, area: BaseGeometry) -> np.ndarray:
        return self.tree.query(area, predicate="intersects")

    def matching(self, area: BaseGeometry, flt: Filter | None) -> list[int]:
        idx = self.inside(area)
        if flt is None:
            return list(idx)
        return [i for i in idx if str(self.props[i].get(flt.field)) == flt.value]


class FileBackend:
    """GeoJSON files named in geodata.yml, loaded lazily and kept in memory."""

    name = "file"

    def __init__(self, cfg: GeoConfig):
        self.cfg = cfg
        self.source = cfg.file_source
        self._layers: dict[str, PointLayer] = {}
        self._areas: dict[str, dict[str, BaseGeometry]] = {}
        self._lock = threading.Lock()

    def has_files(self) -> bool:
        return all(d.file and d.file.exists() for d in self.cfg.datasets + self.cfg.divisions)  # type: ignore[operator]

    def layer(self, ds: Dataset) -> PointLayer:
        with self._lock:
            if ds.key not in self._layers:
                if ds.file is None:
                    raise GeoBackendError(f"dataset {ds.key} has no local file")
                self._layers[ds.key] = PointLayer(read_features(ds.file))
            return self._layers[ds.key]

    def preload(self) -> None:
        """Read every local dataset and division now, so that no user's question pays for it."""
        for ds in self.cfg.datasets:
            if ds.file is not None and ds.file.exists():
                self.layer(ds)
        for div in self.cfg.divisions:
            if div.file is not None and div.file.exists():
                self._area_index(div)

    def set_layer(self, ds_key: str, layer: PointLayer) -> None:
        self._layers[ds_key] = layer

    def area_props(self, div: Division) -> list[dict]:
        if div.file is None:
            raise GeoBackendError(f"division {div.key} has no local file")
        return [f.get("properties") or {} for f in read_features(div.file)]

    def _area_index(self, div: Division) -> dict[str, BaseGeometry]:
        with self._lock:
            if div.key not in self._areas:
                if div.file is None:
                    raise GeoBackendError(f"division {div.key} has no local file")
                first_field = next(iter(div.name_fields.values()))
                self._areas[div.key] = {
                    str(f["properties"].get(first_field)): shape(f["geometry"]) for f in read_features(div.file)
                }
            return self._areas[div.key]

    def area_geometry(self, div: Division, area: Area) -> BaseGeometry:
        """The area polygon in lon/lat."""
        first_field = next(iter(div.name_fields.values()))
        geom = self._area_index(div).get(area.prop(first_field) or "")
        if geom is None:
            raise GeoBackendError(f"no area {area.key} in {div.key}")
        return geom

    def count(self, ds: Dataset, div: Division, area: Area, flt: Filter | None) -> int:
        return len(self.layer(ds).matching(self.area_geometry(div, area), flt))

    def values(self, ds: Dataset, div: Division, area: Area, fieldname: str, flt: Filter | None) -> Counter:
        layer = self.layer(ds)
        found = layer.matching(self.area_geometry(div, area), flt)
        # str() so that file and WFS answers compare equal (WFS text is always a string)
        values = (layer.props[i].get(fieldname) for i in found)
        return Counter(str(v) for v in values if v not in (None, ""))

    def counts_by_area(self, ds: Dataset, div: Division, areas: list[Area], flt: Filter | None) -> dict[str, int]:
        return {a.key: self.count(ds, div, a, flt) for a in areas}
