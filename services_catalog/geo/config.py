"""geodata.yml as typed objects: endpoints, datasets, attributes and area divisions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from services_catalog.language import LANGS


class GeoConfigError(ValueError):
    """geodata.yml is missing something or has the wrong shape."""


@dataclass(frozen=True)
class Value:
    """One filterable attribute value and the words people use for it."""

    value: str
    names: dict[str, tuple[str, ...]]
    forms: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        names = self.names.get(lang) or self.names.get("fi") or (self.value,)
        return names[0]


@dataclass(frozen=True)
class Attribute:
    field: str
    label: dict[str, str]
    plural: dict[str, tuple[str, ...]]
    values: tuple[Value, ...]
    refines: str | None = None

    def value(self, raw: str) -> Value | None:
        return next((v for v in self.values if v.value == raw), None)


@dataclass(frozen=True)
class Dataset:
    key: str
    type_name: str
    geometry: str
    names: dict[str, tuple[str, ...]]
    label: dict[str, str]
    attributes: tuple[Attribute, ...]
    file: Path | None = None
    forms: tuple[str, ...] = ()

    def attribute(self, name: str) -> Attribute | None:
        return next((a for a in self.attributes if a.field == name), None)


@dataclass(frozen=True)
class Division:
    key: str
    type_name: str
    geometry: str
    name_fields: dict[str, str]
    names: dict[str, tuple[str, ...]]
    file: Path | None = None


@dataclass(frozen=True)
class WfsConfig:
    url: str
    namespaces: dict[str, str]
    srs_name: str
    timeout_s: float = 10.0
    retries: int = 2
    page_size: int = 1000
    workers: int = 4
    axis_order: str | None = None
    source: str = "WFS"


@dataclass(frozen=True)
class GeoConfig:
    datasets: tuple[Dataset, ...]
    divisions: tuple[Division, ...]
    default_division: str
    backend: str = "auto"
    wfs: WfsConfig | None = None
    file_source: str = "bundled files"
    ambiguity: str = "default"
    top_n: int = 5
    probe_ttl_s: float = 300.0
    base_dir: Path = field(default_factory=Path.cwd)

    def dataset(self, key: str) -> Dataset:
        for d in self.datasets:
            if d.key == key:
                return d
        raise KeyError(f"unknown dataset {key!r}")

    def division(self, key: str) -> Division:
        for d in self.divisions:
            if d.key == key:
                return d
        raise KeyError(f"unknown division {key!r}")


def _names(raw: Any, where: str) -> dict[str, tuple[str, ...]]:
    if not isinstance(raw, dict):
        raise GeoConfigError(f"{where}: names must map fi/sv/en to lists")
    out = {}
    for lang in LANGS:
        words = raw.get(lang) or []
        if isinstance(words, str):
            words = [words]
        out[lang] = tuple(str(w) for w in words)
    return out


def _labels(raw: Any, fallback: str) -> dict[str, str]:
    raw = raw or {}
    return {lang: str(raw.get(lang) or raw.get("fi") or fallback) for lang in LANGS}


def _path(base: Path, raw: Any) -> Path | None:
    if not raw:
        return None
    p = Path(raw)
    return p if p.is_absolute() else base / p


def _attribute(fieldname: str, raw: dict[str, Any]) -> Attribute:
    values = tuple(
        Value(str(v), _names(spec, f"{fieldname}.{v}"), tuple(spec.get("forms") or ()))
        for v, spec in (raw.get("values") or {}).items()
    )
    return Attribute(
        field=fieldname,
        label=_labels(raw.get("label"), fieldname),
        plural=_names(raw.get("plural") or {}, fieldname),
        values=values,
        refines=raw.get("refines"),
    )


def _require(raw: dict[str, Any], key: str, where: str) -> Any:
    if key not in raw or raw[key] in (None, ""):
        raise GeoConfigError(f"{where}: missing {key!r}")
    return raw[key]


def parse_config(raw: dict[str, Any], base_dir: Path) -> GeoConfig:
    """Build a GeoConfig from the parsed YAML mapping; paths resolve against `base_dir`."""
    if not isinstance(raw, dict):
        raise GeoConfigError("geodata config must be a mapping")
    datasets = tuple(
        Dataset(
            key=key,
            type_name=_require(spec, "type_name", key),
            geometry=spec.get("geometry", "geom"),
            names=_names(_require(spec, "names", key), key),
            label=_labels(spec.get("label"), key),
            attributes=tuple(_attribute(f, a or {}) for f, a in (spec.get("attributes") or {}).items()),
            file=_path(base_dir, spec.get("file")),
            forms=tuple(spec.get("forms") or ()),
        )
        for key, spec in (raw.get("datasets") or {}).items()
    )
    divisions = tuple(
        Division(
            key=key,
            type_name=_require(spec, "type_name", key),
            geometry=spec.get("geometry", "geom"),
            name_fields=dict(spec.get("name_fields") or {"fi": "nimi_fi"}),
            names=_names(_require(spec, "names", key), key),
            file=_path(base_dir, spec.get("file")),
        )
        for key, spec in (raw.get("divisions") or {}).items()
    )
    if not datasets or not divisions:
        raise GeoConfigError("geodata config needs at least one dataset and one division")
    wfs_raw = raw.get("wfs")
    wfs = None
    if wfs_raw and wfs_raw.get("url"):
        wfs = WfsConfig(
            url=str(wfs_raw["url"]),
            namespaces=dict(wfs_raw.get("namespaces") or {}),
            srs_name=str(wfs_raw.get("srs_name", "urn:ogc:def:crs:EPSG::3879")),
            timeout_s=float(wfs_raw.get("timeout_s", 10)),
            retries=int(wfs_raw.get("retries", 2)),
            page_size=int(wfs_raw.get("page_size", 1000)),
            workers=max(1, int(wfs_raw.get("workers", 4))),
            axis_order=wfs_raw.get("axis_order"),
            source=str(wfs_raw.get("source", wfs_raw["url"])),
        )
    default_division = str(raw.get("default_division") or divisions[0].key)
    backend = str(raw.get("backend", "auto"))
    if backend not in ("auto", "wfs", "file"):
        raise GeoConfigError(f"backend must be auto, wfs or file, not {backend!r}")
    cfg = GeoConfig(
        datasets=datasets,
        divisions=divisions,
        default_division=default_division,
        backend=backend,
        wfs=wfs,
        file_source=str((raw.get("file") or {}).get("source", "bundled files")),
        ambiguity=str(raw.get("ambiguity", "default")),
        top_n=int(raw.get("top_n", 5)),
        probe_ttl_s=float(raw.get("probe_ttl_s", 300)),
        base_dir=base_dir,
    )
    cfg.division(default_division)  # fail early on a typo
    return cfg


def load_config(path: Path | str) -> GeoConfig:
    """Read geodata.yml (or a test's copy of it)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise GeoConfigError(f"cannot read {path}: {exc}") from exc
    base = path.resolve().parent
    if isinstance(raw, dict) and raw.get("base_dir"):
        base = (base / raw["base_dir"]).resolve()
    return parse_config(raw, base)
