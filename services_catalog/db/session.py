"""Engine and session factory built from CITYBOT_DB_URL."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool

from services_catalog.settings import get_settings


def db_url(url: str | None = None) -> str:
    """The DB URL: an explicit argument, else CITYBOT_DB_URL, else var/citybot.db."""
    return url or get_settings().db_url


# Engine options that keep a SQLite file's connections between sessions: SQLAlchemy 1.4 opens a new one per session,
# and opening it (with its pragmas) cost each catalogue query 1 ms (a search makes two or three) and made WAL
# checkpoint on every close. A pooled connection is used by one thread at a time, which is all SQLite asks.
SQLITE_FILE_POOL: dict[str, Any] = {"poolclass": QueuePool, "connect_args": {"check_same_thread": False}}


def make_engine(url: str | None = None) -> Engine:
    url = db_url(url)
    options: dict[str, Any] = {}
    if url.startswith("sqlite:///") and not url.startswith("sqlite:///:memory:"):
        # sqlite does not create the parent directory of its file
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
        options = SQLITE_FILE_POOL
    engine = create_engine(url, future=True, pool_pre_ping=True, **options)
    # ON DELETE CASCADE needs foreign keys on; WAL lets the API read while an import writes
    sqlite_pragmas(engine, "foreign_keys=ON", "journal_mode=WAL")
    return engine


def sqlite_pragmas(engine: Engine, *pragmas: str) -> None:
    """Run `PRAGMA <p>` for each of `pragmas` on every new connection of a SQLite engine; other databases are left
    alone."""
    if engine.dialect.name != "sqlite":
        return

    def apply(dbapi_conn, _record) -> None:
        cur = dbapi_conn.cursor()
        for pragma in pragmas:
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    event.listen(engine, "connect", apply)


def session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, class_=Session, future=True, expire_on_commit=False)
