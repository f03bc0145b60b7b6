"""PNG maps drawn offline from the bundled geometries: area outlines, the counted points, a scale bar, attribution.

No tile server is reachable from where the bot runs, so the map is drawn from
the same GeoJSON files the file backend counts from. Coordinates are lon/lat
(WGS 84); at city scale an equirectangular projection centred on the map is
accurate to well under a percent, which is enough for a picture with a scale bar.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlencode

import shapely
from PIL import Image, ImageDraw, ImageFont
from shapely.geometry.base import BaseGeometry

from services_catalog.geo.config import GeoConfig
from services_catalog.geo.errors import GeoBackendError
from services_catalog.geo.filebackend import FileBackend
from services_catalog.geo.places import Area, make_area
from services_catalog.geo.query import Filter
from services_catalog.settings import get_settings

WIDTH, HEIGHT = 640, 480
FOOTER = 48  # strip under the map for the scale bar and the attribution
MARGIN = 16
METRES_PER_DEGREE_LAT = 110_574.0
METRES_PER_DEGREE_LON_EQUATOR = 111_320.0
NICE_LENGTHS_M = (50, 100, 200, 250, 500, 1000, 2000, 2500, 5000, 10_000, 20_000, 50_000)
# Colours chosen for contrast on white (WCAG non-text contrast ≥ 3:1 for outline and points).
BACKGROUND = (255, 255, 255)
CONTEXT_OUTLINE = (190, 196, 204)
AREA_FILL = (230, 240, 250)
AREA_OUTLINE = (0, 80, 160)
RANKED_FILL = (255, 236, 204)
POINT = (196, 40, 0)
TEXT = (26, 26, 26)
POINT_RADIUS = 2


@dataclass(frozen=True)
class Projection:
    """lon/lat → pixel: equirectangular around the map's centre, fitted into the drawing box."""

    lon0: float
    lat0: float
    scale: float  # pixels per metre
    offset_x: float
    offset_y: float

    @classmethod
    def fit(cls, bounds: tuple[float, float, float, float], width: int, height: int) -> Projection:
        minx, miny, maxx, maxy = bounds
        lon0, lat0 = (minx + maxx) / 2, (miny + maxy) / 2
        kx = METRES_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(lat0))
        span_x = max((maxx - minx) * kx, 1.0)
        span_y = max((maxy - miny) * METRES_PER_DEGREE_LAT, 1.0)
        scale = min((width - 2 * MARGIN) / span_x, (height - 2 * MARGIN) / span_y)
        return cls(lon0, lat0, scale, width / 2, height / 2)

    def metres(self, lon: float, lat: float) -> tuple[float, float]:
        kx = METRES_PER_DEGREE_LON_EQUATOR * math.cos(math.radians(self.lat0))
        return (lon - self.lon0) * kx, (lat - self.lat0) * METRES_PER_DEGREE_LAT

    def pixel(self, lon: float, lat: float) -> tuple[float, float]:
        x, y = self.metres(lon, lat)
        return self.offset_x + x * self.scale, self.offset_y - y * self.scale


def _rings(geom: BaseGeometry) -> Iterable[Sequence[tuple[float, float]]]:
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.geom_type == "Polygon":
            yield polygon.exterior.coords
            yield from (ring.coords for ring in polygon.interiors)


def _polygon(draw: ImageDraw.ImageDraw, proj: Projection, geom: BaseGeometry, fill: tuple | None,
             outline: tuple, width: int) -> None:
    for polygon in getattr(geom, "geoms", [geom]):
        if polygon.geom_type != "Polygon":
            continue
        exterior = [proj.pixel(x, y) for x, y, *_ in polygon.exterior.coords]
        if fill is not None:
            draw.polygon(exterior, fill=fill)
            for ring in polygon.interiors:
                draw.polygon([proj.pixel(x, y) for x, y, *_ in ring.coords], fill=BACKGROUND)
        for ring in _rings(polygon):
            draw.line([proj.pixel(x, y) for x, y, *_ in ring], fill=outline, width=width, joint="curve")


def scale_bar_metres(pixels_per_metre: float, max_pixels: float) -> int:
    """The longest round length (50 m, 100 m, … 50 km) whose bar fits in `max_pixels`."""
    fitting = [m for m in NICE_LENGTHS_M if m * pixels_per_metre <= max_pixels]
    return fitting[-1] if fitting else NICE_LENGTHS_M[0]


def scale_label(metres: int) -> str:
    return f"{metres // 1000} km" if metres >= 1000 and metres % 1000 == 0 else (
        f"{metres / 1000:g} km" if metres >= 1000 else f"{metres} m")


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    # Pillow's own bundled font: no system fonts needed, and it covers the Finnish and Swedish letters.
    return ImageFont.load_default(size=size)


def _footer(draw: ImageDraw.ImageDraw, proj: Projection, attribution: str) -> None:
    top = HEIGHT - FOOTER
    draw.rectangle([0, top, WIDTH, HEIGHT], fill=BACKGROUND)
    draw.line([0, top, WIDTH, top], fill=CONTEXT_OUTLINE, width=1)
    metres = scale_bar_metres(proj.scale, WIDTH / 4)
    length = metres * proj.scale
    x0, y = MARGIN, top + 15
    draw.line([x0, y, x0 + length, y], fill=TEXT, width=3)
    for x in (x0, x0 + length):
        draw.line([x, y - 5, x, y + 5], fill=TEXT, width=2)
    draw.text((x0, y + 7), scale_label(metres), fill=TEXT, font=_font(16))
    font = _font(15)
    text = f"© {attribution}"
    while len(text) > 4 and draw.textlength(text, font=font) > WIDTH - x0 - length - 3 * MARGIN:
        text = text[:-2] + "…"
    draw.text((WIDTH - MARGIN, top + FOOTER / 2), text, fill=TEXT, font=font, anchor="rm")


def render_png(
    highlighted: Sequence[BaseGeometry], context: Sequence[BaseGeometry], points: Sequence[tuple[float, float]],
    attribution: str, ranked: Sequence[tuple[BaseGeometry, str]] = (),
) -> bytes:
    """A PNG framing `highlighted` (or all ranked areas), with `context` outlines around and `points` on top."""
    frame = list(highlighted) or [geom for geom, _ in ranked] or list(context)
    if not frame:
        raise ValueError("nothing to draw")
    proj = Projection.fit(shapely.union_all(frame).bounds, WIDTH, HEIGHT - FOOTER)
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for geom in context:
        _polygon(draw, proj, geom, None, CONTEXT_OUTLINE, 1)
    for geom, _ in ranked:
        _polygon(draw, proj, geom, RANKED_FILL, AREA_OUTLINE, 2)
    for geom in highlighted:
        _polygon(draw, proj, geom, AREA_FILL, AREA_OUTLINE, 3)
    r = POINT_RADIUS
    for lon, lat in points:
        x, y = proj.pixel(lon, lat)
        draw.ellipse([x - r, y - r, x + r, y + r], fill=POINT)
    label_font = _font(22)
    for geom, label in ranked:
        x, y = proj.pixel(*geom.representative_point().coords[0])
        draw.text((x, y), label, fill=TEXT, font=label_font, anchor="mm", stroke_width=2, stroke_fill=BACKGROUND)
    _footer(draw, proj, attribution)
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


class MapDrawer:
    """Maps of one geodata configuration, drawn from its bundled files."""

    def __init__(self, cfg: GeoConfig, files: FileBackend | None = None) -> None:
        self.cfg = cfg
        self.files = files or FileBackend(cfg)

    def _areas(self, division: str) -> dict[str, BaseGeometry]:
        div = self.cfg.division(division)
        if div.file is None:
            raise GeoBackendError(f"division {division} has no bundled file to draw from")
        return self.files._area_index(div)  # noqa: SLF001 - the backend's own cache of the same polygons

    def _points(self, dataset: str, within: BaseGeometry, flt: Filter | None) -> list[tuple[float, float]]:
        ds = self.cfg.dataset(dataset)
        if ds.file is None:
            return []  # a WFS-only dataset: the map shows the area without points
        layer = self.files.layer(ds)
        return [(layer.geoms[i].x, layer.geoms[i].y) for i in layer.matching(within, flt)]

    def attribution(self) -> str:
        return self.cfg.file_source

    def area_map(self, area: Area, dataset: str, flt: Filter | None) -> bytes:
        """The area, its neighbours' outlines for orientation, and the counted points inside it."""
        div = self.cfg.division(area.division)
        geom = self.files.area_geometry(div, area)
        near = geom.buffer(geom.length / 20 if geom.length else 0.01)
        context = [g for g in self._areas(area.division).values() if g is not geom and g.intersects(near)]
        return render_png([geom], context, self._points(dataset, geom, flt), self.attribution())

    def division_map(self, division: str, dataset: str, flt: Filter | None, ranked: Sequence[str]) -> bytes:
        """Every area of a division, the `ranked` ones (by key, best first) filled and numbered, and the points."""
        polygons = self._areas(division)
        name_fields = self.cfg.division(division).name_fields
        first_field = next(iter(name_fields.values()))
        # The index is keyed by the raw name ("KALLIO"); rankings name areas by their key ("Kallio").
        by_key: dict[str, BaseGeometry] = {}
        for raw, geom in polygons.items():
            area = make_area(division, name_fields, {first_field: raw})
            by_key[area.key if area else raw] = geom
        chosen = [(by_key[key], str(n)) for n, key in enumerate(ranked, 1) if key in by_key]
        everything = shapely.union_all(list(polygons.values()))
        return render_png([], list(polygons.values()), self._points(dataset, everything, flt), self.attribution(),
                          ranked=chosen)


# ---- where the catalogue API serves these maps (services_catalog/api/routes/maps.py)

def _api_base() -> str:
    settings = get_settings()
    return settings.public_api_url or settings.api_url


def area_map_url(division: str, area_key: str, dataset: str, flt: Filter | None) -> str:
    """URL of the PNG map of one area and the counted points."""
    query = {"division": division, "area": area_key, "dataset": dataset}
    if flt is not None:
        query["filter"] = f"{flt.field}={flt.value}"
    return f"{_api_base()}/maps/area.png?{urlencode(query)}"


def ranking_map_url(division: str, dataset: str, flt: Filter | None, ranked: Sequence[str]) -> str:
    """URL of the PNG map of a division with the ranked areas numbered."""
    query: list[tuple[str, str]] = [("division", division), ("dataset", dataset)]
    if flt is not None:
        query.append(("filter", f"{flt.field}={flt.value}"))
    query += [("ranked", key) for key in ranked]
    return f"{_api_base()}/maps/ranking.png?{urlencode(query)}"
