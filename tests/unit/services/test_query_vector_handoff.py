"""The NLU's vector of the user's message goes with the search only when the search is for that very text."""
from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterator
from urllib.parse import parse_qs

import pytest

from actions.services import ActionSearchServices
from actions.turns import read_turn
from services_catalog.answers.catalogue_client import TextVector, search_services
from services_catalog.search.embed import TEXT_VECTOR_KEY
from tests.conftest import make_tracker, run_action
from tests.support.channel_standins import StandIn

VECTOR = "v" * 2048  # the client passes it on as it is; the API validates it


class StandInApi(StandIn):
    """Answers every /services search with an empty page; `asked`: the query parameters of each request."""

    def __init__(self) -> None:
        super().__init__(lambda _request: (200, {"items": [], "total": 0, "offset": 0}))

    @property
    def asked(self) -> list[dict[str, list[str]]]:
        return [parse_qs(request.query) for request in self.requests]


@pytest.fixture()
def api(settings: Callable) -> Iterator[StandInApi]:
    with StandInApi() as server:
        settings(api_url=server.url)
        yield server


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
