"""WFS 2.0 / FES 2.0 request bodies and response parsing, on Helsinki's real responses."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from shapely.geometry import Polygon

from services_catalog.geo import fes
from services_catalog.geo.crs import is_north_first
from tests.support.mapserver.configs import FIXTURES

SRS = "urn:ogc:def:crs:EPSG::3879"
SQUARE = Polygon([(25496000, 6673000), (25497000, 6673000), (25497000, 6674000), (25496000, 6673000)])


def test_filter_is_and_of_intersects_and_equals_with_northing_first() -> None:
    q = fes.Query("avoindata:Puurekisteri_piste", SRS, "geom", area=SQUARE, equals=(("suku", "Tilia"),))
    body = fes.get_feature(q, {"avoindata": "https://www.hel.fi/avoindata"}, result_type="hits")
    root = ET.fromstring(body)
    assert root.get("resultType") == "hits" and root.get("version") == "2.0.0"
    query = root.find(f"{{{fes.WFS}}}Query")
    assert query.get("typeNames") == "avoindata:Puurekisteri_piste" and query.get("srsName") == SRS
    and_el = query.find(f"{{{fes.FES}}}Filter/{{{fes.FES}}}And")
    assert [c.tag.split("}")[1] for c in and_el] == ["Intersects", "PropertyIsEqualTo"]
    assert and_el.find(f"{{{fes.FES}}}Intersects/{{{fes.FES}}}ValueReference").text == "geom"
    first_pair = and_el.find(f".//{{{fes.GML}}}posList").text.split()[:2]
    assert [float(v) for v in first_pair] == [6673000, 25496000]  # northing, easting
    equal = and_el.find(f"{{{fes.FES}}}PropertyIsEqualTo")
    assert [c.text for c in equal] == ["suku", "Tilia"]
    assert b'xmlns:avoindata="https://www.hel.fi/avoindata"' in body


def test_literal_is_escaped() -> None:
    q = fes.Query("a:b", SRS, equals=(("suku", "</fes:Literal><x>"),))
    body = fes.get_feature(q, {})
    assert ET.fromstring(body).find(f".//{{{fes.FES}}}Literal").text == "</fes:Literal><x>"


@pytest.mark.parametrize(
    "crs, north_first",
    [(SRS, True), ("http://www.opengis.net/def/crs/EPSG/0/3879", True), ("EPSG:3879", False),
     ("urn:ogc:def:crs:EPSG::4326", True), ("urn:ogc:def:crs:EPSG::3067", False), ("CRS84", False)],
)
def test_axis_order(crs: str, north_first: bool) -> None:
    assert is_north_first(crs) is north_first


def test_real_hits_response() -> None:
    root = fes.parse_collection((FIXTURES / "wfs_hits.xml").read_bytes())
    assert fes.number_matched(root) == 58561


def test_unknown_and_errors() -> None:
    unknown = b'<wfs:FeatureCollection xmlns:wfs="http://www.opengis.net/wfs/2.0" numberMatched="unknown"/>'
    assert fes.number_matched(fes.parse_collection(unknown)) is None
    report = (b'<ows:ExceptionReport xmlns:ows="http://www.opengis.net/ows/1.1"><ows:Exception>'
              b"<ows:ExceptionText>Feature type unknown</ows:ExceptionText></ows:Exception></ows:ExceptionReport>")
    with pytest.raises(fes.WfsResponseError, match="Feature type unknown"):
        fes.parse_collection(report)
    for junk in (b"", b"<html>502 Bad Gateway</html>", b"\x00\xff"):
        with pytest.raises(fes.WfsResponseError):
            fes.parse_collection(junk)


def test_gml_polygon_parsed_back_to_xy() -> None:
    q = fes.Query("a:b", SRS, area=SQUARE)
    polygon_el = ET.fromstring(fes.get_feature(q, {})).find(f".//{{{fes.GML}}}Polygon")
    wrapper = ET.Element("feature")
    wrapper.append(polygon_el)
    assert fes.parse_polygons(wrapper, SRS).equals(SQUARE)


def test_count_default_from_capabilities() -> None:
    caps = (b'<wfs:WFS_Capabilities xmlns:wfs="http://www.opengis.net/wfs/2.0" '
            b'xmlns:ows="http://www.opengis.net/ows/1.1"><ows:OperationsMetadata>'
            b'<ows:Constraint name="CountDefault"><ows:NoValues/><ows:DefaultValue>10</ows:DefaultValue>'
            b"</ows:Constraint></ows:OperationsMetadata></wfs:WFS_Capabilities>")
    assert fes.count_default(caps) == 10
    assert fes.count_default(b"not xml") is None
