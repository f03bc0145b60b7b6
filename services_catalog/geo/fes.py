"""WFS 2.0 GetFeature request bodies with FES 2.0 filters, and GML 3.2 geometry parsing.

Requests are POSTed because area polygons are far too long for a GET URL.
Coordinates are swapped on the way in and out when the CRS is north-first
(see crs.py), so callers only ever see x/y shapely geometries.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from services_catalog.geo.crs import is_north_first
from services_catalog.geo.errors import GeoBackendError

WFS = "http://www.opengis.net/wfs/2.0"
FES = "http://www.opengis.net/fes/2.0"
GML = "http://www.opengis.net/gml/3.2"
OWS = "http://www.opengis.net/ows/1.1"

ET.register_namespace("wfs", WFS)
ET.register_namespace("fes", FES)
ET.register_namespace("gml", GML)


@dataclass(frozen=True)
class Query:
    """One wfs:Query: what to select and how to return it."""

    type_name: str
    srs_name: str
    geometry_field: str = "geom"
    area: BaseGeometry | None = None
    equals: tuple[tuple[str, str], ...] = ()
    property_names: tuple[str, ...] = ()
    axis_order: str | None = None


def _el(parent: ET.Element, ns: str, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    child = ET.SubElement(parent, f"{{{ns}}}{tag}", attrs)
    if text is not None:
        child.text = text
    return child


def _pos_list(coords: Iterator[tuple[float, ...]], north_first: bool) -> str:
    pairs = ((y, x) if north_first else (x, y) for x, y, *_ in coords)
    return " ".join(f"{a:.10g} {b:.10g}" for a, b in pairs)


def _polygon(parent: ET.Element, poly: Polygon, srs: str, north_first: bool, gid: str) -> None:
    el = _el(parent, GML, "Polygon", srsName=srs, **{f"{{{GML}}}id": gid})
    rings = [("exterior", poly.exterior)] + [("interior", r) for r in poly.interiors]
    for role, ring in rings:
        lr = _el(_el(el, GML, role), GML, "LinearRing")
        _el(lr, GML, "posList", _pos_list(iter(ring.coords), north_first), srsDimension="2")


def _geometry(parent: ET.Element, geom: BaseGeometry, srs: str, north_first: bool) -> None:
    if isinstance(geom, Polygon):
        _polygon(parent, geom, srs, north_first, "area.0")
        return
    if not isinstance(geom, MultiPolygon):
        raise ValueError(f"area must be a polygon, got {geom.geom_type}")
    ms = _el(parent, GML, "MultiSurface", srsName=srs, **{f"{{{GML}}}id": "area"})
    for i, part in enumerate(geom.geoms):
        _polygon(_el(ms, GML, "surfaceMember"), part, srs, north_first, f"area.{i}")


def _filter(query_el: ET.Element, q: Query) -> None:
    clauses: list[tuple[str, object]] = []
    if q.area is not None:
        clauses.append(("Intersects", q.area))
    clauses += [("PropertyIsEqualTo", pair) for pair in q.equals]
    if not clauses:
        return
    parent = _el(query_el, FES, "Filter")
    if len(clauses) > 1:
        parent = _el(parent, FES, "And")
    north_first = is_north_first(q.srs_name, q.axis_order)
    for kind, arg in clauses:
        op = _el(parent, FES, kind)
        if kind == "Intersects":
            _el(op, FES, "ValueReference", q.geometry_field)
            _geometry(op, arg, q.srs_name, north_first)  # type: ignore[arg-type]
        else:
            field, value = arg  # type: ignore[misc]
            if kind == "PropertyIsEqualTo":
                op.set("matchCase", "true")
            _el(op, FES, "ValueReference", field)
            _el(op, FES, "Literal", str(value))


def get_feature(
    q: Query,
    namespaces: dict[str, str],
    result_type: str = "results",
    count: int | None = None,
    start_index: int | None = None,
) -> bytes:
    """Serialise a GetFeature request; `namespaces` declares the typeName prefixes."""
    root = ET.Element(f"{{{WFS}}}GetFeature", service="WFS", version="2.0.0", resultType=result_type)
    for prefix, uri in namespaces.items():
        root.set(f"xmlns:{prefix}", uri)
    if count is not None:
        root.set("count", str(count))
    if start_index is not None:
        root.set("startIndex", str(start_index))
    query_el = _el(root, WFS, "Query", typeNames=q.type_name, srsName=q.srs_name)
    for name in q.property_names:
        _el(query_el, WFS, "PropertyName", name)
    _filter(query_el, q)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


class WfsResponseError(GeoBackendError):
    """The server answered, but with an exception report or something unreadable."""


def parse_collection(body: bytes) -> ET.Element:
    """Parse a wfs:FeatureCollection, turning exception reports into WfsResponseError."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise WfsResponseError(f"not XML: {body[:200]!r}") from exc
    if root.tag.endswith("ExceptionReport"):
        texts = [t.text or "" for t in root.iter() if t.tag.endswith("ExceptionText")]
        raise WfsResponseError("; ".join(texts).strip() or "exception report")
    if root.tag != f"{{{WFS}}}FeatureCollection":
        raise WfsResponseError(f"unexpected root element {root.tag}")
    return root


def number_matched(root: ET.Element) -> int | None:
    """numberMatched as int, or None when the server says "unknown" or leaves it out."""
    value = root.get("numberMatched", "unknown")
    return int(value) if value.isdigit() else None


def count_default(capabilities: bytes) -> int | None:
    """The CountDefault constraint of a WFS 2.0 capabilities document, if any."""
    try:
        root = ET.fromstring(capabilities)
    except ET.ParseError:
        return None
    for constraint in root.iter(f"{{{OWS}}}Constraint"):
        if constraint.get("name") == "CountDefault":
            value = constraint.find(f"{{{OWS}}}DefaultValue")
            if value is not None and (value.text or "").strip().isdigit():
                return int(value.text.strip())  # type: ignore[union-attr]
    return None


def members(root: ET.Element) -> list[ET.Element]:
    """The feature elements of a collection (children of wfs:member)."""
    return [child for m in root.iter(f"{{{WFS}}}member") for child in m]


def _coords(ring: ET.Element, north_first: bool) -> list[tuple[float, float]]:
    pos_list = ring.find(f"{{{GML}}}posList")
    if pos_list is not None:
        nums = [float(v) for v in (pos_list.text or "").split()]
        dim = int(pos_list.get("srsDimension", "2"))
    else:
        nums = [float(v) for p in ring.iter(f"{{{GML}}}pos") for v in (p.text or "").split()[:2]]
        dim = 2
    pairs = [(nums[i], nums[i + 1]) for i in range(0, len(nums) - dim + 1, dim)]
    return [(b, a) for a, b in pairs] if north_first else pairs


def parse_polygons(feature: ET.Element, srs_name: str, axis_order: str | None = None) -> BaseGeometry:
    """All gml:Polygons in a feature as one x/y (Multi)Polygon."""
    north_first = is_north_first(srs_name, axis_order)
    polys = []
    for poly in feature.iter(f"{{{GML}}}Polygon"):
        ext = poly.find(f"{{{GML}}}exterior/{{{GML}}}LinearRing")
        if ext is None:
            continue
        holes = [_coords(r, north_first) for r in poly.findall(f"{{{GML}}}interior/{{{GML}}}LinearRing")]
        polys.append(Polygon(_coords(ext, north_first), holes))
    if not polys:
        raise WfsResponseError("feature has no polygon geometry")
    return polys[0] if len(polys) == 1 else MultiPolygon(polys)


def property_value(feature: ET.Element, name: str) -> str | None:
    """Text of a feature's property element, matched by local name."""
    for child in feature:
        if child.tag.rsplit("}", 1)[-1] == name:
            return child.text
    return None
