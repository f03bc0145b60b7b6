"""Engine and session factory built from CITYBOT_DB_URL."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from services_catalog.settings import get_settings


def db_url(url: str | None = None) -> str:
    """The DB URL: an explicit argument, else CITYBOT_DB_URL, else var/citybot.db."""
    return url or get_settings().db_url


def make_engine(url: str | None = None) -> Engine:
    url = db_url(url)
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        # sqlite does not create the parent directory of its file
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url, future=True, pool_pre_ping=True)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_pragmas)
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    # ON DELETE CASCADE needs foreign keys on; WAL lets the API read while an import writes
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.close()


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, class_=Session, future=True, expire_on_commit=False)
