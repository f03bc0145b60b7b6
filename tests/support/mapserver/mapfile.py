"""Write a MapServer config + mapfile that serves geodata.yml's files under the WFS names.

Layer and field names are exactly Helsinki's (avoindata:Kaupunginosajako,
avoindata:Puurekisteri_piste, nimi_fi, suku, geom ...), so the production
config only needs its URL changed to point here.
"""

from __future__ import annotations

import shutil
import subprocess  # noqa: F401 - RunningWfs.proc's type
import sys
from dataclasses import dataclass
from pathlib import Path

from services_catalog.geo.config import GeoConfig
from tests.support.processes import start_announcing, stop_process

ROOT = Path(__file__).resolve().parents[3]


def _layer(type_name: str, geometry: str, kind: str, path: Path) -> str:
    name = type_name.split(":", 1)[-1]
    return f"""
  LAYER
    NAME "{name}"
    TYPE {kind.upper()}
    STATUS ON
    CONNECTIONTYPE OGR
    CONNECTION "{path}"
    PROJECTION "init=epsg:4326" END
    METADATA
      "wfs_title" "{name}"
      "wfs_srs" "EPSG:3879 EPSG:4326"
      "gml_include_items" "all"
      "gml_geometries" "{geometry}"
      "gml_{geometry}_type" "{kind}"
      "gml_featureid" "id"
      "wfs_getfeature_formatlist" "geojson"
    END
  END"""


def _fast_copy(src: Path, out_dir: Path) -> Path:
    """FlatGeobuf copy of a GeoJSON file when GDAL is installed.

    MapServer CGI re-reads its data on every request; a 2 MB GeoJSON costs
    ~0.4 s per request, FlatGeobuf with its spatial index ~0.15 s.
    """
    ogr2ogr = shutil.which("ogr2ogr")
    if ogr2ogr is None:
        return src
    dst = out_dir / (src.stem + ".fgb")
    if not dst.exists():
        subprocess.run([ogr2ogr, "-f", "FlatGeobuf", str(dst), str(src)], check=True, capture_output=True)
    return dst


def write_mapfile(
    cfg: GeoConfig, out_dir: Path, compute_number_matched: bool = True, max_features: int = 100000
) -> Path:
    """Write `out_dir`/wfs.map and `out_dir`/mapserver.conf; returns the config path.

    `compute_number_matched=False` with a small `max_features` reproduces a server
    whose hits are capped, to exercise the client's paged-counting fallback.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix, uri = next(iter(cfg.wfs.namespaces.items())) if cfg.wfs and cfg.wfs.namespaces else (
        "avoindata", "https://www.hel.fi/avoindata")
    layers = [_layer(d.type_name, d.geometry, "point", _fast_copy(d.file, out_dir)) for d in cfg.datasets if d.file]
    layers += [
        _layer(d.type_name, d.geometry, "polygon", _fast_copy(d.file, out_dir)) for d in cfg.divisions if d.file
    ]
    hits = '"wfs_compute_number_matched" "true"' if compute_number_matched else ""
    mapfile = out_dir / "wfs.map"
    mapfile.write_text(
        f"""MAP
  NAME "{prefix}"
  EXTENT 24.5 59.9 25.6 60.4
  PROJECTION "init=epsg:4326" END
  WEB
    METADATA
      "wfs_title" "citybot test WFS"
      "wfs_onlineresource" "http://127.0.0.1/wfs?"
      "wfs_srs" "EPSG:3879 EPSG:4326"
      "wfs_enable_request" "*"
      "wfs_namespace_prefix" "{prefix}"
      "wfs_namespace_uri" "{uri}"
      "wfs_maxfeatures" "{max_features}"
      {hits}
    END
  END
{"".join(layers)}
END
""",
        encoding="utf-8",
    )
    conf = out_dir / "mapserver.conf"
    conf.write_text(f'CONFIG\n  ENV\n    MS_MAPFILE "{mapfile}"\n  END\nEND\n', encoding="utf-8")
    return conf


@dataclass
class RunningWfs:
    url: str
    proc: subprocess.Popen

    def stop(self) -> None:
        """Stop the server we started, by its PID."""
        stop_process(self.proc, grace=5.0)


def start_wfs(config_file: Path) -> RunningWfs:
    """Start the CGI wrapper on a free loopback port (it binds port 0 itself); returns its WFS URL."""
    proc, port = start_announcing([sys.executable, "-m", "tests.support.mapserver.cgi_server", str(config_file)],
                                  cwd=ROOT)
    return RunningWfs(f"http://127.0.0.1:{port}/wfs", proc)
