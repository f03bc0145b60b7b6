"""What building an HTTP client costs the sending process (why bench/latency.py keeps one client).

    .venv/bin/python bench/http_client_cost.py [--repeat 20]

Times `httpx.Client()` (which loads the certifi bundle into a new SSL context, even for plain-HTTP use),
`httpx.Client(verify=False)` and `ssl.create_default_context()`, then one POST to a local stand-in server
with a new client each time against one kept client. Prints the mean of `--repeat` calls of each, in ms.
"""

from __future__ import annotations

import argparse
import http.server
import ssl
import threading
import time
from collections.abc import Callable


class _Empty(http.server.BaseHTTPRequestHandler):
    # HTTP/1.0: one connection per request, so that both rows below pay for a connection and differ by the client
    def do_POST(self) -> None:  # noqa: N802 - the name http.server calls
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"[]")

    def log_message(self, *_: object) -> None:
        pass


def mean_ms(call: Callable[[], object], repeat: int) -> float:
    call()
    started = time.perf_counter()
    for _ in range(repeat):
        call()
    return (time.perf_counter() - started) / repeat * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    import httpx

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Empty)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    kept = httpx.Client()
    rows = {
        "httpx.Client()": lambda: httpx.Client(),
        "httpx.Client(verify=False)": lambda: httpx.Client(verify=False),
        "ssl.create_default_context()": ssl.create_default_context,
        "POST with httpx.post (a new client)": lambda: httpx.post(url, json={"message": "hei"}),
        "POST with one kept httpx.Client": lambda: kept.post(url, json={"message": "hei"}),
    }
    print(f"httpx {httpx.__version__}; mean of {args.repeat} calls\n\n| call | ms |\n|---|---|")
    for name, call in rows.items():
        print(f"| {name} | {mean_ms(call, args.repeat):.1f} |")
    kept.close()
    server.shutdown()


if __name__ == "__main__":
    main()
