"""Test copies of geodata.yml: pointed at a local WFS, optionally with the fixture's extra entries."""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "geo"


def _absolute_files(section: dict, base: Path) -> None:
    for spec in section.values():
        if spec.get("file") and not Path(spec["file"]).is_absolute():
            spec["file"] = str(base / spec["file"])


def write_config(
    out_dir: Path, wfs_url: str | None = None, backend: str = "auto", extra: bool = False, **overrides
) -> Path:
    """geodata.yml copied to `out_dir`, with its WFS url replaced and fixture entries merged in."""
    raw = yaml.safe_load((ROOT / "geodata.yml").read_text(encoding="utf-8"))
    _absolute_files(raw["datasets"], ROOT)
    _absolute_files(raw["divisions"], ROOT)
    if extra:
        more = yaml.safe_load((FIXTURES / "extra.yml").read_text(encoding="utf-8"))
        _absolute_files(more["datasets"], FIXTURES)
        _absolute_files(more["divisions"], FIXTURES)
        raw["datasets"].update(more["datasets"])
        raw["divisions"].update(more["divisions"])
    if wfs_url is None:
        raw.pop("wfs", None)
    else:
        raw["wfs"]["url"] = wfs_url
        raw["wfs"]["timeout_s"] = 20
    raw["backend"] = backend
    raw.update(overrides)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "geodata.yml"
    path.write_text(yaml.safe_dump(raw, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
