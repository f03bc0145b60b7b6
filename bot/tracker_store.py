"""Rasa's SQL tracker store, made safe, redacting, and the one place that logs every user turn.

Three jobs, all at the moment Rasa saves a conversation:

1. **No exit on a bad value.** Rasa 3.6's `SQLTrackerStore.session_scope` turns every ValueError
   raised while a conversation is saved into `sys.exit`, because it assumes the error means a missing
   PostgreSQL schema. A value the database cannot store (a lone surrogate in a sender id, NUL on
   PostgreSQL) raises ValueError too, so one request would stop the whole server. Here only the
   schema check is treated as a configuration error.
2. **Redaction.** What the user typed (and what the bot echoed of it, and slots filled from it) is
   stored with personal data replaced (services_catalog/privacy.py). The actions of the turn being
   saved already ran with the original text; later turns read the redacted history.
3. **The query log.** Every save that finishes a user turn, whatever the channel and whatever path the
   turn took (an action, Rasa's core fallback, an action server that is down), hands one row to the
   buffered query-log writer. docs/ARCHITECTURE.md ("Query log") says why here.
"""

from __future__ import annotations

import contextlib
import json
import logging
import time
from collections import OrderedDict
from collections.abc import Generator
from typing import Any

import sqlalchemy as sa
from rasa.core.tracker_store import SQLTrackerStore, ensure_schema_exists
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.events import ActionExecuted, Event, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.orm import Session

from services_catalog.db.session import SQLITE_FILE_POOL, sqlite_pragmas
from services_catalog.local_secrets import secret
from services_catalog.privacy import redact, redact_values
from services_catalog.querylog.rows import row_from_events
from services_catalog.querylog.writer import QueryLogWriter, shared_writer
from services_catalog.search.embed import TEXT_VECTOR_KEY
from services_catalog.settings import Settings, get_settings

log = logging.getLogger(__name__)
SPOOL_DIR = "querylog-spool"
PURGE_EVERY_SECONDS = 3600.0
# Turns already handed to the writer by this process: a later save of the same tracker (a reminder,
# an event posted through the HTTP API) must not log the same turn again.
_RECENT_LIMIT = 10_000
_recent: OrderedDict[str, None] = OrderedDict()


class TrackerStoreConfigError(RuntimeError):
    """The tracker store's database is not set up as configured."""


def redact_event(data: dict[str, Any]) -> dict[str, Any]:
    """A serialised Rasa event with personal data replaced wherever user text can be."""
    kind = data.get("event")
    if kind == "user":
        data = {**data, "text": redact(data.get("text") or "") if data.get("text") else data.get("text")}
        parse = data.get("parse_data")
        if isinstance(parse, dict):
            # The NLU's vector of the text is only for this turn's search; stored, it would be the unredacted
            # text in another form (e5 vectors can be inverted to much of their text), and 2 KB an event.
            data["parse_data"] = {**{k: v for k, v in parse.items() if k != TEXT_VECTOR_KEY},
                                  "text": redact_values(parse.get("text")),
                                  "entities": redact_values(parse.get("entities"))}
    elif kind == "bot":
        data = {**data, "text": redact_values(data.get("text")), "data": redact_values(data.get("data"))}
    elif kind == "slot":
        data = {**data, "value": redact_values(data.get("value"))}
    elif kind == "entities":
        data = {**data, "entities": redact_values(data.get("entities"))}
    return data


def _turn_events(tracker: DialogueStateTracker) -> list[dict[str, Any]]:
    """The events from the latest user message on, as dictionaries (only those: a tracker can be long)."""
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return [event.as_dict() for event in events[index:]]
    return []


def _only_listening(tracker: DialogueStateTracker) -> bool:
    """Whether the tracker is one Rasa has just created: no event, or only the first `action_listen`."""
    events = tracker.events
    if len(events) > 1:
        return False
    return not events or (isinstance(events[0], ActionExecuted) and events[0].action_name == ACTION_LISTEN_NAME)


def _remember(uid: str) -> bool:
    """True the first time this process sees a turn."""
    if uid in _recent:
        return False
    _recent[uid] = None
    while len(_recent) > _RECENT_LIMIT:
        _recent.popitem(last=False)
    return True


class SafeSQLTrackerStore(SQLTrackerStore):
    def __init__(self, *args: Any, query_log: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite" and isinstance(self.engine.pool, sa.pool.NullPool):
            self._keep_sqlite_connections()
        # After a PostgreSQL restart every pooled connection is dead; without a ping at checkout the first use of
        # each fails, and Rasa's fail-safe wrapper then starts that conversation afresh (its language, profile
        # and form lost). Rasa's constructor takes no pool options, hence the pool's own flag.
        self.engine.pool._pre_ping = True
        settings = get_settings()
        self._retention_days = settings.query_log_retention_days
        self._last_purge = 0.0
        self._writer: QueryLogWriter | None = None
        if query_log:
            # Fails at start-up, not at the first message, when production mode lacks the salt.
            self._salt = secret("hash_salt", settings)
            self._writer = query_log_writer(settings)
            self._writer.start()

    def _keep_sqlite_connections(self) -> None:
        """A SQLite file in WAL mode with NORMAL sync, its connections kept between saves.

        In SQLite's default rollback journal every commit (one a turn) syncs the file several times: 2 ms on the
        production disk against 0.03 ms in WAL with NORMAL sync, which stays consistent and loses at most the last
        turns on a power cut. Rasa's engine (SQLAlchemy 1.4's NullPool for a file) opened a connection for each
        session, and WAL then cost more than it saved: each closing connection checkpointed and deleted the log.
        """
        url = self.engine.url
        self.engine.dispose()
        self.engine = sa.create_engine(url, **SQLITE_FILE_POOL)
        sqlite_pragmas(self.engine, "journal_mode=WAL", "synchronous=NORMAL")
        self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    @contextlib.contextmanager
    def session_scope(self) -> Generator[Session, None, None]:
        session = self.sessionmaker()
        try:
            try:
                ensure_schema_exists(session)
            except ValueError as error:
                raise TrackerStoreConfigError(f"PostgreSQL schema {error} was not found") from error
            yield session
        finally:
            session.close()

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Log the finished turn, then store the new events redacted (Rasa's own `save`, plus redaction)."""
        if _only_listening(tracker):
            # Rasa saves a new conversation before its first turn, holding nothing but "listening", and saves it
            # again with that turn: the first save only cost every first message a query and a commit.
            return
        self._log_turn(tracker)
        await self.stream_events(tracker)
        with self.session_scope() as session:
            for event in self._additional_events(session, tracker):
                session.add(self._row(tracker.sender_id, event))
            session.commit()
        self._purge_now_and_then()

    def _row(self, sender_id: str, event: Event) -> Any:
        data = redact_event(event.as_dict())
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=(data.get("parse_data") or {}).get("intent", {}).get("name"),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    def _log_turn(self, tracker: DialogueStateTracker) -> None:
        if self._writer is None:
            return
        try:
            row = row_from_events(tracker.sender_id, _turn_events(tracker), self._salt, time.time())
            if row is not None and _remember(row["uid"]):
                self._writer.submit(row)
        except Exception:  # noqa: BLE001 - logging must never cost the user their answer
            log.exception("query log: could not log a turn of %s", tracker.sender_id[:40])

    def _purge_now_and_then(self) -> None:
        if time.monotonic() - self._last_purge < PURGE_EVERY_SECONDS:
            return
        self._last_purge = time.monotonic()
        deleted = self.purge_older_than(self._retention_days)
        if deleted:
            log.info("tracker store: deleted %d events older than %d days", deleted, self._retention_days)

    def purge_older_than(self, days: int) -> int:
        """Delete stored events older than `days` days; the number deleted."""
        cutoff = time.time() - days * 86400
        with self.session_scope() as session:
            deleted = session.execute(sa.delete(self.SQLEvent).where(self.SQLEvent.timestamp < cutoff)).rowcount
            session.commit()
        return deleted or 0

    def conversation_events(self, sender_id: str) -> list[dict[str, Any]]:
        """Every stored event of a conversation, all sessions (a GDPR export)."""
        with self.session_scope() as session:
            query = sa.select(self.SQLEvent.data).where(self.SQLEvent.sender_id == sender_id)
            return [json.loads(data) for data in session.scalars(query.order_by(self.SQLEvent.id))]

    def delete_conversation(self, sender_id: str) -> int:
        """Delete every stored event of a conversation; the number deleted."""
        with self.session_scope() as session:
            deleted = session.execute(sa.delete(self.SQLEvent).where(self.SQLEvent.sender_id == sender_id)).rowcount
            session.commit()
        return deleted or 0


def query_log_writer(settings: Settings) -> QueryLogWriter:
    """This process's writer of query-log rows to the configured database."""
    return shared_writer(settings.db_url, settings.var_dir / SPOOL_DIR,
                         flush_seconds=settings.query_log_flush_seconds,
                         retention_days=settings.query_log_retention_days)


def configured_store(settings: Settings | None = None) -> SafeSQLTrackerStore:
    """The tracker store bot/endpoints.yml configures, for the maintainers' commands (no query logging)."""
    settings = settings or get_settings()
    return SafeSQLTrackerStore(None, dialect=settings.tracker_dialect, db=settings.tracker_db, query_log=False)
