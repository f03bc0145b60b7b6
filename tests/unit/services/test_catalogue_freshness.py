"""A search looks at the catalogue's state (COUNT, MAX(modified)) at most once, and what it shows of a service is
kept with the index: an edit made by another process is searched and shown as soon as the index notices it."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from services_catalog import catalogue as catalogue_module
from services_catalog.api.app import create_app
from services_catalog.catalogue import BoundedCache, Catalogue
from services_catalog.db.migrate import upgrade
from services_catalog.db.session import make_engine, session_factory
from services_catalog.loaders.records import ChannelRecord, NamedCode, ServiceRecord
from services_catalog.loaders.upsert import upsert_service

TURKU = NamedCode("853", {"fi": "Turku", "sv": "Åbo", "en": "Turku"})
SIGNATURE_SQL = "max(services.modified)"
SERVICE_ROWS_SQL = "services.id in"  # presenters.service_items loading the services shown


def _service(sid: str, name: str, summary: str, modified: str) -> ServiceRecord:
    return ServiceRecord(id=sid, source="test", names={"fi": name}, summaries={"fi": summary}, municipalities=[TURKU],
                         channels=[ChannelRecord(f"{sid}-web", "WebPage", {"fi": name}, url="https://example.fi")],
                         modified=modified)


def _write(url: str, *records: ServiceRecord) -> None:
    """As sync-ptv or a table loader would: another engine, committed."""
    engine = make_engine(url)
    with session_factory(engine)() as s:
        for record in records:
            upsert_service(s, record)
        s.commit()
    engine.dispose()


class Api:
    """The API on a catalogue; `sql`: the statements each request ran, one list per request."""

    def __init__(self, client: TestClient, catalogue: Catalogue) -> None:
        self.client = client
        self.catalogue = catalogue
        self.sql: list[list[str]] = []
        event.listen(catalogue.engine, "before_cursor_execute",
                     lambda _conn, _cursor, statement, *_: self.sql[-1].append(statement.lower()) if self.sql else None)

    def items(self, **params: Any) -> list[dict[str, Any]]:
        self.sql.append([])
        response = self.client.get("/services", params=params)
        assert response.status_code == 200, response.text
        return response.json()["items"]

    def ran(self, fragment: str) -> list[int]:
        """How many statements containing `fragment` each request ran."""
        return [sum(fragment in statement for statement in request) for request in self.sql]


@pytest.fixture()
def api(tmp_path) -> Iterator[Api]:
    url = f"sqlite:///{tmp_path / 'small.db'}"
    upgrade(url)
    _write(url, _service("pool", "Uimahalli", "Uinti ja vesijumppa", "2024-01-01T00:00:00"),
           _service("library", "Kirjasto", "Kirjojen lainaus", "2024-01-01T00:00:00"),
           _service("gym", "Kuntosali", "Kuntoilu ja punttisali", "2024-01-01T00:00:00"))
    catalogue = Catalogue(url, semantic=False, default_city="Turku")
    with TestClient(create_app(catalogue)) as client:
        yield Api(client, catalogue)


def test_a_search_looks_at_the_catalogue_state_once_at_most(api: Api) -> None:
    for q in ("uimahalli", "kirjasto", "uimahalli"):
        api.items(q=q)
    assert max(api.ran(SIGNATURE_SQL)) <= 1  # the filters and the search each looked: twice a request


def test_shown_services_are_cached_until_the_index_notices_an_edit(api: Api, monkeypatch) -> None:
    first = api.items(q="uimahalli")
    assert (first[0]["id"], first[0]["name"], first[0]["channels"][0]["url"]) == (
        "pool", "Uimahalli", "https://example.fi")
    assert api.items(q="uimahalli") == first
    assert api.ran(SERVICE_ROWS_SQL)[-1] == 0  # shown from the cache
    api.items(q="uimahalli", lang="en")
    assert api.ran(SERVICE_ROWS_SQL)[-1] == 1  # another language is another item

    _write(api.catalogue.url, _service("pool", "Maauimala", "Uinti ulkona kesällä", "2024-06-01T00:00:00"))
    monkeypatch.setattr(catalogue_module, "SIGNATURE_TTL_S", 0.0)  # the next search looks again
    edited = api.items(q="maauimala")
    assert (edited[0]["id"], edited[0]["name"], edited[0]["summary"]) == ("pool", "Maauimala", "Uinti ulkona kesällä")
    assert api.items(ids=["pool"])[0]["name"] == "Maauimala"


def test_the_cache_keeps_only_the_most_recently_used() -> None:
    cache = BoundedCache(2)
    cache.put("a", 1)
    cache.put("b", 2)
    assert cache.get("a") == 1  # now more recent than b
    cache.put("c", 3)
    assert (len(cache), cache.get("a"), cache.get("b"), cache.get("c")) == (2, 1, None, 3)
