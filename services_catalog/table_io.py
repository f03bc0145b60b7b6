"""Reading the spreadsheet-edited CSV tables: one place for encoding and list-cell conventions."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

TABLES_DIR = Path(__file__).resolve().parent / "tables"
LIST_SEPARATOR = "|"


def read_rows(path: Path) -> Iterator[dict[str, str]]:
    """Rows of a UTF-8 CSV (a spreadsheet's BOM is tolerated), with cells stripped."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            yield {key.strip(): (value or "").strip() for key, value in row.items() if key}


def split_list(cell: str) -> list[str]:
    """A `|`-separated cell as a list, empty items dropped."""
    return [item.strip() for item in (cell or "").split(LIST_SEPARATOR) if item.strip()]
