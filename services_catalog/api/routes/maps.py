"""Map images of geodata answers (PNG), drawn offline from the bundled geometries.

Geo cards name these URLs (`map_image_url`); the widget, Slack and Teams show the
image. The picture depends only on the query, so it is cached here and by clients.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, HTTPException, Query, Response

from services_catalog.api.deps import SettingsDep
from services_catalog.geo import replies
from services_catalog.geo.config import load_config
from services_catalog.geo.errors import GeoBackendError
from services_catalog.geo.map_image import MapDrawer
from services_catalog.geo.places import PlaceIndex, make_area
from services_catalog.geo.query import Filter

router = APIRouter(prefix="/maps", tags=["maps"])
MAX_RANKED = 10
CACHE_SECONDS = 24 * 3600
Name = Annotated[str, Query(min_length=1, max_length=200)]


class MapSource:
    """The drawer and the place names of one geodata configuration."""

    def __init__(self, path: Path) -> None:
        self.drawer = MapDrawer(load_config(path))
        cfg, files = self.drawer.cfg, self.drawer.files
        self.places = PlaceIndex([
            area for div in cfg.divisions if div.file is not None
            for area in (make_area(div.key, div.name_fields, props) for props in files.area_props(div)) if area
        ])

    def check(self, division: str, dataset: str, raw_filter: str | None) -> Filter | None:
        cfg = self.drawer.cfg
        if division not in {d.key for d in cfg.divisions}:
            raise HTTPException(404, f"unknown division {division!r}")
        if dataset not in {d.key for d in cfg.datasets}:
            raise HTTPException(404, f"unknown dataset {dataset!r}")
        flt = replies.decode_filter(cfg, dataset, raw_filter) if raw_filter else None
        if raw_filter and flt is None:
            raise HTTPException(422, "filter must be field=value of the dataset, as geodata.yml names them")
        return flt


@lru_cache(maxsize=4)
def map_source(path: Path) -> MapSource:
    return MapSource(path)


@lru_cache(maxsize=256)
def _area_png(path: Path, division: str, area: str, dataset: str, raw_filter: str | None) -> bytes:
    source = map_source(path)
    flt = source.check(division, dataset, raw_filter)
    found = source.places.named(area, division)
    if not found:
        raise HTTPException(404, f"no area {area!r} in {division}")
    return source.drawer.area_map(found[0], dataset, flt)


@lru_cache(maxsize=64)
def _ranking_png(path: Path, division: str, dataset: str, raw_filter: str | None, ranked: tuple[str, ...]) -> bytes:
    source = map_source(path)
    flt = source.check(division, dataset, raw_filter)
    return source.drawer.division_map(division, dataset, flt, ranked)


def _png(draw: object, *args: object) -> Response:
    try:
        content = draw(*args)  # type: ignore[operator]
    except GeoBackendError as error:
        raise HTTPException(404, str(error)) from error
    return Response(content, media_type="image/png", headers={"Cache-Control": f"public, max-age={CACHE_SECONDS}"})


@router.get("/area.png", response_class=Response, responses={200: {"content": {"image/png": {}}}})
def area_map(settings: SettingsDep, division: Name, area: Name, dataset: Name,
             filter: Annotated[str | None, Query(max_length=200)] = None) -> Response:  # noqa: A002 - the card's name
    """One area with the counted points (a `geo_count` answer)."""
    return _png(_area_png, settings.geodata, division, area, dataset, filter)


@router.get("/ranking.png", response_class=Response, responses={200: {"content": {"image/png": {}}}})
def ranking_map(settings: SettingsDep, division: Name, dataset: Name,
                filter: Annotated[str | None, Query(max_length=200)] = None,  # noqa: A002
                ranked: Annotated[list[str] | None, Query(max_length=200)] = None) -> Response:
    """A division with the ranked areas numbered, best first (a `geo_ranking` answer)."""
    chosen = tuple(ranked or ())
    if len(chosen) > MAX_RANKED:
        raise HTTPException(422, f"at most {MAX_RANKED} ranked areas")
    return _png(_ranking_png, settings.geodata, division, dataset, filter, chosen)
