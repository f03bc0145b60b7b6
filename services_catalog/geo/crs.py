"""Axis order of coordinate reference systems as written in WFS 2.0 / GML 3.2.

Shapely geometries in this package are always x/y (easting/longitude first).
OGC URN/URI names follow the EPSG axis order, which for EPSG:4326 is lat/lon and
for the Finnish GK zones (EPSG:3873-3885, incl. Helsinki's native 3879) is
northing/easting. The legacy "EPSG:nnnn" form is x/y on GeoServer and MapServer.
"""

from __future__ import annotations

import re

# EPSG codes whose official axis order is north/lat first.
_NORTH_FIRST = {4326, 4258} | set(range(3873, 3886))

_URN = re.compile(r"^(?:urn:ogc:def:crs:EPSG:[0-9.]*:|https?://www\.opengis\.net/def/crs/EPSG/0/)(\d+)$")
_SHORT = re.compile(r"^EPSG:(\d+)$", re.IGNORECASE)


def epsg_code(crs: str) -> int | None:
    """EPSG code of `crs` in URN, URI or short form; None when it is none of those."""
    m = _URN.match(crs.strip()) or _SHORT.match(crs.strip())
    return int(m.group(1)) if m else None


def is_north_first(crs: str, override: str | None = None) -> bool:
    """True when coordinates in `crs` are written northing/latitude first.

    `override` ("yx" or "xy") comes from geodata.yml for servers that break the rule.
    """
    if override:
        return override.lower() == "yx"
    code = epsg_code(crs)
    return bool(code and _URN.match(crs.strip()) and code in _NORTH_FIRST)
