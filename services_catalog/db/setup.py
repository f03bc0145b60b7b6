"""Bringing a catalogue database up to date: the one place that migrates and seeds it.

`citybot run`, the catalogue API and the maintainer CLI all call `ensure_catalogue()`.
The bundled tables are loaded again only when they changed since the last load; their
fingerprint is kept in the database itself, so every worker and checkout agrees.
"""

from __future__ import annotations

import hashlib
import logging

from services_catalog.db.migrate import upgrade
from services_catalog.db.models import SyncState
from services_catalog.db.session import make_engine, session_factory
from services_catalog.loaders.importer import import_bundled
from services_catalog.table_io import TABLES_DIR

log = logging.getLogger(__name__)
DIGEST_KEY = "bundled_tables_digest"


def bundled_tables_digest() -> str:
    """Fingerprint of the bundled service tables: a change means the catalogue must be reloaded."""
    digest = hashlib.sha256()
    for path in sorted(TABLES_DIR.glob("*.csv")) + sorted(TABLES_DIR.glob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def ensure_catalogue(url: str | None = None) -> bool:
    """Migrate the schema, then (re)load the bundled tables when they changed; True when they were loaded."""
    upgrade(url)
    digest = bundled_tables_digest()
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            state = session.get(SyncState, DIGEST_KEY)
            if state is not None and state.value == digest:
                return False
            report = import_bundled(session)
            state = session.get(SyncState, DIGEST_KEY) or SyncState(key=DIGEST_KEY, value="")
            state.value = digest
            session.add(state)
            session.commit()
    finally:
        engine.dispose()
    log.info("bundled catalogue loaded: %d services, %d skipped", report.imported, len(report.skipped))
    return True
