"""Convert a WFS CSV export (WKT geometry column) into GeoJSON for the file backend.

The bundled tree sample was published as CSV; the file backend and MapServer
both read GeoJSON, so converting once keeps a single copy of the truth.
Usage: python -m services_catalog.geo.importer SRC.csv DST.geojson [--int FIELD ...]
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

from shapely import wkt
from shapely.geometry import mapping


def _typed(value: str, as_int: bool) -> object:
    if value == "":
        return None
    if as_int:
        try:
            return int(value)
        except ValueError:
            return None
    return value


def csv_wkt_to_geojson(
    src: Path, dst: Path, geometry_field: str = "geom", int_fields: tuple[str, ...] = ()
) -> int:
    """Write `src` rows as a GeoJSON FeatureCollection; returns the feature count."""
    features = []
    with open(src, newline="", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            geom = wkt.loads(row.pop(geometry_field))
            fid = row.pop("FID", None)
            props = {k: _typed(v, k in int_fields) for k, v in row.items()}
            feature = {"type": "Feature", "properties": props, "geometry": mapping(geom)}
            if fid:
                feature["id"] = fid
            features.append(feature)
    collection = {
        "type": "FeatureCollection",
        "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::4326"}},
        "features": features,
    }
    dst.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")), "utf-8")
    return len(features)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("src", type=Path)
    parser.add_argument("dst", type=Path)
    parser.add_argument("--geometry", default="geom")
    parser.add_argument("--int", dest="ints", action="append", default=[])
    args = parser.parse_args()
    n = csv_wkt_to_geojson(args.src, args.dst, args.geometry, tuple(args.ints))
    print(f"wrote {n} features to {args.dst}")


if __name__ == "__main__":
    main()
