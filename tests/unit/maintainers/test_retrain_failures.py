"""What the maintainers' commands do when something fails: `citybot retrain` when the Rasa server does not load the
new model, and kept query-log rows that lack a timestamp (issue 14).

The retrain's training and scoring are replaced by quick fakes here; the Rasa server is a stand-in that answers
`GET /status` with the running model and `PUT /model` with the error Rasa sends for a model it cannot load. The
real Rasa server's side (a failed load leaves the old model answering) is checked in tests/e2e/test_learning_loop.py.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import pytest

from bot import retrain
from bot.cli import main
from bot.tracker_store import SPOOL_DIR
from services_catalog.api import retrain_runner
from services_catalog.db.migrate import upgrade
from services_catalog.querylog.rows import row_from_events
from services_catalog.settings import Settings
from tests.support.channel_standins import Recorded, StandIn
from tests.support.learning_loop import rows

RUNNING = "running-model.tar.gz"
RASA_LOAD_ERROR = {"version": "3.6.21", "status": "failure", "reason": "LoadingError",
                   "message": "Agent with name 'new.tar.gz' could not be loaded.", "code": 400}


class FakeRasa:
    """Rasa's model API: reports the model it runs, refuses to load another; records each request."""

    def __init__(self) -> None:
        self.model_file = f"/models/{RUNNING}"
        self.stand_in = StandIn(self.route).start()
        # The shared stand-in answers GET and POST; Rasa loads a model on PUT.
        handler = self.stand_in.server.RequestHandlerClass
        handler.do_PUT = handler.do_GET  # type: ignore[attr-defined]
        self.url = self.stand_in.url

    def route(self, request: Recorded) -> tuple[int, Any]:
        if request.method == "PUT":
            return 400, RASA_LOAD_ERROR
        return 200, {"model_file": self.model_file, "num_active_training_jobs": 0}


@pytest.fixture()
def fake_rasa() -> Iterator[FakeRasa]:
    fake = FakeRasa()
    yield fake
    fake.stand_in.stop()


def summary(accuracy: float) -> dict[str, Any]:
    return {"accuracy": accuracy, "total": 1, "cases": [{"key": "q", "text": "q", "ok": True, "reason": ""}]}


def test_retrain_fails_clearly_and_the_old_model_stays_when_loading_fails(
        settings: Callable[..., Settings], tmp_path: Path, fake_rasa: FakeRasa, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    models = tmp_path / "models"
    models.mkdir()
    (models / RUNNING).write_bytes(b"the running model")
    chosen = settings(var_dir=tmp_path, models_dir=models, rasa_token="rasa-token-for-the-test",
                      retrain_dev_sets="", retrain_workspace=tmp_path / "ws")

    def trained(plan: retrain.Plan, *_: Any, **__: Any) -> tuple[Path, dict, dict, dict]:
        model = plan.models_dir / "new.tar.gz"
        model.write_bytes(b"a model Rasa cannot load")
        plan.result["training"] = "fine-tuned"
        return model, summary(1.0), summary(1.0), summary(1.0)

    monkeypatch.setattr(retrain, "build_data", lambda plan, step: 0)
    monkeypatch.setattr(retrain, "_action_server_answers", lambda settings: None)
    monkeypatch.setattr(retrain, "label_cases", lambda _: [])
    monkeypatch.setattr(retrain, "_train_and_score", trained)

    code = main(["retrain", "--server", fake_rasa.url])

    err = capsys.readouterr().err
    assert code == retrain.EXIT_FAILED
    put = [(r.path, parse_qs(r.query)) for r in fake_rasa.stand_in.requests if r.method == "PUT"]
    assert put == [("/model", {"token": ["rasa-token-for-the-test"]})]
    assert fake_rasa.model_file.endswith(RUNNING)  # nothing switched the server to the new model
    # The terminal and the page both say which server refused and what it answered.
    assert "FAILED" in err and f"{fake_rasa.url} did not load the model" in err and "400" in err
    events = [json.loads(line) for line in (chosen.var_dir / "retrain" / "progress.jsonl").read_text().splitlines()]
    assert [(e["step"], e["state"]) for e in events if e.get("state") in ("done", "failed")][-2:] == [
        ("gate", "done"), ("load", "failed")]
    result = events[-1]["result"]
    assert events[-1]["exit_code"] == 1 and not result["deployed"] and "did not load the model" in result["error"]


def test_a_kept_row_without_a_timestamp_is_written_with_the_time_it_is_flushed(
        settings: Callable[..., Settings], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    chosen = settings(var_dir=tmp_path)
    upgrade(chosen.db_url)
    # A user event without a timestamp (an event posted through Rasa's API may lack one) still makes a row.
    events = [{"event": "user", "text": "missä on kirjasto", "timestamp": None,
               "parse_data": {"intent": {"name": "search_service", "confidence": 0.9}}},
              {"event": "action", "name": "action_search_services"}, {"event": "action", "name": "action_listen"}]
    built = row_from_events("conv-null", events, "salt", now=1_700_000_000.0)
    assert built is not None and built["created_at"] == "2023-11-14T22:13:20" and built["response_ms"] == 0
    # A kept row whose time is null (written by an older version, or by hand) is stamped when written.
    spool = chosen.var_dir / SPOOL_DIR
    spool.mkdir(parents=True)
    kept = {"uid": "n" * 32, "created_at": None, "text": "aukioloajat", "fell_back": True, "channel": "rest"}
    (spool / "999999999-1-1.ready.jsonl").write_text(json.dumps(kept) + "\n", encoding="utf-8")
    before = datetime.utcnow()

    assert main(["logs", "flush"]) == 0

    assert "wrote 1 kept query-log rows; 0 still kept" in capsys.readouterr().out
    [row] = rows(chosen.db_url, expected=1)
    written = row["created_at"] if isinstance(row["created_at"], datetime) else datetime.fromisoformat(
        str(row["created_at"]))
    assert row["text"] == "aukioloajat" and before - timedelta(seconds=1) <= written <= datetime.utcnow()


def test_a_retrain_started_from_the_page_is_starting_until_it_runs_or_fails_to(
        settings: Callable[..., Settings], tmp_path: Path) -> None:
    chosen = settings(var_dir=tmp_path)
    progress = retrain_runner.retrain_dir(chosen) / retrain_runner.PROGRESS_FILE
    progress.parent.mkdir(parents=True)
    progress.write_text(json.dumps({"state": "starting", "at": time.time()}) + "\n", encoding="utf-8")
    assert retrain_runner.status(chosen) == {"running": False, "starting": True, "steps": [], "result": None,
                                             "exit_code": None}
    # A process that never took the lock (it crashed while starting) is reported as failed, not forever starting.
    late = time.time() - retrain_runner.START_SECONDS - 1
    progress.write_text(json.dumps({"state": "starting", "at": late}) + "\n", encoding="utf-8")
    assert retrain_runner.status(chosen)["starting"] is False and retrain_runner.status(chosen)["exit_code"] == -1


def test_retrain_stops_before_training_when_the_action_server_does_not_answer(
        settings: Callable[..., Settings], tmp_path: Path, fake_rasa: FakeRasa, monkeypatch: pytest.MonkeyPatch,
        capsys: pytest.CaptureFixture[str]) -> None:
    import socket

    with socket.socket() as closed:  # a port nothing listens on once this block ends
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    models = tmp_path / "models"
    models.mkdir()
    (models / RUNNING).write_bytes(b"the running model")
    settings(var_dir=tmp_path, models_dir=models, retrain_dev_sets="", retrain_workspace=tmp_path / "ws",
             action_url=f"http://127.0.0.1:{port}/webhook")
    monkeypatch.setattr(retrain, "build_data", lambda plan, step: 0)
    trainings: list[Any] = []
    monkeypatch.setattr(retrain, "_train_and_score", lambda *args, **kwargs: trainings.append(args))

    assert main(["retrain", "--server", fake_rasa.url]) == retrain.EXIT_FAILED
    assert f"the action server at http://127.0.0.1:{port}/health does not answer" in capsys.readouterr().err
    assert trainings == []
