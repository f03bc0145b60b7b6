"""Sanity checks of the held-out evaluation set in tests/eval/heldout/ (no model, no server).

The held-out set was written before any tuning and must never be tuned on. These tests only check that it is
well-formed: required keys, unique ids, counts, that every expected id exists in the catalogue tables, and that
no held-out text is a near copy of a dev-set text.
"""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parents[3]
HELDOUT = ROOT / "tests" / "eval" / "heldout"
TABLES = ROOT / "services_catalog" / "tables"
FILES = ("services", "terms", "profile", "geo", "profile2", "profile3", "profile4", "profile5")
PROFILE_SETS = ("profile", "profile2", "profile3", "profile4", "profile5")
WRITTEN = {name: "2026-12-03" for name in PROFILE_SETS[1:]}  # the others on 2026-12-01
LANGS = {"fi", "sv", "en"}
TYPES = {"term", "fallback", "service_list", "profile", "geo_count"}
GROUPS = {"student", "youth", "senior", "family", "unemployed", "immigrant", "retired"}
GEO_FORMS = ("ine", "gen", "ela", "sv")
DEV_FILES = sorted((ROOT / "tests" / "eval").glob("dev_*.yml")) + [ROOT / "bench" / "holdout_services.yml"]


def _load(name: str) -> list[dict]:
    data = yaml.safe_load((HELDOUT / f"{name}.yml").read_text(encoding="utf-8"))
    assert isinstance(data, list), f"{name}.yml must be a YAML list"
    return data


@pytest.fixture(scope="module")
def sets() -> dict[str, list[dict]]:
    return {name: _load(name) for name in FILES}


@pytest.fixture(scope="module")
def service_ids() -> set[str]:
    ids = set()
    with (TABLES / "ptv_services_fi.csv").open(encoding="utf-8") as fh:
        ids |= {row["id"] for row in csv.DictReader(fh) if row["id"]}
    for path in TABLES.glob("services_turku_*.csv"):
        with path.open(encoding="utf-8") as fh:
            ids |= {row["id"] for row in csv.DictReader(fh) if row["id"]}
    return ids


@pytest.fixture(scope="module")
def term_ids() -> set[str]:
    with (TABLES / "terms.csv").open(encoding="utf-8") as fh:
        return {row["id"] for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def municipalities() -> set[str]:
    with (TABLES / "services_municipalities.csv").open(encoding="utf-8") as fh:
        return {row["name_fi"] for row in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def districts() -> set[str]:
    data = json.loads((TABLES / "geodata" / "kaupunginosat.geojson").read_text(encoding="utf-8"))
    return {f["properties"]["nimi_fi"].title() for f in data["features"]}


@pytest.fixture(scope="module")
def genera() -> set[str]:
    config = yaml.safe_load((ROOT / "geodata.yml").read_text(encoding="utf-8"))
    out = set()
    for dataset in config["datasets"].values():
        for attribute in (dataset.get("attributes") or {}).values():
            out |= set((attribute.get("values") or {}).keys())
    return out


def _texts(node) -> list[str]:
    """Every `text` value and every `before` turn found anywhere in a parsed YAML document."""
    out: list[str] = []
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "text" and isinstance(value, str):
                out.append(value)
            elif key == "before" and isinstance(value, list):
                out += [v for v in value if isinstance(v, str)]
            else:
                out += _texts(value)
    elif isinstance(node, list):
        for item in node:
            out += _texts(item)
    return out


def test_files_have_a_header_comment():
    for name in FILES:
        head = (HELDOUT / f"{name}.yml").read_text(encoding="utf-8").split("\n- ", 1)[0]
        assert head.startswith("#"), name
        assert "never tune" in head.lower(), name
        assert WRITTEN.get(name, "2026-12-01") in head, name


def test_required_keys_and_unique_ids(sets):
    seen: set[str] = set()
    for name, cases in sets.items():
        for case in cases:
            for key in ("id", "lang", "text", "expect"):
                assert key in case, f"{name}: {case.get('id')} lacks {key}"
            assert case["id"] not in seen, f"duplicate id {case['id']}"
            seen.add(case["id"])
            assert case["lang"] in LANGS, case["id"]
            assert isinstance(case["text"], str) and case["text"].strip(), case["id"]
            before = case.get("before", [])
            assert isinstance(before, list) and all(isinstance(t, str) and t.strip() for t in before), case["id"]
            expect = case["expect"]
            assert expect.get("type") in TYPES, case["id"]
            if expect["type"] == "service_list":
                assert isinstance(expect.get("ids"), list) and expect["ids"], case["id"]
            elif expect["type"] == "term":
                assert isinstance(expect.get("id"), str), case["id"]
            elif expect["type"] == "profile":
                assert isinstance(expect.get("profile"), dict), case["id"]
            elif expect["type"] == "geo_count":
                assert expect.get("area_id") and expect.get("division"), case["id"]


def test_counts(sets):
    services = sets["services"]
    assert len(services) >= 150
    by_lang = Counter(c["lang"] for c in services)
    assert all(by_lang[lang] >= 50 for lang in LANGS), by_lang
    assert all(c["expect"]["type"] == "service_list" for c in services)
    with_statement = [c for c in services if c.get("before")]
    assert len(with_statement) >= 40

    terms = sets["terms"]
    assert len(terms) >= 100
    assert sum(c["expect"]["type"] == "fallback" for c in terms) >= 30
    assert sum(c["expect"]["type"] == "term" for c in terms) >= 70
    assert {c["expect"]["type"] for c in terms} <= {"term", "fallback"}

    for name in PROFILE_SETS:
        profile = sets[name]
        assert len(profile) >= 50, name
        assert {c["lang"] for c in profile} == LANGS, name

    assert len(sets["geo"]) == 720


def test_service_ids_exist(sets, service_ids):
    for name in ("services", *PROFILE_SETS):
        for case in sets[name]:
            for sid in case["expect"].get("ids", []):
                assert sid in service_ids, f"{case['id']}: unknown service id {sid}"


def test_term_ids_exist(sets, term_ids):
    for case in sets["terms"]:
        if case["expect"]["type"] == "term":
            assert case["expect"]["id"] in term_ids, f"{case['id']}: unknown term {case['expect']['id']}"


def test_profile_vocabulary(sets, municipalities):
    for case in [case for name in (*PROFILE_SETS, "services") for case in sets[name]]:
        facts = case["expect"].get("profile")
        if facts is None:
            continue
        assert set(facts) <= {"municipality", "groups"}, case["id"]
        if "municipality" in facts:
            assert facts["municipality"] in municipalities, case["id"]
        assert set(facts.get("groups", [])) <= GROUPS, case["id"]
        if case["expect"].get("empty"):
            assert facts == {} and case["expect"]["type"] == "profile", case["id"]
    # profile2 and profile3 each lost one of their three to the separation check, profile4 two and profile5 all
    # three (their headers say which)
    for name, least in (("profile", 3), ("profile2", 2), ("profile3", 2), ("profile4", 1), ("profile5", 0)):
        assert sum(bool(c["expect"].get("empty")) for c in sets[name]) >= least, name


def test_geo_cases_cover_every_district_and_form(sets, districts, genera):
    assert len(districts) == 60
    cells = Counter()
    for case in sets["geo"]:
        expect = case["expect"]
        assert expect["type"] == "geo_count", case["id"]
        assert expect["division"] == "kaupunginosa", case["id"]
        assert expect["area_id"] in districts, f"{case['id']}: unknown district {expect['area_id']}"
        if "filter" in expect:
            assert expect["filter"] in genera, f"{case['id']}: unknown genus {expect['filter']}"
        assert case.get("form") in GEO_FORMS, case["id"]
        assert (case["lang"] == "sv") == (case["form"] == "sv"), case["id"]
        cells[(expect["area_id"], case["form"])] += 1
    assert set(cells) == {(d, f) for d in districts for f in GEO_FORMS}
    assert set(cells.values()) == {3}


def test_no_heldout_text_is_close_to_a_dev_text(sets):
    dev: list[str] = []
    for path in DEV_FILES:
        dev += _texts(yaml.safe_load(path.read_text(encoding="utf-8")))
    dev = sorted({t.strip().lower() for t in dev})
    assert dev, "no dev texts found"
    held = sorted({t.strip().lower() for cases in sets.values() for t in _texts(cases)})
    distances = process.cdist(held, dev, scorer=Levenshtein.distance, workers=1)
    ratios = process.cdist(held, dev, scorer=fuzz.ratio, workers=1)
    close = []
    for i, text in enumerate(held):
        for j, other in enumerate(dev):
            if distances[i][j] <= 3 or ratios[i][j] >= 90:
                close.append((text, other))
    assert not close, f"held-out texts too close to dev texts: {close[:20]}"
