"""Hand-written service tables (CSV or YAML) in the format of services_catalog/tables/README.md."""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from services_catalog.language import LANGS
from services_catalog.loaders.records import (
    ChannelRecord,
    MalformedRecord,
    NamedCode,
    OrganisationRecord,
    ServiceRecord,
)
from services_catalog.table_io import read_rows, split_list

REQUIRED = ("id", "name_fi", "summary_fi", "provider", "url")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "provider"


def _as_list(value) -> list[str]:
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return split_list(str(value or ""))


def row_to_record(row: dict, source: str = "table") -> ServiceRecord:
    """One hand-written row (CSV cells or a YAML mapping) as a ServiceRecord."""
    row = {k: v for k, v in row.items() if v not in (None, "")}
    missing = [col for col in REQUIRED if not str(row.get(col, "")).strip()]
    if missing:
        raise MalformedRecord(f"{row.get('id') or '?'}: missing {', '.join(missing)}")
    sid = str(row["id"]).strip()
    provider = str(row["provider"]).strip()
    municipalities = _as_list(row.get("municipality"))
    channels = [ChannelRecord(id=f"{sid}-web", type="WebPage", names={"fi": row["name_fi"]}, url=row["url"])]
    if row.get("phone"):
        channels.append(ChannelRecord(id=f"{sid}-phone", type="Phone", phone=str(row["phone"])))
    if row.get("address"):
        channels.append(ChannelRecord(id=f"{sid}-address", type="ServiceLocation", address=str(row["address"])))
    return ServiceRecord(
        id=sid,
        source=source,
        names={lang: str(row[f"name_{lang}"]) for lang in LANGS if row.get(f"name_{lang}")},
        summaries={lang: str(row[f"summary_{lang}"]) for lang in LANGS if row.get(f"summary_{lang}")},
        descriptions={lang: str(row[f"description_{lang}"]) for lang in LANGS if row.get(f"description_{lang}")},
        keywords=_as_list(row.get("keywords")),
        url=str(row["url"]),
        # no municipality means the service is for everyone in Finland
        nationwide=not municipalities,
        provider=OrganisationRecord(id=f"org-{_slug(provider)}", names={"fi": provider}),
        municipalities=[NamedCode(code=c) for c in municipalities],
        target_groups=[NamedCode(code=c) for c in _as_list(row.get("target_groups"))],
        life_events=[NamedCode(code=c) for c in _as_list(row.get("life_events"))],
        channels=channels,
    ).check()


def read_table(path: Path) -> list[dict]:
    """Raw rows of a hand-written table, CSV or YAML (a list of mappings)."""
    if path.suffix.lower() in (".yml", ".yaml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        if not isinstance(data, list) or not all(isinstance(r, dict) for r in data):
            raise MalformedRecord(f"{path}: expected a YAML list of services")
        return data
    if path.suffix.lower() == ".csv":
        return list(read_rows(path))
    raise MalformedRecord(f"{path}: unsupported table format {path.suffix!r} (use .csv, .yml or .yaml)")
