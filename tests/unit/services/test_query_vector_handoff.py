"""The NLU's vector of the user's message goes with the search only when the search is for that very text."""
from __future__ import annotations

import asyncio
import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from actions.services import ActionSearchServices
from actions.turns import read_turn
from services_catalog.answers.catalogue_client import TextVector, search_services
from services_catalog.search.embed import TEXT_VECTOR_KEY
from tests.conftest import make_tracker, run_action

VECTOR = "v" * 2048  # the client passes it on as it is; the API validates it


class StandInApi(ThreadingHTTPServer):
    """Answers every /services search with an empty page; `asked`: the query parameters of each request."""

    def __init__(self) -> None:
        self.asked: list[dict[str, list[str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.asked.append(parse_qs(urlsplit(self.path).query))
                body = json.dumps({"items": [], "total": 0, "offset": 0}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *_: Any) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)


@pytest.fixture()
def api(settings: Callable) -> Iterator[StandInApi]:
    server = StandInApi()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    settings(api_url=f"http://127.0.0.1:{server.server_address[1]}")
    yield server
    server.shutdown()
    server.server_close()


def test_the_turn_carries_the_vector_of_the_parse_data() -> None:
    assert read_turn(make_tracker("haluan uimaan", **{TEXT_VECTOR_KEY: VECTOR})).text_vector == VECTOR
    assert read_turn(make_tracker("haluan uimaan")).text_vector is None


@pytest.mark.parametrize(("text", "slots", "query", "sent"), [
    ("haluan uimaan", {}, "haluan uimaan", True),
    # the statement is left out of the query, and the profile's group added to it: another text, no vector
    ("asun Oulussa ja tarvitsen lääkärin", {}, "tarvitsen lääkärin", False),
    ("tarvitsen lääkärin", {"user_groups": ["student"]}, "tarvitsen lääkärin opiskelija", False),
])
def test_the_search_sends_the_vector_only_for_the_text_it_was_computed_of(api, text, slots, query, sent) -> None:
    run_action(ActionSearchServices(), make_tracker(text, intent="search_service", slots=slots,
                                                    **{TEXT_VECTOR_KEY: VECTOR}))
    assert api.asked[-1]["q"] == [query]
    assert api.asked[-1].get("qvec") == ([VECTOR] if sent else None)


def test_the_client_compares_the_query_as_the_api_reads_it(api) -> None:
    long = "uimahalli " * 60
    for q, text, sent in [(" haluan uimaan ", "haluan uimaan", True), ("haluan uimaan", "haluan uida", False),
                          (long, long, False)]:  # cut to 500 characters: no longer the text embedded
        asyncio.run(search_services(q, "fi", None, embedded=TextVector(text, VECTOR)))
        assert ("qvec" in api.asked[-1]) is sent, q
