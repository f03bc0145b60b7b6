"""How a channel bridge (Slack, Teams) runs as a process, and the count of work it has finished.

`--port 0` lets the kernel pick a free port and prints it as the first line on
stdout, so whoever started the bridge (a test, a supervisor) learns it without
a port race. `Finished` counts the events and activities the bridge is done
with; `/health` reports it, so a caller can wait for a known completion point
instead of sleeping and hoping that nothing more will happen.
"""

from __future__ import annotations

import argparse
import logging
import socket
from collections.abc import Awaitable, Callable
from functools import wraps
from typing import Any

from fastapi import FastAPI


class Finished:
    """Events or activities handled to the end: answered, ignored on purpose, dropped as a retry, or refused."""

    def __init__(self) -> None:
        self.count = 0

    def one(self) -> None:
        self.count += 1

    def counting(self, handler: Callable[..., Awaitable[Any]]) -> Callable[..., Awaitable[Any]]:
        """`handler`, counted once when it returns or fails."""
        @wraps(handler)
        async def counted(*args: Any, **kwargs: Any) -> Any:
            try:
                return await handler(*args, **kwargs)
            finally:
                self.one()

        return counted


def listen_arguments(description: str, default_port: int, argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--host", default="127.0.0.1", help="interface to bind (a reverse proxy adds TLS)")
    parser.add_argument("--port", type=int, default=default_port,
                        help="port to listen on; 0 picks a free one and prints it as the first line on stdout")
    return parser.parse_args(argv)


def serve(app: FastAPI, host: str, port: int) -> None:
    """Serve `app` with uvicorn until stopped; with port 0, on a free port announced on stdout."""
    import uvicorn

    logging.basicConfig(level=logging.INFO)  # to stderr: stdout carries only the announced port
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning"))
    if port != 0:
        server.config.host, server.config.port = host, port
        server.run()
        return
    sock = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
    sock.bind((host, 0))
    sock.listen(128)
    print(sock.getsockname()[1], flush=True)
    server.run(sockets=[sock])
