"""PTV v11 JSON loader on real records from the PTV read API."""
from __future__ import annotations

import copy
import json

import pytest

from services_catalog.db import Service, ServiceChannel, make_engine, session_factory
from services_catalog.db.migrate import upgrade
from services_catalog.loaders.importer import import_ptv_file, import_ptv_objects
from services_catalog.loaders.ptv_json import channel_from_ptv, service_from_ptv
from services_catalog.loaders.records import MalformedRecord
from services_catalog.settings import REPO_ROOT

FIXTURES = REPO_ROOT / "tests" / "fixtures" / "ptv"
SERVICE = json.loads((FIXTURES / "ptv_v11_service_example.json").read_text(encoding="utf-8"))
CHANNEL = json.loads((FIXTURES / "ptv_v11_service_channel_example.json").read_text(encoding="utf-8"))


@pytest.fixture()
def session(tmp_path):
    url = f"sqlite:///{tmp_path / 'c.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as s:
        yield s
    engine.dispose()


def test_service_record_fields_map_from_the_real_format():
    rec = service_from_ptv(SERVICE)
    assert rec.id == "3668d250-cd80-45c4-abcc-9b2d3a2b3e42"
    assert rec.names["fi"] == "Nettilukio aikuisille"  # the Name, not the AlternativeName
    assert rec.summaries["fi"] == "Aikuislukio verkko-opintoina."
    assert rec.nationwide is True
    assert [t.code for t in rec.target_groups] == ["KR1"]
    assert rec.target_groups[0].names["sv"] == "Medborgare"
    assert rec.provider.names["fi"] == "Mikkelin kaupungin liikelaitos Otavia"  # role Responsible wins
    assert "etäopetus" in rec.keywords
    assert len(rec.channels) == 3


def test_limited_area_record_gets_its_municipalities():
    record = next(iter(json.loads((FIXTURES / "ptv_loader_services_sample.json").read_text()).values()))
    rec = service_from_ptv(record)
    assert rec.nationwide is False
    assert {m.code for m in rec.municipalities} == {"426", "123"}


def test_channel_record_gives_phone_web_page_and_address():
    ch = channel_from_ptv(CHANNEL)
    assert ch.type == "ServiceLocation"
    assert ch.url == "http://www.otavanopisto.fi/"
    assert ch.phone == "+358 447943552"
    assert ch.address.startswith("Otavantie 2 B, 50670")


@pytest.mark.parametrize(
    ("broken", "reason"),
    [
        ("not a record", "not a JSON object"),
        ({"serviceNames": []}, "no id"),
        ({**SERVICE, "serviceNames": []}, "no service name"),
        ({**SERVICE, "id": "x" * 80}, "longer than 64"),
    ],
)
def test_malformed_records_raise_with_a_reason(broken, reason):
    with pytest.raises(MalformedRecord, match=reason):
        service_from_ptv(broken)


def test_import_skips_malformed_and_keeps_the_rest(session):
    good = copy.deepcopy(SERVICE)
    bad = {**SERVICE, "id": "11111111-1111-1111-1111-111111111111", "serviceNames": None}
    report = import_ptv_objects(session, [bad, good, 42])
    session.commit()
    assert report.imported == 1
    assert len(report.skipped) == 2 and any("no service name" in r for r in report.skipped)
    assert session.get(Service, SERVICE["id"]) is not None


def test_service_then_channel_file_links_channel_details(session):
    import_ptv_file(session, FIXTURES / "ptv_v11_service_example.json")
    import_ptv_file(session, FIXTURES / "ptv_v11_service_channel_example.json")
    import_ptv_file(session, FIXTURES / "ptv_v11_service_example.json")  # again: an update, not a duplicate
    service = session.get(Service, SERVICE["id"])
    located = [c for c in service.channels if c.type == "ServiceLocation"]
    assert located and located[0].phone == "+358 447943552"
    assert session.query(ServiceChannel).count() == 3
    assert session.query(Service).count() == 1


WRONG_VALUES = (None, 5, "text", {"id": 1}, [1, "x", None], [{"value": 3, "language": 4}])


def _nested_paths(value: object, path: tuple = ()) -> list[tuple]:
    """Every key path into the record (dicts, and the first element of lists)."""
    paths = [path] if path else []
    if isinstance(value, dict):
        for key, child in value.items():
            paths += _nested_paths(child, (*path, key))
    elif isinstance(value, list) and value:
        paths += _nested_paths(value[0], (*path, 0))
    return paths


def _replaced(record: dict, path: tuple, new: object) -> dict:
    out = copy.deepcopy(record)
    target = out
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = new
    return out


def test_wrongly_typed_nested_fields_never_stop_an_import(session) -> None:
    """Every field of a real record, set to every wrong JSON type: each record is imported or skipped."""
    records = [_replaced(SERVICE, path, wrong) for path in _nested_paths(SERVICE) for wrong in WRONG_VALUES]
    records += [_replaced(CHANNEL, path, wrong) for path in _nested_paths(CHANNEL)[:200] for wrong in WRONG_VALUES]
    assert len(records) > 500
    report = import_ptv_objects(session, records)
    session.commit()
    assert report.imported + len(report.skipped) == len(records)
    assert report.imported > 0 and report.skipped  # some shapes are still usable, others are reported
    assert session.get(Service, SERVICE["id"]) is not None
