"""Buffered, retrying writes of query-log rows: the reply never waits for the database, and no row is lost.

`submit()` appends the row to a spool file in the var directory (a local append, microseconds)
and wakes a background thread. The thread renames the spool file out of the way, inserts its
rows in one transaction and only then deletes it; when the database is down, locked or slow it
keeps the file and tries again with growing pauses. Rows carry a `uid`, so a file whose insert
committed but whose deletion did not (a crash in between) is inserted again harmlessly. Files a
dead process left behind are taken over by the next writer on the same var directory.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import threading
import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine

from services_catalog.db.session import make_engine, session_factory
from services_catalog.querylog.store import insert_rows, purge_older_than

log = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 3600.0


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


class QueryLogWriter:
    def __init__(self, db_url: str, spool_dir: Path, flush_seconds: float = 0.3, max_pause: float = 15.0,
                 retention_days: int | None = None) -> None:
        self.db_url = db_url
        self.spool_dir = spool_dir
        self.flush_seconds = flush_seconds
        self.max_pause = max_pause
        self.retention_days = retention_days
        self._pid = os.getpid()
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._engine: Engine | None = None
        self._sequence = 0
        self._last_purge = 0.0
        self.failing_since: float | None = None

    @property
    def _open_file(self) -> Path:
        return self.spool_dir / f"{self._pid}.open.jsonl"

    def submit(self, row: dict[str, Any]) -> None:
        """Keep the row for writing; returns at once."""
        line = json.dumps(row, ensure_ascii=False, default=str)
        with self._lock:
            self.spool_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            with self._open_file.open("a", encoding="utf-8") as handle:
                handle.write(line + "\n")
            self.start()
        self._wake.set()

    def start(self) -> None:
        """Run the background thread (it also takes over rows a stopped process left in the spool)."""
        if self._thread is None or not self._thread.is_alive():
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="query-log-writer", daemon=True)
            self._thread.start()
        self._wake.set()

    def _run(self) -> None:
        pause = self.flush_seconds
        while not self._stop.is_set():
            if self.failing_since is None:
                self._wake.wait(timeout=30.0)
                self._wake.clear()
                # A short wait gathers the rows of a busy moment into one transaction.
                self._stop.wait(self.flush_seconds)
            else:
                self._stop.wait(pause)
            try:
                self.flush()
                self._purge_now_and_then()
            except Exception as error:  # noqa: BLE001 - any database error: keep the rows, try again
                if self.failing_since is None:
                    self.failing_since = time.monotonic()
                    log.warning("query log: database not writable (%s); rows kept in %s", error, self.spool_dir)
                pause = min(self.max_pause, max(self.flush_seconds, pause * 2))
                continue
            if self.failing_since is not None:
                log.warning("query log: database back after %.1f s", time.monotonic() - self.failing_since)
            self.failing_since, pause = None, self.flush_seconds

    def _engine_(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.db_url)
        return self._engine

    def _ready_files(self) -> list[Path]:
        """This process's rotated files, then files of processes that are gone (claimed by renaming)."""
        with self._lock:
            if self._open_file.exists() and self._open_file.stat().st_size:
                self._sequence += 1
                self._open_file.rename(self.spool_dir / f"{self._pid}-{time.time_ns()}-{self._sequence}.ready.jsonl")
        if not self.spool_dir.exists():
            return []
        for path in self.spool_dir.glob("*.jsonl"):
            owner = path.name.split(".")[0].split("-")[0]
            if owner.isdigit() and int(owner) != self._pid and not _alive(int(owner)):
                self._sequence += 1
                try:
                    path.rename(self.spool_dir / f"{self._pid}-{time.time_ns()}-{self._sequence}.ready.jsonl")
                except FileNotFoundError:
                    pass  # another writer claimed it first
        return sorted(self.spool_dir.glob(f"{self._pid}-*.ready.jsonl"))

    def flush(self) -> int:
        """Write every kept row now; the number written. Raises when the database does not take them."""
        written = 0
        for path in self._ready_files():
            rows = []
            for line in path.read_text(encoding="utf-8").splitlines():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError:
                    log.warning("query log: skipping a damaged line in %s", path)
            with self._engine_().begin() as connection:
                written += insert_rows(connection, rows)
            path.unlink()
        return written

    def pending(self) -> int:
        """Rows kept but not yet written."""
        if not self.spool_dir.exists():
            return 0
        return sum(len(p.read_text(encoding="utf-8").splitlines()) for p in self.spool_dir.glob("*.jsonl"))

    def _purge_now_and_then(self) -> None:
        if not self.retention_days or time.monotonic() - self._last_purge < PURGE_EVERY_SECONDS:
            return
        with session_factory(self._engine_())() as session:
            deleted = purge_older_than(session, self.retention_days)
        self._last_purge = time.monotonic()
        if deleted:
            log.info("query log: deleted %d rows older than %d days", deleted, self.retention_days)

    def close(self, timeout: float = 5.0) -> None:
        """Stop the thread after one last attempt to write (rows that do not make it stay in the spool)."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)
        try:
            self.flush()
        except Exception as error:  # noqa: BLE001 - the rows stay in the spool for the next start
            log.warning("query log: %d rows left in %s (%s)", self.pending(), self.spool_dir, error)


_writers: dict[tuple[str, Path], QueryLogWriter] = {}
_writers_lock = threading.Lock()


def shared_writer(db_url: str, spool_dir: Path, **options: Any) -> QueryLogWriter:
    """One writer per database and spool directory in a process, however often Rasa recreates its tracker
    store (every model load does)."""
    with _writers_lock:
        key = (db_url, spool_dir)
        if key not in _writers:
            _writers[key] = QueryLogWriter(db_url, spool_dir, **options)
            atexit.register(_writers[key].close)
        return _writers[key]
