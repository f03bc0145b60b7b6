"""Sockets the launcher binds and hands to its servers (`--fd N`).

Choosing a free port, closing it and letting a child bind it later is a race:
another process can take the port in between. Instead `citybot run` (bot/stack.py)
binds every port itself and passes the socket to the child as an inherited file
descriptor, then closes its own copy: the socket lives as long as the server.

The socket is bound but not listening: the server listens when it is ready to
answer (Rasa after loading its model), so until then, and once it has died,
connections are refused at once, and nginx sends them to another server instead
of letting them wait in a backlog. A restarted server gets a socket bound anew.
"""

from __future__ import annotations

import socket
from typing import Any

HOST = "127.0.0.1"
BACKLOG = 1024


def hold(port: int = 0, host: str = HOST, listen: bool = False) -> socket.socket:
    """A socket bound to `port` (0: one the kernel picks), inheritable by children; listening only when asked
    (nginx takes inherited sockets as they are; asyncio servers listen themselves when they start serving)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    # A restarted server must get its port back while its old connections are in TIME_WAIT.
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
        if listen:
            sock.listen(BACKLOG)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def serve_sanic_on(fd: int) -> None:
    """Make every `Sanic.run` of this process (Rasa's, rasa_sdk's) serve on the inherited socket `fd`."""
    from sanic import Sanic

    original = Sanic.run
    sock = socket.socket(fileno=fd)

    def run(self: Sanic, host: str | None = None, port: int | None = None, *args: Any, **kwargs: Any) -> None:
        # asyncio refuses a socket together with a host and port: the socket decides where to listen.
        kwargs["sock"] = sock
        return original(self, None, None, *args, **kwargs)

    Sanic.run = run  # type: ignore[method-assign]
