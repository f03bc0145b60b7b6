"""Import entry points used by the CLI and tests: each returns an ImportReport."""
from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from services_catalog.db.models import LifeEvent, Municipality, Service, TargetGroup, TermService
from services_catalog.loaders import bundled
from services_catalog.loaders.ptv_json import channel_from_ptv, service_from_ptv
from services_catalog.loaders.records import MalformedRecord, ServiceRecord
from services_catalog.loaders.table import read_table, row_to_record
from services_catalog.loaders.upsert import upsert_channel, upsert_codes, upsert_service

log = logging.getLogger(__name__)


@dataclass
class ImportReport:
    imported: int = 0
    skipped: list[str] = field(default_factory=list)  # one reason per skipped record

    def add(self, other: ImportReport) -> ImportReport:
        self.imported += other.imported
        self.skipped += other.skipped
        return self


def import_code_tables(session: Session) -> None:
    for name, model in (("municipalities", Municipality), ("target_groups", TargetGroup),
                        ("life_events", LifeEvent)):
        upsert_codes(session, model, bundled.read_codes(bundled.CODE_TABLES[name]))
    session.flush()


def import_records(session: Session, records: Iterable[ServiceRecord]) -> ImportReport:
    report = ImportReport()
    for rec in records:
        try:
            # check before writing, so a bad record leaves nothing half-written
            upsert_service(session, rec.check())
            report.imported += 1
        except MalformedRecord as err:
            report.skipped.append(str(err))
            log.warning("skipped: %s", err)
    return report


def import_bundled(session: Session) -> ImportReport:
    """The default catalogue `citybot run` starts with. Idempotent."""
    import_code_tables(session)
    report = import_records(session, bundled.ptv_table_records())
    report.add(import_records(session, bundled.hand_written_records(bundled.hand_written_tables())))
    link_terms(session)
    session.commit()
    return report


def link_terms(session: Session) -> int:
    """Store the term↔service links of terms.csv (`related_services`) for services the catalogue holds."""
    from services_catalog.terms import TERMS_CSV, read_terms

    if not TERMS_CSV.exists():
        return 0
    known = set(session.scalars(select(Service.id)))
    wanted = {(t.id, sid) for t in read_terms() for sid in t.related_services if sid in known}
    stored = set(session.execute(select(TermService.term_id, TermService.service_id)).all())
    for term_id, service_id in wanted - stored:
        session.add(TermService(term_id=term_id, service_id=service_id))
    for term_id, service_id in stored - wanted:
        session.delete(session.get(TermService, (term_id, service_id)))
    return len(wanted)


def import_table(session: Session, path: Path) -> ImportReport:
    """A hand-written CSV/YAML service table."""
    import_code_tables(session)
    report = ImportReport()
    for index, row in enumerate(read_table(path), start=1):
        try:
            rec = row_to_record(row)
        except MalformedRecord as err:
            report.skipped.append(f"{path.name} row {index}: {err}")
            continue
        report.add(import_records(session, [rec]))
    session.commit()
    return report


def _ptv_objects(data: Any) -> list[Any]:
    """A PTV file holds one record, a list of records, a page ({itemList: [...]}) or records keyed by id."""
    if isinstance(data, list):
        return data
    if isinstance(data, dict) and isinstance(data.get("itemList"), list):
        return data["itemList"]
    if isinstance(data, dict) and "id" not in data and all(isinstance(v, dict) for v in data.values()):
        return list(data.values())
    return [data]


def import_ptv_objects(session: Session, objects: Iterable[Any], source: str = "ptv_json") -> ImportReport:
    """PTV v11 service and service-channel records; malformed ones are skipped with a reason."""
    report = ImportReport()
    for obj in objects:
        record_id = obj.get("id") if isinstance(obj, dict) else None
        try:
            # A savepoint per record: one the database refuses is rolled back alone, not with its batch.
            with session.begin_nested():
                if isinstance(obj, dict) and "serviceChannelType" in obj:
                    _import_channel(session, obj)
                    report.imported += 1
                else:
                    report.add(import_records(session, [service_from_ptv(obj, source=source)]))
        except MalformedRecord as err:
            report.skipped.append(str(err))
            log.warning("skipped PTV record: %s", err)
        except (TypeError, ValueError, AttributeError, SQLAlchemyError) as err:
            # A shape the loader did not foresee: skip this record, and the sync goes on past it.
            report.skipped.append(f"{record_id!r}: unexpected record shape ({type(err).__name__}: {err})"[:300])
            log.warning("skipped PTV record %r: %s", record_id, err)
    return report


def _import_channel(session: Session, obj: dict) -> None:
    with session.begin_nested():
        channel = upsert_channel(session, channel_from_ptv(obj))
        for link in obj.get("services") or []:
            service = session.get(Service, ((link or {}).get("service") or {}).get("id"))
            if service is not None and channel not in service.channels:
                service.channels.append(channel)


def import_ptv_file(session: Session, path: Path) -> ImportReport:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise MalformedRecord(f"{path}: not readable JSON ({err})") from err
    import_code_tables(session)
    report = import_ptv_objects(session, _ptv_objects(data))
    session.commit()
    return report
