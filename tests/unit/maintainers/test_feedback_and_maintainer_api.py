"""Feedback (public, rate-limited, linked to its logged turn), the token-only query log, and the maintainers'
page API behind its login: through FastAPI's TestClient over a real SQLite database."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from services_catalog.api.app import create_app
from services_catalog.catalogue import Catalogue
from services_catalog.db.migrate import upgrade
from services_catalog.db.models import Label, QueryLog
from services_catalog.db.session import make_engine, session_factory
from services_catalog.querylog.store import insert_rows
from services_catalog.settings import Settings

TOKEN = "machine-token-0123456789"
PASSWORD = "maintainer-password-123"


def a_row(text: str, **fields: object) -> dict:
    return {"uid": uuid.uuid4().hex, "created_at": datetime.utcnow().isoformat(), "text": text, "fell_back": False,
            "channel": "rest", "lang": "fi", **fields}


@pytest.fixture()
def api(settings: Callable[..., Settings], tmp_path: Path) -> Iterator[tuple[TestClient, Settings]]:
    chosen = settings(var_dir=tmp_path, api_token=TOKEN, admin_password=PASSWORD, feedback_per_minute=5)
    upgrade(chosen.db_url)
    with TestClient(create_app(Catalogue(chosen.db_url, semantic=False), chosen)) as client:
        yield client, chosen


def add(settings: Settings, *rows: dict) -> None:
    with make_engine(settings.db_url).begin() as connection:
        insert_rows(connection, rows)


def test_feedback_links_the_rating_to_the_logged_answer(api: tuple[TestClient, Settings]) -> None:
    client, settings = api
    answer_id = uuid.uuid4().hex
    add(settings, a_row("mikä on kela", answer_id=answer_id, card_type="term", card_id="kela"))
    sent = client.post("/feedback", json={"answer_id": answer_id, "rating": "down",
                                          "comment": "väärä, soita 0401234567"})
    assert sent.status_code == 201, sent.text
    with session_factory(make_engine(settings.db_url))() as session:
        row = session.scalars(select(QueryLog).where(QueryLog.answer_id == answer_id)).one()
        assert (row.rating, row.rating_comment) == ("down", "väärä, soita <PHONE>")
    assert client.post("/feedback", json={"answer_id": answer_id, "rating": "up"}).status_code == 201
    assert client.post("/feedback", json={"answer_id": uuid.uuid4().hex, "rating": "up"}).status_code == 404
    for bad in ({"answer_id": answer_id, "rating": "meh"}, {"answer_id": "x", "rating": "up"},
                {"answer_id": answer_id, "rating": "up", "comment": "x" * 1001}, {"rating": "up"}):
        assert client.post("/feedback", json=bad).status_code == 422, bad


def test_feedback_is_rate_limited_per_client(api: tuple[TestClient, Settings]) -> None:
    client, settings = api
    answer_id = uuid.uuid4().hex
    add(settings, a_row("hei", answer_id=answer_id))
    codes = [client.post("/feedback", json={"answer_id": answer_id, "rating": "up"}).status_code for _ in range(7)]
    assert codes[:5] == [201] * 5 and codes[5:] == [429, 429]


def test_query_log_needs_the_api_token(api: tuple[TestClient, Settings]) -> None:
    client, settings = api
    add(settings, a_row("hilavitkutin", fell_back=True))
    assert client.get("/queries").status_code == 401
    assert client.get("/queries", headers={"Authorization": "Bearer wrong"}).status_code == 401
    listed = client.get("/queries", params={"unrecognised": "true"}, headers={"Authorization": f"Bearer {TOKEN}"})
    assert [q["text"] for q in listed.json()["items"]] == ["hilavitkutin"]
    assert client.post("/queries", json={"text": "väärennös"}).status_code == 401


def test_maintainer_api_needs_a_login(api: tuple[TestClient, Settings]) -> None:
    client, _ = api
    for path in ("session", "dashboard", "inbox", "targets", "retrain"):
        assert client.get(f"/maintainer/api/{path}").status_code == 401, path
    assert client.post("/maintainer/api/labels", json={"text": "x", "kind": "ignore"}).status_code == 401
    assert client.post("/maintainer/api/login", json={"password": "guess"}).status_code == 401
    assert client.post("/maintainer/api/login", json={"password": PASSWORD}).status_code == 204
    assert client.get("/maintainer/api/session").json() == {"ok": True}
    client.post("/maintainer/api/logout")
    assert client.get("/maintainer/api/session").status_code == 401
    # A machine client may use the API token instead.
    assert client.get("/maintainer/api/session", headers={"Authorization": f"Bearer {TOKEN}"}).status_code == 200


def test_login_attempts_are_limited(api: tuple[TestClient, Settings]) -> None:
    client, _ = api
    codes = [client.post("/maintainer/api/login", json={"password": f"guess{n}"}).status_code for n in range(12)]
    assert 429 in codes and codes[0] == 401


def test_dashboard_counts_days_channels_languages_and_ratings(api: tuple[TestClient, Settings]) -> None:
    client, settings = api
    today = datetime.utcnow().replace(hour=12)
    rows = [a_row("q", created_at=(today - timedelta(days=1)).isoformat(), channel="slack", lang="sv"),
            a_row("hilavitkutin", created_at=today.isoformat(), fell_back=True),
            a_row("mikä on kela", created_at=today.isoformat(), rating="down", channel="widget"),
            a_row("vanha", created_at=(today - timedelta(days=40)).isoformat())]
    add(settings, *rows)
    client.post("/maintainer/api/login", json={"password": PASSWORD})
    data = client.get("/maintainer/api/dashboard", params={"days": 7}).json()
    assert data["questions"] == 3 and data["rated_down"] == 1 and abs(data["fallback_rate"] - 1 / 3) < 1e-9
    assert data["per_day"][-1] == {"day": today.date().isoformat(), "questions": 2, "fell_back": 1, "rated_down": 1}
    assert data["per_day"][-2]["questions"] == 1 and len(data["per_day"]) == 7
    assert data["channels"] == {"rest": 1, "slack": 1, "widget": 1} and data["languages"] == {"fi": 2, "sv": 1}
    assert {g["title"] for g in data["top_groups"]} == {"hilavitkutin", "mikä on kela"}


def test_labelling_from_the_page_checks_the_target_and_empties_the_inbox(api: tuple[TestClient, Settings]) -> None:
    client, settings = api
    add(settings, a_row("kelan yhteystiedot", fell_back=True), a_row("asdfgh", fell_back=True))
    client.post("/maintainer/api/login", json={"password": PASSWORD})
    targets = client.get("/maintainer/api/targets").json()
    assert "kela" in {t["id"] for t in targets["terms"]} and "greet" in targets["intents"]
    assert "nlu_fallback" not in targets["intents"]
    titles = {g["title"] for g in client.get("/maintainer/api/inbox").json()["groups"]}
    assert titles == {"kelan yhteystiedot", "asdfgh"}
    assert client.post("/maintainer/api/labels", json={"text": "kelan yhteystiedot", "kind": "term",
                                                       "target": "no_such_term"}).status_code == 422
    assert client.post("/maintainer/api/labels", json={"text": "kelan yhteystiedot", "kind": "term",
                                                       "target": "kela"}).status_code == 201
    assert client.post("/maintainer/api/labels", json={"text": "asdfgh", "kind": "ignore"}).status_code == 201
    assert client.get("/maintainer/api/inbox").json()["groups"] == []
    with session_factory(make_engine(settings.db_url))() as session:
        assert [(lb.kind, lb.target, lb.source) for lb in session.scalars(select(Label).order_by(Label.id))] == [
            ("term", "kela", "web"), ("ignore", None, "web")]


def test_the_page_itself_is_served(api: tuple[TestClient, Settings]) -> None:
    client, _ = api
    page = client.get("/maintainer/")
    assert page.status_code == 200 and "Citybot maintainers" in page.text
    assert client.get("/maintainer/maintainer.js").status_code == 200
