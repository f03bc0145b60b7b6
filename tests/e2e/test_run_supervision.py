"""The real `citybot run`: a process killed with SIGKILL is restarted and the service answers again; when one
keeps dying, `citybot run` stops everything and exits non-zero (so that systemd or Kubernetes restarts it)."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from bot.stack import answer_card, ask
from services_catalog.settings import REPO_ROOT
from tests.conftest import settings_for
from tests.support.processes import child_environment, stop_process, track

pytestmark = pytest.mark.e2e


def wait_for(condition, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.5)


def answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


def test_citybot_run_restarts_a_killed_process_and_gives_up_on_one_that_keeps_dying(trained_model: Path,
                                                                                    tmp_path: Path) -> None:
    from tests.support.mapserver.configs import write_config

    settings = settings_for(tmp_path, max_restarts=1, geodata=write_config(tmp_path / "geodata", None, backend="file"))
    # Port 0: `citybot run` binds free ports itself (no race) and prints them.
    command = [sys.executable, "-m", "bot.cli", "run", "--model", str(trained_model),
               "--api-port", "0", "--actions-port", "0", "--rasa-port", "0"]
    log = tmp_path / "run.log"
    with log.open("wb") as out:
        run = track(subprocess.Popen(command, cwd=REPO_ROOT, env=child_environment(settings.environment()),
                                     stdout=out, stderr=subprocess.STDOUT, start_new_session=True))
    pid_file = tmp_path / "run" / "actions.pid"
    try:
        wait_for(lambda: "Ports: " in log.read_text() or run.poll() is not None, 600)
        found = re.search(r"Ports: api (\d+), actions (\d+), rasa (\d+)", log.read_text())
        assert found, log.read_text()[-2000:]
        actions = f"http://127.0.0.1:{found[2]}/health"
        rasa = f"http://127.0.0.1:{found[3]}"
        assert answers(f"{rasa}/") and answers(actions)  # `citybot run` prints the ports once all are ready
        first = int(pid_file.read_text())
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: int(pid_file.read_text()) != first and answers(actions), 120)
        assert answer_card(ask(rasa, "Mikä on Kela?"))["id"] == "kela"  # the service works again
        assert "actions was killed by SIGKILL; restarting" in log.read_text()

        api_pid = int((tmp_path / "run" / "api.pid").read_text())
        os.kill(int(pid_file.read_text()), signal.SIGKILL)  # a second death within 5 minutes: max_restarts=1
        assert run.wait(timeout=120) == 1
        assert "giving up" in log.read_text()
        with pytest.raises(ProcessLookupError):  # and it took the rest of the stack down with it
            os.kill(api_pid, 0)
    finally:
        stop_process(run)
