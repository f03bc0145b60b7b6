"""Production mode on PostgreSQL: the database stops in the middle of a conversation and comes back; the replies
never wait for it and every turn's row arrives afterwards."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from services_catalog.querylog.rows import conversation_hash
from tests.support.learning_loop import loop_settings, own_stack, rows
from tests.support.processes import stop_process, track

BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
pytestmark = [pytest.mark.e2e,
              pytest.mark.skipif(not BIN, reason="PostgreSQL server binaries not installed (scripts/apt-packages.txt)")]
SALT = "salt-for-the-postgres-test-0123"


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


class Postgres:
    """A private PostgreSQL on a Unix socket only (no TCP port for anything else on the machine to take)."""

    def __init__(self) -> None:
        # Not under pytest's tmp dir: its 0700 parents would lock the postgres user out.
        self.root = Path(tempfile.mkdtemp(prefix="citybot-pg-loop-"))
        self.data, self.sock = self.root / "data", self.root / "sock"
        self.sock.mkdir()
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres")
            shutil.chown(self.sock, "postgres")
        subprocess.run(_as_postgres([f"{BIN[-1]}/initdb", "-D", str(self.data), "-A", "trust", "-U", "citybot"]),
                       check=True, capture_output=True, timeout=120)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"postgresql+psycopg2://citybot@/postgres?host={self.sock}"

    def start(self) -> None:
        self.process = track(subprocess.Popen(
            _as_postgres([f"{BIN[-1]}/postgres", "-D", str(self.data), "-h", "", "-k", str(self.sock)]),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
        deadline = time.monotonic() + 60
        while subprocess.run([f"{BIN[-1]}/pg_isready", "-h", str(self.sock)], capture_output=True).returncode:
            assert self.process.poll() is None and time.monotonic() < deadline, "PostgreSQL did not start"
            time.sleep(0.3)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, grace=60)
            self.process = None


@pytest.fixture(scope="module")
def production(trained_model: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Any, Postgres]]:
    postgres = Postgres()
    postgres.start()
    secrets = {name: f"{name}-{uuid.uuid4().hex}" for name in ("rasa_token", "api_token", "admin_password")}
    settings = loop_settings(tmp_path_factory.mktemp("pg-var"), production=True, db_url=postgres.url,
                             hash_salt=SALT, cors_origins="https://www.example.fi", **secrets)
    try:
        with own_stack(trained_model, settings) as stack:
            yield stack, postgres
    finally:
        postgres.stop()
        shutil.rmtree(postgres.root, ignore_errors=True)


def test_rows_written_while_postgres_was_down_arrive_when_it_returns(production: tuple[Any, Postgres]) -> None:
    stack, postgres = production
    sender = f"pg-{uuid.uuid4().hex[:10]}"
    where, params = "conversation = :c", {"c": conversation_hash(sender, SALT)}
    stack.ask("mikä on kela", sender)
    assert len(rows(postgres.url, where, params, expected=1)) == 1
    postgres.stop()
    asked = ["kiitos", "mikä on opintotuki", "hei"]
    try:
        for said in asked:
            started = time.monotonic()
            assert stack.ask(said, sender), said
            assert time.monotonic() - started < 30, "a reply must not wait for the database"
    finally:
        time.sleep(2)
        postgres.start()
    found = rows(postgres.url, where, params, expected=4, timeout=90)
    assert [r["text"] for r in found] == ["mikä on kela", *asked]
    assert all(r["channel"] == "rest" for r in found)


def test_conversations_survive_a_postgres_restart_in_the_tracker_store() -> None:
    """The pooled connections die with the server; the store reconnects instead of failing (and Rasa then
    starting the conversation afresh)."""
    import asyncio

    from rasa.shared.core.domain import Domain
    from rasa.shared.core.events import SlotSet, UserUttered
    from rasa.shared.core.trackers import DialogueStateTracker

    from bot.tracker_store import SafeSQLTrackerStore

    postgres = Postgres()
    postgres.start()
    try:
        store = SafeSQLTrackerStore(Domain.empty(), dialect="postgresql", host=str(postgres.sock), db="postgres",
                                    username="citybot", query_log=False)
        tracker = DialogueStateTracker.from_events("restart", [UserUttered("hello"), SlotSet("lang", "en")])
        asyncio.run(store.save(tracker))

        def events() -> list[tuple[str, str]]:
            kept = asyncio.run(store.retrieve("restart"))
            return [(e.type_name, getattr(e, "text", None) or getattr(e, "value", "")) for e in kept.events]

        assert events() == [("user", "hello"), ("slot", "en")]  # a connection is now in the pool
        postgres.stop()
        time.sleep(2)  # as in the test above: the old server's last processes let go of its data directory
        postgres.start()
        assert events() == [("user", "hello"), ("slot", "en")]
    finally:
        postgres.stop()
        shutil.rmtree(postgres.root, ignore_errors=True)
