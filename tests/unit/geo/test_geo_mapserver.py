"""Counting against a real WFS 2.0 server (MapServer 8 CGI) serving the bundled data under Helsinki's names.

Expected numbers are computed here, independently, with plain json + shapely;
the WFS backend and the file backend must both give exactly those numbers.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import socket
import time
from collections import Counter
from pathlib import Path

import pytest
from shapely.geometry import shape

from services_catalog.geo import fes
from services_catalog.geo.config import load_config
from services_catalog.geo.errors import GeoBackendError
from services_catalog.geo.service import GeoService, blocking
from tests.support.mapserver.configs import write_config
from tests.support.mapserver.mapfile import start_wfs, write_mapfile

pytestmark = pytest.mark.skipif(shutil.which("mapserv") is None, reason="cgi-mapserver not installed")


@pytest.fixture(scope="module")
def wfs_url(tmp_path_factory: pytest.TempPathFactory):
    tmp = tmp_path_factory.mktemp("mapserver")
    conf = write_mapfile(load_config(write_config(tmp / "cfg", "http://unused", extra=True)), tmp / "ms")
    server = start_wfs(conf)
    yield server.url
    server.stop()


@pytest.fixture(scope="module")
def wfs_geo(wfs_url: str, tmp_path_factory: pytest.TempPathFactory) -> GeoService:
    return GeoService.from_file(write_config(tmp_path_factory.mktemp("wfs"), wfs_url, backend="wfs", extra=True))


@pytest.fixture(scope="module")
def file_geo(tmp_path_factory: pytest.TempPathFactory) -> GeoService:
    return GeoService.from_file(write_config(tmp_path_factory.mktemp("file"), None, backend="file", extra=True))


def _features(path: Path) -> list[dict]:
    return json.loads(Path(path).read_text(encoding="utf-8"))["features"]


def expected(geo: GeoService, dataset: str, division: str, area_name: str, field=None, value=None) -> list[dict]:
    """Features of `dataset` inside the area, straight from the GeoJSON files with shapely."""
    ds, div = geo.cfg.dataset(dataset), geo.cfg.division(division)
    polygon = next(shape(f["geometry"]) for f in _features(div.file) if f["properties"]["nimi_fi"] == area_name)
    return [
        f["properties"]
        for f in _features(ds.file)
        if polygon.intersects(shape(f["geometry"])) and (field is None or str(f["properties"].get(field)) == value)
    ]


QUESTIONS = [
    "Montako puuta on Kalliossa?",
    "Montako lehmusta on Eirassa?",
    "Montako puistolehmusta on Kampissa?",
    "Hur många björkar finns det i Berghäll?",
    "How many maples are there in Vuosaari?",
    "Montako mäntyä on Itäisessä suurpiirissä?",
    "Montako koivua on Lauttasaaren peruspiirissä?",
    "Montako penkkiä on Alfalassa?",
    "Montako metallista penkkiä on Gammalassa?",
]


@pytest.mark.parametrize("question", QUESTIONS)
def test_count_same_on_wfs_file_and_shapely(question: str, wfs_geo: GeoService, file_geo: GeoService) -> None:
    parsed = wfs_geo.parse(question)
    area, _ = wfs_geo.pick_area(parsed.areas, parsed.division)
    assert parsed.dataset and area is not None, question
    field, value = (parsed.filter.field, parsed.filter.value) if parsed.filter else (None, None)
    want = len(expected(wfs_geo, parsed.dataset, area.division, area.prop("nimi_fi"), field, value))
    got_wfs = blocking(wfs_geo.count(parsed.dataset, area, parsed.filter))
    got_file = blocking(file_geo.count(parsed.dataset, area, parsed.filter))
    assert got_wfs.backend == "wfs" and got_file.backend == "file"
    assert got_wfs.count == got_file.count == want
    assert want > 0, "a question with zero trees would not catch a broken filter"


def test_top_values_same_on_both(wfs_geo: GeoService, file_geo: GeoService) -> None:
    area = wfs_geo.area("kaupunginosa", "Kallio")
    want = Counter(p["suku"] for p in expected(wfs_geo, "puut", "kaupunginosa", "KALLIO") if p["suku"])
    top = [(k, n) for k, n in sorted(want.items(), key=lambda kv: (-kv[1], kv[0]))[:5]]
    assert blocking(wfs_geo.top_values("puut", area, "suku", None)).items == top
    assert blocking(file_geo.top_values("puut", area, "suku", None)).items == top


def test_ranking_of_a_division_same_on_both(wfs_geo: GeoService, file_geo: GeoService) -> None:
    flt = wfs_geo.parse("lehmus").filter
    wfs_rank = blocking(wfs_geo.by_area("puut", "suurpiiri", flt))
    file_rank = blocking(file_geo.by_area("puut", "suurpiiri", flt))
    assert len(wfs_rank.items) == 8
    assert wfs_rank.items == file_rank.items
    for name, n in wfs_rank.items[:2]:
        raw = wfs_geo.area("suurpiiri", name).prop("nimi_fi")
        assert n == len(expected(wfs_geo, "puut", "suurpiiri", raw, "suku", "Tilia"))


def test_axis_order_of_epsg_3879(wfs_geo: GeoService) -> None:
    """Polygons come back x/y after parsing, and the server reads our northing-first filter."""
    div, ds = wfs_geo.cfg.division("kaupunginosa"), wfs_geo.cfg.dataset("puut")
    area = wfs_geo.area("kaupunginosa", "Kallio")
    polygon = blocking(wfs_geo.wfs.area_geometry(div, area))
    assert 25_400_000 < polygon.centroid.x < 25_600_000 and 6_600_000 < polygon.centroid.y < 6_700_000
    right = fes.Query(ds.type_name, wfs_geo.cfg.wfs.srs_name, ds.geometry, area=polygon)
    swapped = dataclasses.replace(right, axis_order="xy")

    def hits(q: fes.Query) -> int | None:
        return fes.number_matched(blocking(wfs_geo.wfs._post(fes.get_feature(q, wfs_geo.cfg.wfs.namespaces, "hits"))))

    assert hits(right) == len(expected(wfs_geo, "puut", "kaupunginosa", "KALLIO")) > 0
    assert hits(swapped) == 0


def test_capped_hits_fall_back_to_paged_counting(tmp_path: Path, wfs_geo: GeoService) -> None:
    conf = write_mapfile(load_config(write_config(tmp_path / "c", "http://unused")), tmp_path / "ms",
                         compute_number_matched=False, max_features=10)
    server = start_wfs(conf)
    try:
        capped = GeoService.from_file(write_config(tmp_path / "w", server.url, backend="wfs"))
        area = capped.area("kaupunginosa", "Kallio")
        flt = capped.parse("lehmus").filter
        got = blocking(capped.count("puut", area, flt)).count
        assert got == len(expected(capped, "puut", "kaupunginosa", "KALLIO", "suku", "Tilia")) > 10
        assert capped.wfs.paged_counts == 1
    finally:
        server.stop()


def test_unknown_type_name_is_a_backend_error(wfs_url: str, tmp_path: Path) -> None:
    geo = GeoService.from_file(write_config(tmp_path, wfs_url, backend="wfs"))
    bad = dataclasses.replace(geo.cfg.dataset("puut"), type_name="avoindata:EiOle")
    area = geo.area("kaupunginosa", "Kallio")
    with pytest.raises(GeoBackendError):
        blocking(geo.wfs.count(bad, geo.cfg.division("kaupunginosa"), area, None))


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_server_down_raises_quickly_and_auto_mode_uses_files(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/wfs"
    down = GeoService.from_file(write_config(tmp_path / "a", url, backend="wfs"))
    area = down.area("kaupunginosa", "Kallio")
    started = time.monotonic()
    with pytest.raises(GeoBackendError):
        blocking(down.count("puut", area, None))
    assert time.monotonic() - started < 10
    auto = GeoService.from_file(write_config(tmp_path / "b", url, backend="auto"))
    answer = blocking(auto.count("puut", area, None))
    assert answer.backend == "file" and answer.count == len(expected(auto, "puut", "kaupunginosa", "KALLIO"))


def test_slow_server_times_out(tmp_path: Path) -> None:
    with socket.socket() as listener:  # accepts connections, never answers
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        url = f"http://127.0.0.1:{listener.getsockname()[1]}/wfs"
        slow = GeoService.from_file(write_config(tmp_path, url, backend="wfs"))
        slow.wfs.wfs = dataclasses.replace(slow.wfs.wfs, timeout_s=0.5, retries=1)
        started = time.monotonic()
        with pytest.raises(GeoBackendError):
            blocking(slow.count("puut", slow.area("kaupunginosa", "Kallio"), None))
        assert time.monotonic() - started < 5
