"""sync-ptv against a local stand-in of the PTV API serving records in the real format."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.stack import free_port
from services_catalog.db import Service, SyncState, make_engine, session_factory
from services_catalog.db.migrate import upgrade
from services_catalog.ptv.client import PTVClient, PTVError
from services_catalog.ptv.sync import sync_municipality
from services_catalog.settings import REPO_ROOT
from tests.support.processes import start_announcing, stop_process

STANDIN = REPO_ROOT / "tests" / "fixtures" / "ptv" / "standin_server.py"
COUNT, MALFORMED = 250, 3


@pytest.fixture()
def standin(tmp_path):
    flag, log = tmp_path / "fail", tmp_path / "requests.log"
    flag.touch()
    proc, port = start_announcing([sys.executable, str(STANDIN), "0", "--count", str(COUNT), "--malformed",
                                   str(MALFORMED), "--fail-flag", str(flag), "--log", str(log)], cwd=REPO_ROOT)
    yield f"http://127.0.0.1:{port}/api/v11", flag, log
    stop_process(proc)


@pytest.fixture()
def wrong_types_standin(tmp_path):
    """The stand-in with record 220 (in the third batch) wrongly typed in several nested fields."""
    proc, port = start_announcing([sys.executable, str(STANDIN), "0", "--count", str(COUNT), "--wrong-types", "220"],
                                  cwd=REPO_ROOT)
    yield f"http://127.0.0.1:{port}/api/v11"
    stop_process(proc)


@pytest.fixture()
def session(tmp_path):
    url = f"sqlite:///{tmp_path / 'sync.db'}"
    upgrade(url)
    engine = make_engine(url)
    with session_factory(engine)() as s:
        yield s
    engine.dispose()


def _count(session) -> int:
    return session.scalar(select(func.count()).select_from(Service))


def test_interrupted_sync_resumes_without_duplicates(standin, session, caplog):
    base, flag, log = standin
    client = PTVClient(base, timeout=5, retries=2, backoff=0.01)
    # the stand-in fails the second detail batch: the first batch is kept, the sync stops
    with pytest.raises(PTVError):
        sync_municipality(session, client, "853", progress=False)
    assert _count(session) == 99  # batch 1 minus the malformed record
    assert session.get(SyncState, "ptv:853") is not None

    flag.unlink()
    requests_before = len(log.read_text().splitlines())
    report = sync_municipality(session, client, "853", progress=True)
    client.close()

    assert report.resumed_at_batch == 1
    assert report.total_ids == COUNT
    assert _count(session) == COUNT - 1
    assert len(report.skipped) == 0  # the malformed record was in the batch stored before the failure
    assert session.get(SyncState, "ptv:853") is None
    resumed = log.read_text().splitlines()[requests_before:]
    assert not any("/Municipality/" in line for line in resumed)  # ids were not paged again
    assert sum("serviceWithGD/list" in line for line in resumed) == 2  # batches 2 and 3 only
    assert "no service name" in caplog.text


def test_full_sync_reports_the_malformed_record_and_is_idempotent(standin, session):
    base, flag, _log = standin
    flag.unlink()
    client = PTVClient(base, timeout=5, retries=1)
    report = sync_municipality(session, client, "853", progress=False)
    again = sync_municipality(session, client, "853", progress=False)
    client.close()
    assert report.imported == COUNT - 1
    assert len(report.skipped) == 1 and "no service name" in report.skipped[0]
    assert again.imported == COUNT - 1
    assert _count(session) == COUNT - 1
    row = session.scalars(select(Service).where(Service.source == "ptv_api")).first()
    assert row.name_fi.startswith("Nettilukio aikuisille")


def test_unreachable_api_raises_a_clear_error(session):
    client = PTVClient(f"http://127.0.0.1:{free_port()}/api/v11", timeout=1, retries=1)
    with pytest.raises(PTVError, match="failed after 1 tries"):
        sync_municipality(session, client, "853", progress=False)


def test_cli_sync_ptv_shows_progress_and_summary(standin, tmp_path):
    base, flag, _log = standin
    flag.unlink()
    citybot = Path(sys.executable).parent / "citybot"
    done = subprocess.run([str(citybot), "sync-ptv", "853", "--url", base, "--db", f"sqlite:///{tmp_path / 'cli.db'}"],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert f"{COUNT} ids, {COUNT - 1} imported, 1 skipped" in done.stdout
    assert "no service name" in done.stdout
    assert "PTV services" in done.stderr  # the progress bar
    bad = subprocess.run([str(citybot), "sync-ptv", "Turku", "--url", base], capture_output=True, text=True,
                         timeout=60)
    assert bad.returncode == 2 and "municipality as its code" in bad.stderr


def test_a_wrongly_typed_record_does_not_stop_the_sync(wrong_types_standin, session):
    client = PTVClient(wrong_types_standin, timeout=5, retries=1)
    report = sync_municipality(session, client, "853", progress=False)
    client.close()
    assert report.total_ids == COUNT and report.imported + len(report.skipped) == COUNT
    assert _count(session) == report.imported >= COUNT - 1  # the odd record is read around or skipped
    assert session.get(SyncState, "ptv:853") is None  # the resume point moved past it: the sync finished
