"""Bringing the catalogue database up to date before the service starts."""

from __future__ import annotations

import hashlib
import logging

from bot import settings
from services_catalog.table_io import TABLES_DIR

log = logging.getLogger(__name__)


def bundled_tables_digest() -> str:
    """Fingerprint of the bundled service tables: a change means the catalogue must be reloaded."""
    digest = hashlib.sha256()
    for path in sorted(TABLES_DIR.glob("*.csv")) + sorted(TABLES_DIR.glob("*.yml")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def prepare_catalogue(url: str | None = None) -> None:
    """Migrate the schema, then (re)load the bundled tables when they changed since the last load."""
    from services_catalog.db.migrate import upgrade
    from services_catalog.db.session import make_engine, session_factory
    from services_catalog.loaders.importer import import_bundled

    url = url or settings.db_url()
    upgrade(url)
    stamp = settings.VAR_DIR / f"catalogue-{hashlib.sha256(url.encode()).hexdigest()[:12]}.loaded"
    digest = bundled_tables_digest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    engine = make_engine(url)
    try:
        with session_factory(engine)() as session:
            report = import_bundled(session)
    finally:
        engine.dispose()
    log.info("bundled catalogue loaded: %d services, %d skipped", report.imported, len(report.skipped))
    stamp.parent.mkdir(parents=True, exist_ok=True)
    stamp.write_text(digest)
