"""Processes the tests start: a clean environment for them, and stopping them even when pytest is interrupted."""

from __future__ import annotations

import atexit
import os
import select
import signal
import socket
import subprocess
import sys
from pathlib import Path
from types import FrameType
from typing import IO

SITECUSTOM = Path(__file__).resolve().parent / "sitecustom"
# What a child needs from the environment pytest runs in: the OS basics, and coverage's settings when the
# test command measures coverage (`./test.sh`). Nothing else: no stray CITYBOT_* or channel secrets.
OS_VARIABLES = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "SSL_CERT_FILE")
COVERAGE_VARIABLES = ("COVERAGE_PROCESS_START", "COVERAGE_FILE")

_started: list[subprocess.Popen] = []


def child_environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a process a test starts: OS basics, coverage, the loopback guard, and `extra`."""
    env = {name: os.environ[name] for name in OS_VARIABLES + COVERAGE_VARIABLES if name in os.environ}
    env["PYTHONPATH"] = str(SITECUSTOM)
    env["CITYBOT_TESTS_NETWORK"] = "loopback"
    env.update(extra or {})
    return env


def track(process: subprocess.Popen) -> subprocess.Popen:
    """Remember a process (started with start_new_session=True) so that it is stopped when pytest exits."""
    _started.append(process)
    return process


def stop_process(process: subprocess.Popen, grace: float = 15.0) -> None:
    """SIGTERM to the process group, SIGKILL if it does not stop within `grace` seconds."""
    if process.poll() is None:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=5)
        except ProcessLookupError:
            pass
    if process in _started:
        _started.remove(process)


def stop_all() -> None:
    for process in list(_started):
        stop_process(process, grace=5.0)


def _on_signal(signum: int, _frame: FrameType | None) -> None:
    stop_all()
    # Then behave as the default would: Ctrl-C interrupts pytest, SIGTERM ends it.
    if signum == signal.SIGINT:
        raise KeyboardInterrupt
    sys.exit(128 + signum)


def install_cleanup() -> None:
    """Stop every tracked process at exit, on Ctrl-C and on SIGTERM (a killed CI job leaves nothing behind)."""
    atexit.register(stop_all)
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)


def start_announcing(command: list[str], cwd: Path, timeout: float = 30.0, env: dict[str, str] | None = None,
                     stderr: IO[bytes] | None = None) -> tuple[subprocess.Popen, int]:
    """Start a server that binds port 0 itself and prints its port on its first line; (process, port).

    `env` is added to the child environment; `stderr` (a log file) receives the server's log.
    """
    process = track(subprocess.Popen(command, cwd=cwd, env=child_environment(env), stdout=subprocess.PIPE, text=True,
                                     stderr=stderr, start_new_session=True))
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    line = process.stdout.readline().strip() if ready and process.stdout else ""
    if not line.isdigit():
        stop_process(process)
        raise RuntimeError(f"{command[:3]} did not announce a port within {timeout:.0f} s: {line!r}")
    return process, int(line)


def held_socket() -> socket.socket:
    """A listening loopback socket on a free port, for a server started with `--fd` (no port race)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock
