"""The stack binds its servers' ports itself and hands the sockets over (`--fd`): no window in which another
process could take a port between choosing and binding it. A server listens only once it is ready, and a
dead one's port refuses connections (so that nginx tries another server) until it is restarted on it."""

from __future__ import annotations

import errno
import os
import signal
import socket
import time
from pathlib import Path

import httpx
import pytest

from bot.stack import Ports, Service, Stack
from tests.conftest import settings_for
from tests.support.processes import child_environment, track


class ActionsOnly(Stack):
    """The real action server alone, as the stack starts it."""

    def env(self) -> dict[str, str]:
        return child_environment(super().env())

    def services(self) -> list[Service]:
        return [service for service in super().services() if service.name == "actions"]


def health(port: int) -> int | None:
    try:
        return httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code
    except httpx.HTTPError:
        return None


def test_free_ports_are_held_until_their_servers_take_them(tmp_path: Path) -> None:
    ports = Ports.free()
    numbers = [ports.api, ports.actions, ports.rasa, ports.slack, ports.teams]
    assert len(set(numbers)) == 5 and sorted(ports.held) == sorted(numbers)
    for port in numbers:  # nobody else can take them
        with socket.socket() as other, pytest.raises(OSError) as refused:
            other.bind(("127.0.0.1", port))
        assert refused.value.errno == errno.EADDRINUSE
    commands = Stack(model=tmp_path / "m", ports=ports, settings=settings_for(tmp_path)).commands()
    for name in ("api", "actions", "rasa"):
        assert "--fd" in commands[name], commands[name]
    assert str(ports.held[ports.api].fileno()) in commands["api"] and "--host" not in commands["api"]
    ports.close()
    assert not ports.held
    with socket.socket() as other:
        other.bind(("127.0.0.1", numbers[0]))  # released


def test_fixed_ports_are_passed_as_ports() -> None:
    ports = Ports(api=8123, actions=8124, rasa=8125)
    assert ports.listen(8124) == ["--port", "8124"] and not ports.held


def refused(port: int) -> bool:
    with socket.socket() as client:
        return client.connect_ex(("127.0.0.1", port)) == errno.ECONNREFUSED


def test_the_action_server_serves_on_the_handed_socket_and_a_restart_gets_the_port_back(tmp_path: Path) -> None:
    stack = ActionsOnly(model=tmp_path / "m", ports=Ports.free(), settings=settings_for(tmp_path))
    port = stack.ports.actions
    assert refused(port)  # bound, not listening: nothing answers before the server is ready
    with stack:
        for process in stack.processes.values():
            track(process)
        assert health(port) == 200 and port not in stack.ports.held  # the server has it now
        first = stack.processes["actions"]
        os.killpg(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
        assert refused(port)  # a dead server's port refuses at once (no backlog that nobody reads)
        track(stack.relaunch("actions"))  # what the supervisor does
        deadline = time.monotonic() + 60
        while health(port) != 200:
            assert time.monotonic() < deadline, "the restarted action server did not answer on its port"
            time.sleep(0.2)
        assert stack.processes["actions"].pid != first.pid


def test_a_taken_fixed_port_fails_at_once_and_starts_nothing(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        free = Ports.free()
        ports = Ports(api=free.api, actions=free.actions, rasa=taken.getsockname()[1])
        free.close()
        stack = Stack(model=tmp_path / "m", ports=ports, settings=settings_for(tmp_path))
        with pytest.raises(OSError) as error:
            stack.start(timeout=5)
        assert error.value.errno == errno.EADDRINUSE
        assert not stack.processes and not ports.held  # nothing started, nothing left bound


def test_port_zero_means_a_port_the_kernel_picks_and_holds(tmp_path: Path) -> None:
    stack = Stack(model=tmp_path / "m", ports=Ports(api=0, actions=0, rasa=0), settings=settings_for(tmp_path))
    stack.hold_ports()
    try:
        chosen = [stack.ports.api, stack.ports.actions, stack.ports.rasa]
        assert 0 not in chosen and len(set(chosen)) == 3 and sorted(stack.ports.held) == sorted(chosen)
        assert stack.env()["CITYBOT_ACTION_URL"] == f"http://127.0.0.1:{stack.ports.actions}/webhook"
    finally:
        stack.ports.close()
