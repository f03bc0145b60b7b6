"""Helpers of the learning-loop end-to-end tests: a stack of their own, its query-log rows, one process restarted."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from services_catalog.db.setup import ensure_catalogue
from services_catalog.settings import Settings
from tests.conftest import _test_stack_class, assert_card_contract, settings_for
from tests.support.mapserver.configs import write_config
from tests.support.processes import stop_process, track


def loop_settings(var: Path, **changes: Any) -> Settings:
    """Settings of a test stack: the bundled geodata files (never the city's WFS), quick query-log writes."""
    # A token of our own: the commands a test runs (`citybot retrain`) must reach Rasa's HTTP API too.
    changes.setdefault("rasa_token", f"test-{uuid.uuid4().hex}")
    return settings_for(var, geodata=write_config(var / "geodata", None, backend="file"),
                        query_log_flush_seconds=0.1, **changes)


@contextmanager
def own_stack(model: Path, settings: Settings, migrate: bool = True) -> Iterator[Any]:
    """API, action server and Rasa server of this test only (it stops and changes them), replies checked
    against the card schema."""
    from bot.stack import Ports

    class CheckedStack(_test_stack_class()):
        def ask(self, said: str, sender: str | None = None, metadata: dict[str, Any] | None = None) -> list[dict]:
            messages = super().ask(said, sender, metadata)
            assert_card_contract(messages)
            return messages

    if migrate:
        ensure_catalogue(settings.db_url)
    with CheckedStack(model=model, ports=Ports.free(), settings=settings) as stack:
        yield stack


def stop_service(stack: Any, name: str) -> None:
    stop_process(stack.processes.pop(name))


def start_service(stack: Any, name: str, timeout: float = 240.0) -> None:
    service = next(s for s in stack.services() if s.name == name)
    track(stack.launch(service))
    stack.wait_ready([service], timeout)


def rows(db_url: str, where: str = "1=1", params: dict[str, Any] | None = None, expected: int = 0,
         timeout: float = 30.0) -> list[dict[str, Any]]:
    """Query-log rows matching `where`, waiting up to `timeout` s until there are at least `expected`."""
    engine = create_engine(db_url)
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                with engine.connect() as connection:
                    found = [dict(r._mapping) for r in
                             connection.execute(text(f"SELECT * FROM query_log WHERE {where} ORDER BY id"),
                                                params or {})]
            except Exception:  # noqa: BLE001 - the database may be down or locked on purpose
                found = []
            if len(found) >= expected or time.monotonic() > deadline:
                return found
            time.sleep(0.2)
    finally:
        engine.dispose()
