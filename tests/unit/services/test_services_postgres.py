"""The catalogue on PostgreSQL, selected by URL only: a real server started on a loopback port."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services_catalog.api.app import create_app
from services_catalog.catalogue import Catalogue
from services_catalog.db.setup import ensure_catalogue
from tests.support.processes import stop_process, track

BIN = sorted(glob.glob("/usr/lib/postgresql/*/bin"))
pytestmark = pytest.mark.skipif(not BIN, reason="PostgreSQL server binaries not installed (apt-get install postgresql)")


def _as_postgres(cmd: list[str]) -> list[str]:
    # the server refuses to run as root
    return ["runuser", "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd


@pytest.fixture(scope="module")
def pg_url():
    # not under pytest's tmp dir: its 0700 parents would lock the postgres user out
    root = Path(tempfile.mkdtemp(prefix="citybot-pg-"))
    data, sock = root / "data", root / "sock"
    sock.mkdir()
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(sock, "postgres")
    bin_dir = BIN[-1]
    subprocess.run(_as_postgres([f"{bin_dir}/initdb", "-D", str(data), "-A", "trust", "-U", "citybot"]),
                   check=True, capture_output=True)
    # A Unix socket only (no TCP port): nothing else on the machine can take its address.
    proc = track(subprocess.Popen(_as_postgres([f"{bin_dir}/postgres", "-D", str(data), "-h", "", "-k", str(sock)]),
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True))
    deadline = time.time() + 30
    while subprocess.run([f"{bin_dir}/pg_isready", "-h", str(sock)], capture_output=True).returncode != 0:
        assert proc.poll() is None and time.time() < deadline, "PostgreSQL did not start"
        time.sleep(0.3)
    yield f"postgresql+psycopg2://citybot@/postgres?host={sock}"
    stop_process(proc, grace=30)
    shutil.rmtree(root, ignore_errors=True)


def test_catalogue_api_runs_on_postgresql(pg_url):
    assert ensure_catalogue(pg_url) is True  # migrates and seeds the bundled tables
    assert ensure_catalogue(pg_url) is False  # and knows they are loaded
    catalogue = Catalogue(pg_url, semantic=False)
    with TestClient(create_app(catalogue)) as client:
        assert client.get("/health").json()["services"] == 1801
        body = client.get("/services", params={"q": "kirjastot Turussa"}).json()
        assert "44039712-b481-4429-8df8-789d2e8e4add" in [i["id"] for i in body["items"]]
        assert client.get("/services/turku-student-housing").json()["provider"] == "Turun Ylioppilaskyläsäätiö (TYS)"
        assert client.post("/queries", json={"text": "testi", "recognised": False}).status_code == 201
        assert client.get("/queries", params={"unrecognised": "true"}).json()["items"][0]["text"] == "testi"
