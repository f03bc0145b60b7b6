"""The tracker store logs each finished turn once, stores conversations redacted, and answers GDPR requests;
rows survive a locked database and a stopped process."""

from __future__ import annotations

import asyncio
import json
import os
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy import create_engine, text

from bot.tracker_store import SafeSQLTrackerStore, query_log_writer
from services_catalog.db.migrate import upgrade
from services_catalog.querylog.writer import QueryLogWriter
from services_catalog.search.embed import DIMENSION, TEXT_VECTOR_KEY, encode_vector
from services_catalog.settings import REPO_ROOT, Settings
from tests.support.learning_loop import rows


@pytest.fixture()
def configured(settings: Callable[..., Settings], tmp_path: Path) -> Iterator[Settings]:
    chosen = settings(var_dir=tmp_path, query_log_flush_seconds=0.05)
    upgrade(chosen.db_url)
    yield chosen
    query_log_writer(chosen).close(timeout=2)


def store_for(settings: Settings) -> SafeSQLTrackerStore:
    return SafeSQLTrackerStore(Domain.empty(), dialect="sqlite", db=settings.tracker_db)


def turn(tracker: DialogueStateTracker, said: str, card: dict | None = None) -> None:
    tracker.update(UserUttered(said, intent={"name": "search_service", "confidence": 0.8},
                               parse_data={"text": said, "intent": {"name": "search_service", "confidence": 0.8},
                                           "entities": [{"entity": "need", "value": said}]},
                               metadata={"channel": "widget"}))
    tracker.update(ActionExecuted("action_search_services"))
    if card is not None:
        tracker.update(BotUttered(f"haettu: {said}", data={"custom": card}))
    tracker.update(ActionExecuted("action_listen"))


def logged(settings: Settings, expected: int, timeout: float = 15.0) -> list[dict]:
    return rows(settings.db_url, expected=expected, timeout=timeout)


def test_each_finished_turn_becomes_one_redacted_row(configured: Settings) -> None:
    store = store_for(configured)
    tracker = DialogueStateTracker.from_events("conv-1", [ActionExecuted("action_listen")])
    turn(tracker, "soita 040 123 4567", {"type": "service_list", "lang": "fi", "items": [], "answer_id": "b" * 32})
    asyncio.run(store.save(tracker))
    asyncio.run(store.save(tracker))  # saved again (a reminder, an API call): still one row
    turn(tracker, "entä uimahalli")
    asyncio.run(store.save(tracker))
    rows = logged(configured, 2)
    assert [(r["text"], r["channel"], r["answer_id"]) for r in rows] == [
        ("soita <PHONE>", "widget", "b" * 32), ("entä uimahalli", "widget", None)]
    assert len({r["conversation"] for r in rows}) == 1 and "conv-1" not in json.dumps(rows, default=str)


def test_the_tracker_store_keeps_only_redacted_text(configured: Settings) -> None:
    store = store_for(configured)
    tracker = DialogueStateTracker.from_events("conv-2", [ActionExecuted("action_listen")])
    turn(tracker, "hetu 131052-308T ja a@b.fi", {"type": "message", "id": "x", "lang": "fi"})
    asyncio.run(store.save(tracker))
    raw = sqlite3.connect(configured.tracker_db).execute("SELECT data FROM events").fetchall()
    stored = " ".join(r[0] for r in raw)
    assert "131052-308T" not in stored and "a@b.fi" not in stored and "<HETU>" in stored
    again = asyncio.run(store.retrieve("conv-2"))
    assert again.latest_message.text == "hetu <HETU> ja <EMAIL>"
    assert again.latest_message.entities[0]["value"] == "hetu <HETU> ja <EMAIL>"


def test_neither_store_keeps_the_nlu_vector_of_a_message(configured: Settings) -> None:
    store = store_for(configured)
    vector = encode_vector(np.full(DIMENSION, DIMENSION ** -0.5, dtype=np.float32))
    tracker = DialogueStateTracker.from_events("conv-v", [ActionExecuted("action_listen")])
    tracker.update(UserUttered("haluan uimaan", parse_data={"text": "haluan uimaan", TEXT_VECTOR_KEY: vector,
                                                             "intent": {"name": "search_service", "confidence": 0.8},
                                                             "entities": []}))
    tracker.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(tracker))
    raw = sqlite3.connect(configured.tracker_db).execute("SELECT data FROM events").fetchall()
    assert raw and not any(TEXT_VECTOR_KEY in r[0] or vector[:40] in r[0] for r in raw)
    assert vector[:40] not in json.dumps(logged(configured, 1), default=str)


def test_gdpr_export_and_delete_reach_both_stores(configured: Settings, tmp_path: Path) -> None:
    store = store_for(configured)
    for sender in ("person-a", "person-b"):
        tracker = DialogueStateTracker.from_events(sender, [ActionExecuted("action_listen")])
        turn(tracker, f"kysymys {sender}", {"type": "message", "id": "x", "lang": "fi"})
        asyncio.run(store.save(tracker))
    logged(configured, 2)
    env = {**configured.environment(), "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    cli = [sys.executable, "-m", "bot.cli", "logs"]
    exported = subprocess.run([*cli, "export-conversation", "person-a"], env=env, cwd=REPO_ROOT, check=True,
                              capture_output=True, text=True, timeout=120)
    body = json.loads(exported.stdout)
    assert [r["text"] for r in body["query_log"]] == ["kysymys person-a"]
    assert {e["event"] for e in body["tracker_events"]} >= {"user", "bot", "action"}
    deleted = subprocess.run([*cli, "delete-conversation", "person-a"], env=env, cwd=REPO_ROOT, check=True,
                             capture_output=True, text=True, timeout=120)
    assert "deleted 1 query-log rows" in deleted.stdout
    assert [r["text"] for r in logged(configured, 1)] == ["kysymys person-b"]
    assert asyncio.run(store.retrieve("person-a")) is None and asyncio.run(store.retrieve("person-b")) is not None


def test_rows_wait_while_the_database_is_locked_and_arrive_after(configured: Settings) -> None:
    store = store_for(configured)
    lock = sqlite3.connect(configured.db_url.removeprefix("sqlite:///"), timeout=1)
    lock.execute("BEGIN EXCLUSIVE")  # nobody else may write (or read, without WAL) until we end it
    tracker = DialogueStateTracker.from_events("conv-3", [ActionExecuted("action_listen")])
    started = time.monotonic()
    for number in range(5):
        turn(tracker, f"kysymys {number}")
        asyncio.run(store.save(tracker))
    assert time.monotonic() - started < 3, "saving must not wait for the query-log database"
    writer = query_log_writer(configured)
    deadline = time.monotonic() + 30
    while writer.failing_since is None and time.monotonic() < deadline:
        time.sleep(0.2)  # SQLite makes the writer wait up to 5 s for the lock before it gives up
    assert writer.failing_since is not None and writer.pending() == 5
    lock.rollback()
    lock.close()
    assert [r["text"] for r in logged(configured, 5, timeout=40)] == [f"kysymys {n}" for n in range(5)]


def test_rows_of_a_stopped_process_are_written_by_the_next_one(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'q.db'}"
    upgrade(url)
    spool = tmp_path / "spool"
    spool.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    row = {"uid": "u" * 32, "created_at": "2026-12-01T10:00:00", "text": "jäi kesken", "fell_back": False}
    (spool / f"{dead.pid}.open.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    writer = QueryLogWriter(url, spool)
    assert writer.flush() == 1
    assert writer.flush() == 0 and not list(spool.iterdir())
    # A retried file that had already been written does not duplicate its rows.
    (spool / f"{os.getpid()}-1-1.ready.jsonl").write_text(json.dumps(row) + "\n", encoding="utf-8")
    writer.flush()
    with create_engine(url).connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM query_log")).scalar() == 1
