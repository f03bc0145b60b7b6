"""Rasa's SQL tracker store without its exit on a bad value.

Rasa 3.6's `SQLTrackerStore.session_scope` turns every ValueError raised while a
conversation is saved into `sys.exit`, because it assumes the error means a missing
PostgreSQL schema. A value the database cannot store (a lone surrogate in a sender
id, NUL on PostgreSQL) raises ValueError too, so one request would stop the whole
server. Here only the schema check is treated as a configuration error; any other
failure stays an ordinary exception of that one request.
"""

from __future__ import annotations

import contextlib
from collections.abc import Generator

from rasa.core.tracker_store import SQLTrackerStore, ensure_schema_exists
from sqlalchemy.orm import Session


class TrackerStoreConfigError(RuntimeError):
    """The tracker store's database is not set up as configured."""


class SafeSQLTrackerStore(SQLTrackerStore):
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
