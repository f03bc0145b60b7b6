"""Page a municipality's services, fetch details in batches, upsert; resumable after an interruption.

The resume point lives in the catalogue itself (table sync_state) and is committed
together with each batch, so an interrupted sync continues with the first batch
that was not stored, and re-importing a stored batch is an update, never a duplicate.
"""
from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field

from sqlalchemy.orm import Session
from tqdm import tqdm

from services_catalog.db.models import SyncState
from services_catalog.loaders.importer import import_code_tables, import_ptv_objects
from services_catalog.ptv.client import PAGE_SIZE, PTVClient

log = logging.getLogger(__name__)


@dataclass
class SyncReport:
    municipality: str
    total_ids: int = 0
    imported: int = 0
    skipped: list[str] = field(default_factory=list)
    resumed_at_batch: int | None = None


def _load_state(session: Session, key: str) -> dict | None:
    row = session.get(SyncState, key)
    return json.loads(row.value) if row else None


def _save_state(session: Session, key: str, state: dict) -> None:
    row = session.get(SyncState, key) or SyncState(key=key, value="")
    row.value = json.dumps(state)
    session.add(row)


def _collect_ids(client: PTVClient, code: str, progress: bool) -> list[str]:
    ids, page_count = client.service_page(code, 1)
    pages = tqdm(range(2, page_count + 1), desc="PTV pages", initial=1, total=max(page_count, 1),
                 disable=not progress, unit="page")
    for page in pages:
        ids += client.service_page(code, page)[0]
    return list(dict.fromkeys(ids))  # keep order, drop ids listed twice


def sync_municipality(session: Session, client: PTVClient, code: str, progress: bool = True,
                      batch_size: int = PAGE_SIZE) -> SyncReport:
    """Import every service PTV lists for municipality `code` (plus nationwide ones)."""
    key = f"ptv:{code}"
    report = SyncReport(municipality=code)
    state = _load_state(session, key)
    if state and state.get("base") == client.base:
        report.resumed_at_batch = state["next"] // batch_size
        log.info("resuming PTV sync of %s at service %d of %d", code, state["next"], len(state["ids"]))
    else:
        state = {"base": client.base, "ids": _collect_ids(client, code, progress), "next": 0}
        import_code_tables(session)
        _save_state(session, key, state)
        session.commit()
    ids = state["ids"]
    report.total_ids = len(ids)
    bar = tqdm(total=len(ids), initial=state["next"], desc="PTV services", disable=not progress, unit="svc")
    while state["next"] < len(ids):
        batch = ids[state["next"]:state["next"] + batch_size]
        records = client.services(batch)
        result = import_ptv_objects(session, records, source="ptv_api")
        report.imported += result.imported
        report.skipped += result.skipped
        state["next"] += len(batch)
        _save_state(session, key, state)
        session.commit()  # data and resume point together
        bar.update(len(batch))
    bar.close()
    session.delete(session.get(SyncState, key))
    session.commit()
    return report
