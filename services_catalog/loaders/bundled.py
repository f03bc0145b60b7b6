"""The bundled default catalogue: code lists, the 1,790 PTV services and the hand-written tables."""
from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

from services_catalog.language import LANGS
from services_catalog.loaders.records import MalformedRecord, NamedCode, ServiceRecord
from services_catalog.loaders.table import read_table, row_to_record
from services_catalog.table_io import TABLES_DIR, read_rows

log = logging.getLogger(__name__)

PTV_TABLE = TABLES_DIR / "ptv_services_fi.csv"
CODE_TABLES = {
    "municipalities": TABLES_DIR / "services_municipalities.csv",
    "target_groups": TABLES_DIR / "services_target_groups.csv",
    "life_events": TABLES_DIR / "services_life_events.csv",
}
# services_*.csv tables that are not service tables
NOT_SERVICE_TABLES = {p.name for p in CODE_TABLES.values()} | {"services_lexicon.csv"}
# The PTV extract names areas, not municipality codes.
AREA_MUNICIPALITY = {"Turku": "853", "Oulu": "564", "Mikkeli": "491"}
# Excel line-break residue in the extract
_CR_RESIDUE = re.compile(r"_x000D_\s*")


def read_codes(path: Path) -> list[NamedCode]:
    return [
        NamedCode(
            code=row["code"],
            names={lang: row[f"name_{lang}"] for lang in LANGS if row.get(f"name_{lang}")},
            parent_code=row.get("parent_code") or None,
        )
        for row in read_rows(path)
    ]


def _clean(text: str) -> str:
    return _CR_RESIDUE.sub(" ", text or "").strip()


def ptv_table_records(path: Path = PTV_TABLE) -> Iterator[ServiceRecord]:
    """Services of the PTV extract, one record per PTV id (ids listed under two areas are merged)."""
    merged: dict[str, ServiceRecord] = {}
    for line, row in enumerate(read_rows(path), start=2):
        sid, name = row.get("id", ""), _clean(row.get("name_fi", ""))
        if not sid or name in ("", "nan"):
            log.warning("%s line %d skipped: no id or name", path.name, line)
            continue
        rec = merged.get(sid)
        if rec is None:
            rec = merged[sid] = ServiceRecord(
                id=sid,
                source="ptv_bundled",
                names={"fi": name},
                summaries={"fi": _clean(row.get("summary_fi", ""))},
                life_areas=[a.strip() for a in row.get("life_areas", "").split(";") if a.strip()],
                url=f"https://www.suomi.fi/palvelut/{sid}",
            )
        area = row.get("area", "")
        if area == "national":
            rec.nationwide = True
        elif area in AREA_MUNICIPALITY:
            code = AREA_MUNICIPALITY[area]
            if all(m.code != code for m in rec.municipalities):
                rec.municipalities.append(NamedCode(code=code))
        else:
            log.warning("%s line %d: unknown area %r", path.name, line, area)
    yield from merged.values()


def hand_written_tables(tables_dir: Path = TABLES_DIR) -> list[Path]:
    """services_*.csv/yml in the tables directory, except the code lists and the search lexicon."""
    found = [
        p
        for pattern in ("services_*.csv", "services_*.yml", "services_*.yaml")
        for p in tables_dir.glob(pattern)
        if p.name not in NOT_SERVICE_TABLES
    ]
    return sorted(found)


def hand_written_records(paths: list[Path]) -> Iterator[ServiceRecord]:
    for path in paths:
        for index, row in enumerate(read_table(path), start=1):
            try:
                yield row_to_record(row)
            except MalformedRecord as err:
                log.warning("%s row %d skipped: %s", path.name, index, err)
