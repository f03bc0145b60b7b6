"""Catalogue schema (Alembic) and the bundled / hand-written loaders."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from alembic import command
from sqlalchemy import func, inspect, select

from services_catalog.db import Service, TermService, make_engine, session_factory
from services_catalog.db.migrate import alembic_config, upgrade
from services_catalog.loaders.bundled import PTV_TABLE, hand_written_tables
from services_catalog.loaders.importer import import_bundled, import_table
from services_catalog.table_io import read_rows


@pytest.fixture(scope="module")
def bundled_url(tmp_path_factory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('db') / 'catalogue.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as s:
        import_bundled(s)
    engine.dispose()
    return url


def test_migration_creates_every_table_and_matches_the_models(tmp_path):
    url = f"sqlite:///{tmp_path / 'm.db'}"
    upgrade(url)
    tables = set(inspect(make_engine(url)).get_table_names())
    assert {"services", "organisations", "service_channels", "target_groups", "life_events", "municipalities",
            "term_services", "query_log", "sync_state", "alembic_version"} <= tables
    command.check(alembic_config(url))  # raises if the models and the migrations differ
    command.downgrade(alembic_config(url), "base")
    assert "services" not in inspect(make_engine(url)).get_table_names()


def test_bundled_catalogue_keeps_ptv_ids_and_adds_hand_written_services(bundled_url):
    ptv_ids = {r["id"] for r in read_rows(PTV_TABLE) if r["id"]}
    assert len(ptv_ids) == 1790
    engine = make_engine(bundled_url)
    with session_factory(engine)() as s:
        stored = set(s.scalars(select(Service.id)))
        assert ptv_ids <= stored
        housing = s.get(Service, "turku-student-housing")
        assert housing.provider.name_fi == "Turun Ylioppilaskyläsäätiö (TYS)"
        assert housing.url == "https://www.tys.fi/"
        assert {t.code for t in housing.target_groups} == {"KR1", "KR1.3"}
        assert [m.code for m in housing.municipalities] == ["853"]
        turku = s.get(Service, "26045137-6afa-4ad0-a5e1-0cd061afb979")
        assert not turku.nationwide and [m.code for m in turku.municipalities] == ["853"]
        assert "_x000D_" not in (s.get(Service, "42159cb2-1659-4b73-a6dc-9ffd45086c38").summary_fi or "")
        # terms.csv's related_services become term<->service links
        assert s.get(TermService, ("kela", "e0556386-0ffa-40f2-98aa-770b42dd792a")) is not None
        before = s.scalar(select(func.count()).select_from(Service))
        import_bundled(s)  # re-import: updates, no duplicates
        assert s.scalar(select(func.count()).select_from(Service)) == before
    engine.dispose()


def test_every_hand_written_table_loads_without_skips(tmp_path):
    url = f"sqlite:///{tmp_path / 'h.db'}"
    upgrade(url)
    with session_factory(make_engine(url))() as s:
        for path in hand_written_tables():
            report = import_table(s, path)
            assert report.imported > 0 and report.skipped == [], path


def test_yaml_table_and_bad_rows(tmp_path: Path):
    table = tmp_path / "services_extra.yml"
    table.write_text(yaml.safe_dump([
        {"id": "extra-1", "name_fi": "Kokeilupalvelu", "summary_fi": "Testi.", "provider": "Kaupunki",
         "url": "https://example.org/", "target_groups": ["KR1.3"], "keywords": ["testi", "kokeilu"]},
        {"id": "extra-2", "name_fi": "Ilman linkkiä", "summary_fi": "Ei url-saraketta.", "provider": "X"},
    ]), encoding="utf-8")
    url = f"sqlite:///{tmp_path / 'y.db'}"
    upgrade(url)
    with session_factory(make_engine(url))() as s:
        report = import_table(s, table)
        assert report.imported == 1
        assert report.skipped == ["services_extra.yml row 2: extra-2: missing url"]
        row = s.get(Service, "extra-1")
        assert row.nationwide and row.keywords == "testi|kokeilu"
