"""Loaded by every Python process the tests start (this directory is on their PYTHONPATH).

- With CITYBOT_TESTS_NETWORK=loopback, a connection to any host but this machine fails at once,
  so a test can never reach (or wait for) the internet, whatever a process is configured with.
- With COVERAGE_PROCESS_START set, coverage measures the process (servers included).
"""

from __future__ import annotations

import ipaddress
import os
import socket

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


def is_loopback(host: object) -> bool:
    if not isinstance(host, str):
        return False
    if host.lower() in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def install_loopback_guard() -> None:
    """Refuse connections to non-loopback addresses in this process (Unix sockets are local anyway)."""
    if getattr(socket.socket, "_citybot_guarded", False):
        return
    original_connect, original_connect_ex = socket.socket.connect, socket.socket.connect_ex

    def allowed(sock: socket.socket, address: object) -> bool:
        return sock.family == socket.AF_UNIX or (isinstance(address, tuple) and is_loopback(address[0]))

    def connect(self: socket.socket, address: object) -> None:
        if not allowed(self, address):
            raise ConnectionRefusedError(f"tests reach only loopback, not {address!r}")
        return original_connect(self, address)

    def connect_ex(self: socket.socket, address: object) -> int:
        if not allowed(self, address):
            return 111  # ECONNREFUSED
        return original_connect_ex(self, address)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
    socket.socket._citybot_guarded = True  # type: ignore[attr-defined]


if os.environ.get("CITYBOT_TESTS_NETWORK") == "loopback":
    install_loopback_guard()

if os.environ.get("COVERAGE_PROCESS_START"):
    try:
        import coverage

        coverage.process_startup()
    except ImportError:
        pass
