"""Serve MapServer's CGI (`mapserv`) over HTTP on 127.0.0.1.

Run as `python -m tests.support.mapserver.cgi_server CONFIG_FILE`; it prints the port it
bound, then serves until killed. Every request runs one `mapserv` process with
the CGI environment, exactly as Apache or lighttpd would.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

MAPSERV = shutil.which("mapserv") or "/usr/lib/cgi-bin/mapserv"
MAX_BODY = 20 * 1024 * 1024


class MapservHandler(BaseHTTPRequestHandler):
    config_file = ""

    def _run(self, body: bytes) -> None:
        path, _, query = self.path.partition("?")
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "MAPSERVER_CONFIG_FILE": self.config_file,
            "REQUEST_METHOD": self.command,
            "QUERY_STRING": query,
            "SCRIPT_NAME": path,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": str(self.server.server_address[1]),
            "SERVER_PROTOCOL": "HTTP/1.1",
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(body)),
        }
        proc = subprocess.run([MAPSERV], input=body, env=env, capture_output=True, timeout=60)
        head, sep, payload = proc.stdout.partition(b"\r\n\r\n")
        if not sep:
            head, sep, payload = proc.stdout.partition(b"\n\n")
        status, headers = 200, []
        for line in head.decode("latin-1").splitlines():
            name, _, value = line.partition(":")
            if name.lower() == "status":
                status = int(value.split()[0])
            elif name:
                headers.append((name, value.strip()))
        if not sep:  # mapserv crashed or printed nothing useful
            status, headers, payload = 500, [("Content-Type", "text/plain")], proc.stderr or b"mapserv failed"
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_GET(self) -> None:  # noqa: N802 (http.server naming)
        self._run(b"")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length") or 0)
        if length > MAX_BODY:
            self.send_error(413)
            return
        self._run(self.rfile.read(length))

    def log_message(self, *args) -> None:  # keep test output quiet
        pass


def main() -> None:
    MapservHandler.config_file = os.path.abspath(sys.argv[1])
    server = ThreadingHTTPServer(("127.0.0.1", 0), MapservHandler)
    print(server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
