"""The geodata "auto" backend when the WFS fails after its probe succeeded (services_catalog/geo/service.py).

Documented behaviour: the question that hit the failure gets the polite `geo_backend_down` reply
(services_catalog/answers/geo.py), the service marks the WFS down, and until the next probe the bundled
files answer, without another request to the WFS.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from actions import geo as geo_actions
from services_catalog.geo import service as geo_service
from services_catalog.geo.service import GeoService
from tests.support.mapserver.configs import write_config
from tests.unit.geo.test_geo_actions import run, start_and_validate, tracker, trees_in

CAPABILITIES = (b'<?xml version="1.0"?><wfs:WFS_Capabilities xmlns:wfs="http://www.opengis.net/wfs/2.0" '
                b'version="2.0.0"/>')


class BrokenAfterProbe(ThreadingHTTPServer):
    """Answers the capabilities probe, then 500 to every GetFeature; records what it was asked."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.seen.append("GET")
                self.reply(200, CAPABILITIES)

            def do_POST(self) -> None:  # noqa: N802
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                server.seen.append("POST")
                self.reply(500, b"internal error")

            def reply(self, status: int, body: bytes) -> None:
                self.send_response(status)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture()
def broken_wfs() -> Iterator[BrokenAfterProbe]:
    server = BrokenAfterProbe()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server
    server.shutdown()
    server.server_close()


def test_auto_mode_answers_politely_then_from_the_files_when_the_wfs_fails_after_its_probe(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, settings: Callable, closed_url: str,
        broken_wfs: BrokenAfterProbe) -> None:
    settings(api_url=closed_url, var_dir=tmp_path)  # no catalogue API: the query log goes to a local file
    url = f"http://127.0.0.1:{broken_wfs.server_address[1]}/wfs"
    geo = GeoService.from_file(write_config(tmp_path / "cfg", url, backend="auto"))
    geo.wfs.wfs = geo.wfs.wfs.__class__(**{**geo.wfs.wfs.__dict__, "retries": 0, "timeout_s": 2})
    monkeypatch.setattr(geo_service, "_service", geo)
    question = "Montako puuta on Kalliossa?"
    slots = start_and_validate(question)

    messages, _ = run(geo_actions.ActionGeoAnswer(), tracker(question, slots=slots))
    first = messages[0]["custom"]
    assert (first["type"], first["id"]) == ("message", "geo_backend_down")
    assert broken_wfs.seen[0].startswith("GET") and "POST" in broken_wfs.seen  # probed up, then failed

    asked = len(broken_wfs.seen)
    messages, _ = run(geo_actions.ActionGeoAnswer(), tracker(question, slots=slots))
    second = messages[0]["custom"]
    assert second["type"] == "geo_count" and second["count"] == trees_in("Kallio") > 0
    assert len(broken_wfs.seen) == asked  # the files answered; the WFS was not asked again before the next probe
