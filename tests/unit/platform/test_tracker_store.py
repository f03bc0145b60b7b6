"""The tracker store must never end the Rasa process because of one conversation's values."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot.tracker_store import SafeSQLTrackerStore, redact_event
from services_catalog.search.embed import TEXT_VECTOR_KEY


def _save(store: SQLTrackerStore, sender: str) -> None:
    tracker = DialogueStateTracker.from_events(sender, [UserUttered("hei")])
    asyncio.run(store.save(tracker))


def test_rasa_own_store_exits_on_a_lone_surrogate(tmp_path: Path) -> None:
    # The reason SafeSQLTrackerStore exists: if Rasa ever fixes this, the wrapper can go.
    store = SQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    with pytest.raises(SystemExit):
        _save(store, "x\ud800")


def test_safe_store_fails_only_the_one_save(tmp_path: Path) -> None:
    store = SafeSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"))
    with pytest.raises(Exception) as raised:  # noqa: PT011 - any ordinary error, as long as it is not an exit
        _save(store, "x\ud800")
    assert not isinstance(raised.value, SystemExit)
    _save(store, "ordinary-sender")
    assert asyncio.run(store.retrieve("ordinary-sender")).latest_message.text == "hei"


def test_a_sqlite_store_writes_ahead_and_keeps_its_connections(tmp_path: Path) -> None:
    store = SafeSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"), query_log=False)
    _save(store, "someone")
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
    # a closed connection would checkpoint and delete the log at every save, costing more than WAL saves
    assert (tmp_path / "t.db-wal").exists()
    assert asyncio.run(store.retrieve("someone")).latest_message.text == "hei"


def test_the_nlu_vector_of_a_message_is_not_stored() -> None:
    parse = {"text": "soita 040 123 4567", "intent": {"name": "search_service"}, "entities": [],
             TEXT_VECTOR_KEY: "AAAA", "router": {"unknown_words": []}}
    stored = redact_event({"event": "user", "text": parse["text"], "parse_data": parse})
    assert stored["parse_data"] == {"text": "soita <PHONE>", "intent": {"name": "search_service"}, "entities": [],
                                    "router": {"unknown_words": []}}
    assert TEXT_VECTOR_KEY in parse  # the event being saved is left as it was


def test_a_new_conversation_is_stored_with_its_first_turn_not_before(tmp_path: Path) -> None:
    from rasa.shared.core.events import ActionExecuted

    store = SafeSQLTrackerStore(Domain.empty(), dialect="sqlite", db=str(tmp_path / "t.db"), query_log=False)
    created = asyncio.run(store.get_or_create_tracker("newcomer"))  # Rasa saves it here, listening
    assert [e.as_dict()["event"] for e in created.events] == ["action"]
    assert store.conversation_events("newcomer") == []
    assert asyncio.run(store.retrieve("newcomer")) is None  # the same as a conversation never seen
    created.update(UserUttered("hei"))
    created.update(ActionExecuted("action_listen"))
    asyncio.run(store.save(created))
    stored = [e["event"] for e in store.conversation_events("newcomer")]
    assert stored == ["action", "user", "action"]  # the first listening too, with the turn
