"""The catalogue HTTP API: FastAPI TestClient for behaviour, one real uvicorn process for the wiring."""
from __future__ import annotations

import httpx
import numpy as np
import pytest
from fastapi.testclient import TestClient

from services_catalog.api.app import create_app
from services_catalog.catalogue import Catalogue
from services_catalog.db.setup import ensure_catalogue
from services_catalog.search.embed import DIMENSION, default_embedder, encode_vector
from tests.conftest import settings_for, start_uvicorn, stop_process

SWIM = "34cf0bba-33e3-4439-ac74-70b568546058"
NOT_UNIT = encode_vector(np.full(DIMENSION, 0.1, dtype=np.float32))
NOT_FINITE = encode_vector(np.full(DIMENSION, np.nan, dtype=np.float32))


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('api') / 'api.db'}"
    ensure_catalogue(url)
    catalogue = Catalogue(url)
    assert catalogue.wait_until_ready(timeout=600)
    with TestClient(create_app(catalogue)) as c:
        yield c


def test_health_and_openapi(client):
    health = client.get("/health").json()
    assert health == {"status": "ok", "services": 1801, "retrieval": "hybrid"}
    assert "/services/{service_id}" in client.get("/openapi.json").json()["paths"]


def test_search_returns_ranked_items_with_score_and_reason(client):
    body = client.get("/services", params={"q": "I want to swim", "lang": "en"}).json()
    assert body["retrieval"] == "hybrid" and body["filters"]["municipalities"] == ["853"]
    ids = [i["id"] for i in body["items"]]
    assert SWIM in ids and len(ids) == 5
    scores = [i["score"] for i in body["items"]]
    assert scores == sorted(scores, reverse=True)
    assert all(i["reason"] and {"name", "summary", "provider", "url", "channels"} <= set(i) for i in body["items"])


def test_pagination_gives_the_next_items(client):
    first = client.get("/services", params={"q": "liikunta", "limit": 5}).json()
    second = client.get("/services", params={"q": "liikunta", "limit": 5, "offset": 5}).json()
    assert first["total"] == second["total"] > 10
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}


def test_filters(client):
    oulu = client.get("/services", params={"q": "kesätyö", "municipality": "Oulussa"}).json()
    assert oulu["filters"]["municipalities"] == ["564"]
    assert "582c0f04-21ea-4024-8b12-b911757a6dac" in [i["id"] for i in oulu["items"]]
    students = client.get("/services", params={"target_group": "KR1.3", "limit": 50}).json()
    assert students["total"] >= 10 and all(i["id"].startswith("turku-") for i in students["items"])
    moving = client.get("/services", params={"q": "asunto", "life_event": "moving"}).json()
    assert [i["id"] for i in moving["items"]][0] == "turku-student-housing"


@pytest.mark.parametrize(("params", "status", "message"), [
    ({"lang": "de"}, 422, "permitted: 'fi', 'sv', 'en'"),
    ({"lang": "fi\n"}, 422, "permitted: 'fi', 'sv', 'en'"),
    ({"offset": 10001}, 422, "less than or equal"),
    ({"limit": 0}, 422, "greater than or equal"),
    ({"limit": 1000}, 422, "less than or equal"),
    ({"offset": -1}, 422, "greater than or equal"),
    ({"q": "x" * 501}, 422, "at most 500"),
    ({"municipality": "Pariisi"}, 422, "unknown municipality 'Pariisi'"),
    ({"target_group": "KR99"}, 422, "unknown target group"),
    ({"life_event": "wedding"}, 422, "unknown life event"),
    ({"ids": ["a"] * 21}, 422, "at most 20"),
    ({"ids": ["../queries"]}, 422, "each matching"),
    ({"q": "uimahalli", "qvec": "AAAA"}, 422, "qvec: expected 2048 characters of URL-safe base64"),
    ({"q": "uimahalli", "qvec": "+" * 2048}, 422, "qvec: expected 2048 characters of URL-safe base64"),
    ({"q": "uimahalli", "qvec": "A" * 2049}, 422, "at most 2048 characters"),
    ({"q": "uimahalli", "qvec": NOT_UNIT}, 422, "qvec: expected a unit vector, got norm 1.96"),
    ({"q": "uimahalli", "qvec": NOT_FINITE}, 422, "qvec: the vector has values that are not finite"),
])
def test_bad_input_is_a_clear_4xx(client, params, status, message):
    response = client.get("/services", params=params)
    assert response.status_code == status and message in response.text


@pytest.mark.parametrize(("q", "lang"), [
    ("haluan uimaan", "fi"), ("mistä saan verokortin", "fi"), ("jag behöver ett skattekort", "sv"),
    ("we are being evicted", "en"),
])
def test_the_nlu_vector_of_the_query_gives_the_same_ranking(client, q, lang):
    params = {"q": q, "lang": lang, "limit": 20}
    embedded = client.get("/services", params={**params, "qvec": encode_vector(default_embedder().query(q))}).json()
    plain = client.get("/services", params=params).json()
    assert embedded["total"] == plain["total"] and embedded["items"]
    assert [i["id"] for i in embedded["items"]] == [i["id"] for i in plain["items"]]
    assert np.allclose([i["score"] for i in embedded["items"]], [i["score"] for i in plain["items"]], rtol=0, atol=1e-6)
    # the vector is used, not embedded again: the caller sends q's own (another text's ranks otherwise)
    other = client.get("/services", params={**params, "qvec": encode_vector(default_embedder().query("kirjasto"))})
    assert [i["score"] for i in other.json()["items"]] != [i["score"] for i in plain["items"]]


def test_hostile_but_valid_input_is_answered(client):
    for q in ["'; DROP TABLE services; --", "<script>alert(1)</script>", "🙂" * 100, "   "]:
        assert client.get("/services", params={"q": q}).status_code == 200
    assert client.get("/health").json()["services"] == 1801


def test_service_detail_and_related_terms(client):
    body = client.get("/services/e0556386-0ffa-40f2-98aa-770b42dd792a", params={"lang": "sv"}).json()
    assert body["name"] == "Kelan tuet opiskelijoille" and body["nationwide"] is True
    assert "kela" in {t["id"] for t in body["related_terms"]}  # terms.csv links Kela to this service
    housing = client.get("/services/turku-student-housing", params={"lang": "en"}).json()
    assert housing["name"] == "Student housing (TYS)" and housing["provider"] == "Turun Ylioppilaskyläsäätiö (TYS)"
    assert client.get("/services/no-such-service").status_code == 404
    assert client.get("/services/bad id!").status_code == 422


def test_services_by_ids_come_in_the_order_asked_with_their_related_terms(client):
    kela_aid = "e0556386-0ffa-40f2-98aa-770b42dd792a"
    body = client.get("/services", params={"ids": [SWIM, "no-such-service", kela_aid], "lang": "fi"}).json()
    assert [i["id"] for i in body["items"]] == [SWIM, kela_aid] and body["total"] == 2
    assert "kela" in {t["id"] for t in body["items"][1]["related_terms"]}
    searched = client.get("/services", params={"q": "opintotuki kela", "lang": "fi"}).json()["items"]
    assert any(i["related_terms"] for i in searched)  # a search sends each item's terms too


def test_terms(client):
    terms = client.get("/terms", params={"lang": "sv"}).json()
    assert terms["total"] > 10
    kela = client.get("/terms/kela", params={"lang": "sv"}).json()
    assert kela["title"] == "FPA" and kela["related_services"]
    assert client.get("/terms/nope").status_code == 404


def test_query_log_keeps_unrecognised_questions_for_maintainers(client):
    ok = client.post("/queries", json={"text": "missä on uimahalli", "lang": "fi", "intent": "search_service",
                                       "confidence": 0.93, "card_type": "service_list", "recognised": True,
                                       "sender": "u1", "channel": "rest"})
    miss = client.post("/queries", json={"text": "hilavitkutin?", "recognised": False, "timestamp": 1.0})
    assert ok.status_code == miss.status_code == 201
    listed = client.get("/queries", params={"unrecognised": "true"}).json()["items"]
    assert [q["text"] for q in listed][:1] == ["hilavitkutin?"]
    assert all(not q["recognised"] for q in listed)
    assert client.post("/queries", json={"text": " "}).status_code == 422
    assert client.post("/queries", json={"text": "x", "confidence": 7}).status_code == 422
    assert client.post("/queries", json={"text": "x", "response_ms": 10**20}).status_code == 422  # was a 500
    assert client.post("/queries", content=b"{not json", headers={"content-type": "application/json"}
                       ).status_code == 422


def test_real_uvicorn_process_seeds_and_serves(tmp_path):
    process, base = start_uvicorn("services_catalog.api.app:app", settings_for(tmp_path), timeout=180)
    try:
        body = httpx.get(f"{base}/services", params={"q": "kirjasto Turussa"}, timeout=30).json()
        assert "44039712-b481-4429-8df8-789d2e8e4add" in [i["id"] for i in body["items"]]
        assert httpx.get(f"{base}/services", params={"lang": "xx"}, timeout=10).status_code == 422
        assert httpx.get(f"{base}/queries", params={"offset": 9223372036854775808}, timeout=10).status_code == 422
    finally:
        stop_process(process)
