"""Map images of geo answers (services_catalog/geo/map_image.py, GET /maps/*.png), drawn offline.

Expectations come from the bundled GeoJSON read here with shapely and plain arithmetic, not from the
drawing code: which trees lie in the area, the area's true shape, and what a scale bar must say.
"""

from __future__ import annotations

import io
import json
import math
from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image
from shapely.geometry import Point, shape

from services_catalog.api.routes import maps
from services_catalog.geo import map_image
from services_catalog.settings import REPO_ROOT
from tests.support.channel_standins import Replies, first_card

GEODATA = REPO_ROOT / "services_catalog" / "tables" / "geodata"


def area_shape(name_fi: str):  # noqa: ANN201 - a shapely geometry
    features = json.loads((GEODATA / "kaupunginosat.geojson").read_text(encoding="utf-8"))["features"]
    return next(shape(f["geometry"]) for f in features if f["properties"]["nimi_fi"] == name_fi.upper())


def trees_in(name_fi: str, genus: str | None = None) -> int:
    area = area_shape(name_fi)
    features = json.loads((GEODATA / "puurekisteri_sample_5000.geojson").read_text(encoding="utf-8"))["features"]
    return sum(1 for f in features if f.get("geometry") and (genus is None or f["properties"].get("suku") == genus)
               and area.intersects(Point(f["geometry"]["coordinates"])))


@pytest.fixture(scope="module")
def client() -> Iterator[TestClient]:
    app = FastAPI()
    app.include_router(maps.router)
    with TestClient(app) as test_client:
        yield test_client


def png(response: httpx.Response) -> Image.Image:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "image/png"
    return Image.open(io.BytesIO(response.content)).convert("RGB")


def pixels(image: Image.Image, colour: tuple[int, int, int]) -> list[tuple[int, int]]:
    width, height = image.size
    data = image.load()
    return [(x, y) for y in range(height - map_image.FOOTER) for x in range(width) if data[x, y] == colour]


def bbox(points: list[tuple[int, int]]) -> tuple[int, int, int, int]:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def test_area_map_draws_the_outline_with_its_true_shape_and_the_points_inside(client: TestClient) -> None:
    image = png(client.get("/maps/area.png", params={"division": "kaupunginosa", "area": "Kallio",
                                                      "dataset": "puut"}))
    assert image.size == (map_image.WIDTH, map_image.HEIGHT)
    outline = pixels(image, map_image.AREA_OUTLINE)
    dots = pixels(image, map_image.POINT)
    assert trees_in("Kallio") > 0 and dots, "the counted trees are drawn"
    x0, y0, x1, y1 = bbox(outline)
    dx0, dy0, dx1, dy1 = bbox(dots)
    assert x0 - 3 <= dx0 and dx1 <= x1 + 3 and y0 - 3 <= dy0 and dy1 <= y1 + 3, "points lie within the outline"
    minx, miny, maxx, maxy = area_shape("Kallio").bounds
    lat = (miny + maxy) / 2
    true_aspect = ((maxx - minx) * 111_320 * math.cos(math.radians(lat))) / ((maxy - miny) * 110_574)
    assert (x1 - x0) / (y1 - y0) == pytest.approx(true_aspect, rel=0.04)


def test_a_filter_that_matches_nothing_draws_no_points(client: TestClient) -> None:
    genus = next(g for g in ("Abies", "Larix", "Crataegus", "Aesculus") if trees_in("Kallio", g) == 0)
    image = png(client.get("/maps/area.png", params={"division": "kaupunginosa", "area": "Kallio",
                                                      "dataset": "puut", "filter": f"suku={genus}"}))
    assert pixels(image, map_image.AREA_OUTLINE) and not pixels(image, map_image.POINT)


def test_ranking_map_fills_the_ranked_areas(client: TestClient) -> None:
    image = png(client.get("/maps/ranking.png", params=[("division", "kaupunginosa"), ("dataset", "puut"),
                                                         ("ranked", "Kallio"), ("ranked", "Eira")]))
    assert pixels(image, map_image.RANKED_FILL) and pixels(image, map_image.POINT)


@pytest.mark.parametrize("params, status", [
    ({"division": "kaupunginosa", "area": "Atlantis", "dataset": "puut"}, 404),
    ({"division": "no-such-division", "area": "Kallio", "dataset": "puut"}, 404),
    ({"division": "kaupunginosa", "area": "Kallio", "dataset": "no-such-data"}, 404),
    ({"division": "kaupunginosa", "area": "Kallio", "dataset": "puut", "filter": "suku=<script>"}, 422),
    ({"division": "kaupunginosa", "area": "Kallio", "dataset": "puut", "filter": "no equals sign"}, 422),
    ({"division": "kaupunginosa", "area": "x" * 500, "dataset": "puut"}, 422),
    ({"division": "kaupunginosa", "dataset": "puut"}, 422),
])
def test_bad_map_requests_get_a_clear_client_error(client: TestClient, params: dict, status: int) -> None:
    response = client.get("/maps/area.png", params=params)
    assert response.status_code == status and "detail" in response.json()


def test_too_many_ranked_areas_are_refused(client: TestClient) -> None:
    params = [("division", "kaupunginosa"), ("dataset", "puut")] + [("ranked", "Kallio")] * 11
    assert client.get("/maps/ranking.png", params=params).status_code == 422


def test_maps_are_cacheable(client: TestClient) -> None:
    response = client.get("/maps/area.png", params={"division": "kaupunginosa", "area": "Eira", "dataset": "puut"})
    assert response.headers["cache-control"] == f"public, max-age={maps.CACHE_SECONDS}"


@pytest.mark.parametrize("pixels_per_metre, room, expected", [
    (0.1, 160, 1000),    # 1 km is 100 px; 2 km would be 200 px
    (1.0, 160, 100),     # 100 m is 100 px; 200 m would be 200 px
    (0.0075, 160, 20_000),
    (50.0, 160, 50),     # even the shortest bar is longer than the room: the shortest is used
])
def test_scale_bar_takes_the_longest_round_length_that_fits(pixels_per_metre: float, room: float,
                                                             expected: int) -> None:
    assert map_image.scale_bar_metres(pixels_per_metre, room) == expected


def test_scale_labels_read_naturally() -> None:
    assert [map_image.scale_label(m) for m in (250, 1000, 2500, 20_000)] == ["250 m", "1 km", "2.5 km", "20 km"]


def test_the_real_answer_links_a_map_the_real_api_serves(recorded_replies: Replies) -> None:
    card = first_card(recorded_replies, "Montako puuta on Kalliossa?", "geo_count")
    assert card["count"] == trees_in("Kallio")
    assert str(trees_in("Kallio")) in card["map_alt"]
    image = png(httpx.get(card["map_image_url"], timeout=30))
    assert pixels(image, map_image.POINT)
