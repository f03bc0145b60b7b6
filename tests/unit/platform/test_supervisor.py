"""The supervisor of `citybot run`: a process that dies is restarted, one that keeps dying ends the run with 1.

Small real processes (Python's http.server) stand in for the servers, so that the
supervision logic is tested in seconds; tests/e2e/test_run_supervision.py does
the same to the real `citybot run`.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from bot.listen import hold
from bot.stack import Ports, Service, Stack, exit_reason, http_ok
from tests.conftest import settings_for

# Python's http.server on the socket the stack bound for it (as the real servers get theirs: bot/listen.py).
FD_SERVER = ("import http.server, socket, sys; server = http.server.HTTPServer(('', 0), "
             "http.server.SimpleHTTPRequestHandler, bind_and_activate=False); "
             "server.socket = socket.socket(fileno=int(sys.argv[1])); server.socket.listen(16); "
             "server.serve_forever()")


class TinyStack(Stack):
    """Two tiny HTTP servers under the real supervisor."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.tiny: dict[str, int] = {}
        for name in ("one", "two"):
            sock = hold()
            self.tiny[name] = sock.getsockname()[1]
            self.ports.held[self.tiny[name]] = sock

    def services(self) -> list[Service]:
        held = self.ports.held
        return [
            Service(name, [sys.executable, "-c", FD_SERVER, str(held[port].fileno() if port in held else -1)],
                    http_ok(f"http://127.0.0.1:{port}/"), ports=(port,))
            for name, port in self.tiny.items()
        ]


def pid_of(stack: Stack, name: str) -> int:
    return int((stack.var_dir / "run" / f"{name}.pid").read_text())


@pytest.fixture(autouse=True)
def _no_stack_outlives_its_test(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # A failed assertion must not leave a supervisor and its servers running: pytest would then never exit.
    started: list[Stack] = []
    original = TinyStack.start

    def start(self: Stack, *args: Any, **kwargs: Any) -> Any:
        started.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(TinyStack, "start", start)
    yield
    for stack in started:
        stack.stop()


def wait_for(condition, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.1)


def test_a_killed_process_is_restarted_and_the_others_keep_running(tmp_path: Path, caplog) -> None:
    stack = TinyStack(model=tmp_path / "unused", ports=Ports.free(), settings=settings_for(tmp_path, max_restarts=3))
    stack.start(timeout=30)
    stop = threading.Event()
    result: list[int] = []
    runner = threading.Thread(target=lambda: result.append(stack.supervise(stop.is_set, poll_s=0.1)), daemon=True)
    with caplog.at_level("WARNING"):
        runner.start()
        first, other = pid_of(stack, "one"), pid_of(stack, "two")
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: pid_of(stack, "one") != first and stack.services()[0].ready())
        assert pid_of(stack, "two") == other  # untouched
        stop.set()
        runner.join(timeout=30)
    assert result == [0]
    assert "one was killed by SIGKILL; restarting" in caplog.text
    for pid in (pid_of(stack, "one"), other):  # a normal stop stops everything
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_process_that_keeps_dying_makes_the_supervisor_give_up_with_1(tmp_path: Path, caplog) -> None:
    stack = TinyStack(model=tmp_path / "unused", ports=Ports.free(), settings=settings_for(tmp_path, max_restarts=1))
    stack.start(timeout=30)
    result: list[int] = []
    runner = threading.Thread(target=lambda: result.append(stack.supervise(lambda: False, poll_s=0.1)), daemon=True)
    with caplog.at_level("WARNING"):
        runner.start()
        first = pid_of(stack, "one")
        os.kill(first, signal.SIGKILL)
        wait_for(lambda: pid_of(stack, "one") != first and stack.services()[0].ready())
        other = pid_of(stack, "two")
        os.kill(pid_of(stack, "one"), signal.SIGTERM)
        runner.join(timeout=30)
    assert result == [1]
    assert "one was killed by SIGTERM; it was restarted 1 times" in caplog.text and "giving up" in caplog.text
    with pytest.raises(ProcessLookupError):  # and the rest of the stack was stopped with it
        os.kill(other, 0)


def test_exit_reasons_are_readable() -> None:
    assert exit_reason(-9) == "was killed by SIGKILL"
    assert exit_reason(3) == "exited with status 3"


@pytest.mark.parametrize(
    ("secrets", "bridges"),
    [
        ({}, []),
        ({"slack_bot_token": "xoxb-1", "slack_signing_secret": "s"}, ["slack"]),  # Events API
        ({"slack_bot_token": "xoxb-1", "slack_app_token": "xapp-1"}, ["slack"]),  # Socket Mode
        ({"slack_bot_token": "xoxb-1"}, []),  # neither way in: not started
        ({"microsoft_app_id": "id", "microsoft_app_password": "pw"}, ["teams"]),
    ],
)
def test_citybot_run_starts_the_bridges_whose_secrets_are_set(tmp_path: Path, secrets: dict, bridges: list) -> None:
    stack = Stack(model=tmp_path / "unused", ports=Ports(), settings=settings_for(tmp_path, **secrets))
    assert [service.name for service in stack.bridges()] == bridges
