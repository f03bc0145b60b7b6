"""Parts of the gated retrain that need no model: when only the term selector may be retrained, and the
progress the command writes and the maintainers' page reads."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot import term_refresh
from bot.progress import Progress, StepFailed
from services_catalog.api import retrain_runner
from services_catalog.settings import REPO_ROOT, Settings

TERMS = """version: "3.1"
nlu:
- intent: term/kela
  examples: |
    - mikä on kela
- lookup: lexicon
  examples: |
    - kela
"""
RESPONSES = """version: "3.1"
responses:
  utter_term/kela:
  - text: "Kela hoitaa perusturvaa."
"""


@pytest.fixture()
def root(tmp_path: Path) -> Path:
    files = {"bot/domain/core.yml": "intents: [greet]\n", "bot/data/rules.yml": "rules: []\n",
             "nlu_data/core.yml": 'nlu:\n- intent: greet\n  examples: |\n    - hei\n',
             "nlu_data/generated/terms.yml": TERMS, "bot/domain/generated_terms.yml": RESPONSES}
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "config.yml").write_text("pipeline: []\n", encoding="utf-8")
    return tmp_path


def digest(root: Path) -> str:
    return term_refresh.other_inputs_digest(root, root / "config.yml")


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_only_term_phrasings_and_definitions_leave_the_other_inputs_unchanged(root: Path) -> None:
    before = digest(root)
    edit(root, "nlu_data/generated/terms.yml", "- mikä on kela\n", "- mikä on kela\n    - kelan numero\n")
    edit(root, "bot/domain/generated_terms.yml", "perusturvaa", "sosiaaliturvaa")
    (root / "nlu_data/generated/labels.yml").write_text(
        'version: "3.1"\nnlu:\n- intent: term/kela\n  examples: |\n    - kelan osoite\n', encoding="utf-8")
    assert digest(root) == before
    for name, old, new in [
        ("nlu_data/generated/labels.yml", "term/kela", "greet"),  # a label for another intent
        ("nlu_data/generated/terms.yml", "    - kela\n", "    - kelaa\n"),  # a name: the lexicon changes
        ("bot/domain/generated_terms.yml", "utter_term/kela", "utter_term/kela2"),  # another set of terms
        ("nlu_data/core.yml", "hei", "moi"), ("config.yml", "[]", "[{name: X}]"),
    ]:
        edit(root, name, old, new)
        assert digest(root) != before, name
        edit(root, name, new, old)
        assert digest(root) == before, name


def test_a_model_without_a_record_of_its_inputs_is_trained_whole(tmp_path: Path) -> None:
    model = tmp_path / "m.tar.gz"
    model.write_bytes(b"")
    assert "no record" in term_refresh.why_not(model, "abc")
    term_refresh.remember_inputs(model, "abc", "full")
    assert term_refresh.why_not(model, "abc") is None
    assert "more than" in term_refresh.why_not(model, "abd")


def test_progress_lines_are_what_the_page_shows(settings: Callable[..., Settings], tmp_path: Path) -> None:
    chosen = settings(var_dir=tmp_path)
    terminal = io.StringIO()
    progress = Progress(retrain_runner.retrain_dir(chosen) / retrain_runner.PROGRESS_FILE, terminal)
    with progress.step("train", "Train") as step:
        step.update(0.5, "DIETClassifier: 50% of its epochs")
    with pytest.raises(StepFailed), progress.step("load", "Load") as step:
        raise StepFailed("http://127.0.0.1:1 did not load the model")
    progress.write_event({"result": {"deployed": False, "error": "x"}, "exit_code": 1})
    status = retrain_runner.status(chosen)
    assert [(s["step"], s["state"]) for s in status["steps"]] == [("train", "done"), ("load", "failed")]
    assert status["steps"][1]["detail"] == "http://127.0.0.1:1 did not load the model"
    assert status["exit_code"] == 1 and status["result"]["deployed"] is False and not status["running"]
    assert "Train" in terminal.getvalue() and "#" * 24 in terminal.getvalue()  # a full bar when done


def test_a_running_retrain_is_seen_through_its_lock(settings: Callable[..., Settings], tmp_path: Path) -> None:
    chosen = settings(var_dir=tmp_path)
    lock = retrain_runner.retrain_dir(chosen) / retrain_runner.LOCK_FILE
    lock.parent.mkdir(parents=True)
    holder = subprocess.Popen([sys.executable, "-c", "import fcntl,sys,time; f=open(sys.argv[1],'a'); "
                               "fcntl.flock(f, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)", str(lock)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        assert retrain_runner.running(chosen)
        assert retrain_runner.start(chosen) is False  # the page's button: 409
    finally:
        holder.kill()
        holder.wait()
    deadline = time.monotonic() + 10
    while retrain_runner.running(chosen) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not retrain_runner.running(chosen)


def test_retrain_exits_non_zero_when_no_rasa_server_answers(settings: Callable[..., Settings], tmp_path: Path,
                                                            closed_url: str) -> None:
    chosen = settings(var_dir=tmp_path, retrain_workspace=tmp_path / "ws", models_dir=tmp_path / "models")
    env = {**chosen.environment(), "PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/tmp")}
    done = subprocess.run([sys.executable, "-m", "bot.cli", "retrain", "--server", closed_url], env=env,
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 1, done.stderr[-2000:]
    status = retrain_runner.status(chosen)
    assert [(s["step"], s["state"]) for s in status["steps"]] == [("data", "done"), ("running", "failed")]
    assert closed_url in status["result"]["error"] and not status["result"]["deployed"]
    assert "FAILED" in done.stderr


def test_the_selectors_decisions_tell_which_questions_a_label_changes() -> None:
    """Trained further on one new phrasing, the selector changes its decision for that question and keeps
    it for questions far from it: what the gate's paired comparison relies on."""
    from bot.nlu.term_selector import _Model

    phrasings = {"kela": ["mikä on kela", "kelan toimisto", "kela tuet"],
                 "opintotuki": ["mikä on opintotuki", "opintotuen haku", "opintotuki kelasta"],
                 "ajokortti": ["mistä saan ajokortin", "ajokortin uusiminen", "kadotin ajokortin"]}
    texts = [t for ts in phrasings.values() for t in ts]
    keys = [k for k, ts in phrasings.items() for _ in ts]
    selector = _Model(20.0)
    selector.fit(texts, texts, keys)
    probes = ["tarviin fyrkkaa opiskeluun", "kadotin ajokortin", "mikä on kela"]
    before = term_refresh._decisions(selector, probes, probes)
    assert [decision[0] for decision in before] == ["opintotuki", "ajokortti", "kela"]
    # A (bad) label: the first question is about driving licences.
    term_refresh._continue_training(selector, [*texts, probes[0]], [*texts, probes[0]], [*keys, "ajokortti"])
    after = term_refresh._decisions(selector, probes, probes)
    assert after[0][0] == "ajokortti" and after[1:] == before[1:]
