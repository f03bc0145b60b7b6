"""Starting `citybot retrain` from the maintainers' page, and reading its progress.

The retrain runs as its own process (it trains a model: minutes of CPU and a gigabyte of memory
must not live in an API worker). Everything about it is in files of the var directory, so that
every API worker, and a retrain started from the command line, show the same state:
`retrain/progress.jsonl` (one JSON event per line, written by bot/retrain.py) and
`retrain/lock` (held with flock while a retrain runs).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from services_catalog.settings import REPO_ROOT, Settings

PROGRESS_FILE = "progress.jsonl"
LOCK_FILE = "lock"
START_SECONDS = 120.0  # a started retrain takes its lock within seconds; one that has not after this failed


def retrain_dir(settings: Settings) -> Path:
    return settings.var_dir / "retrain"


def running(settings: Settings) -> bool:
    """Whether a retrain holds the lock now (from this or any other process)."""
    lock = retrain_dir(settings) / LOCK_FILE
    if not lock.exists():
        return False
    with lock.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(handle, fcntl.LOCK_UN)
    return False


def start(settings: Settings) -> bool:
    """Start `citybot retrain` in the background; False when one is running already."""
    if running(settings):
        return False
    directory = retrain_dir(settings)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / PROGRESS_FILE).write_text(json.dumps({"state": "starting", "at": time.time()}) + "\n",
                                           encoding="utf-8")
    logs = settings.var_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, **settings.environment()}
    with (logs / "retrain.log").open("ab") as log:
        subprocess.Popen([sys.executable, "-m", "bot.cli", "retrain"], cwd=REPO_ROOT, env=env, stdout=log,
                         stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
    return True


def status(settings: Settings) -> dict[str, Any]:
    """The steps with their latest state, the gate's result and the exit code, as the last retrain wrote them."""
    path = retrain_dir(settings) / PROGRESS_FILE
    steps: dict[str, dict[str, Any]] = {}
    result: dict[str, Any] | None = None
    exit_code = None
    started = path.exists()
    starting_since: float | None = None
    for line in path.read_text(encoding="utf-8").splitlines() if started else []:
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        if event.get("state") == "starting":
            starting_since = float(event.get("at") or 0)
        if "step" in event:
            steps[event["step"]] = {**steps.get(event["step"], {}), **event}
        result = event.get("result", result)
        exit_code = event.get("exit_code", exit_code)
    active = running(settings)
    if not active and started and exit_code is None and steps:
        exit_code = -1  # ended without saying how: killed, or crashed before it could
    # Started from the page, and the process has not taken the lock yet; one that never does has failed.
    starting = starting_since is not None and not active and not steps
    if starting and time.time() - starting_since > START_SECONDS:
        starting, exit_code = False, -1
    return {"running": active, "starting": starting, "steps": list(steps.values()), "result": result,
            "exit_code": exit_code}
