"""The programme tables hold the facts the brief requires, each with its source, and reject broken references."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import pytest

from services_catalog.programme.tables import PROGRAMME_DIR, load_programme, read_programme

SEEDS = {
    "kokeilukiihdyttamo-2022-campaign-slides.fi.txt",
    "kokeilukampanja-2022-news.fi.txt",
    "tiedolla-johtaminen-campaign-news.fi.txt",
    "digitaalinen-helsinki-interview.fi.txt",
    "brief.md",
}

# The campaign table of the product brief: id -> (Finnish name, first year, experiments, budget in EUR).
BRIEF_CAMPAIGNS = {
    "tekoaly-2019": ("Tekoäly", 2019, 7, 75000),
    "tekoaly-robotiikka-2020": ("Tekoäly ja ohjelmistorobotiikka", 2020, 10, 100000),
    "tekoaly-robotiikka-lean-2021": (
        "Tekoäly ja ohjelmistorobotiikka + lean-kehittäminen osana kokeiluja",
        2021,
        10,
        100000,
    ),
    "ikaihmiset-liikkuminen-2021": ("Ikäihmisten arjen liikkumisen edistäminen", 2021, 3, 50000),
    "data-paikkatieto-2021": (
        "Data-analytiikan ja paikkatiedon hyödyntäminen toiminnan kehittämisessä",
        2021,
        4,
        30000,
    ),
    "asiakaskokemus-2022": ("Asiakaskokemuksen kehittäminen ja työn sujuvoittaminen", 2022, 9, 90000),
    "tiedolla-johtaminen": ("Tiedolla johtaminen", None, 10, None),
}


def test_campaigns_match_the_brief() -> None:
    programme = load_programme()
    got = {c.id: (c.name["fi"], c.year_start, c.experiments, c.budget_eur) for c in programme.campaigns}
    assert got == BRIEF_CAMPAIGNS
    assert [c.id for c in programme.campaigns if c.latest] == ["tiedolla-johtaminen"]
    tj = programme.campaign("tiedolla-johtaminen")
    assert len(tj.themes["fi"]) == 5
    assert programme.campaign("asiakaskokemus-2022").proposals == 22


def test_2022_experiments_departments_and_partners() -> None:
    programme = load_programme()
    experiments = [e for e in programme.experiments if e.campaign == "asiakaskokemus-2022"]
    assert len(experiments) == 9
    rakki = next(e for e in experiments if e.id == "rakki")
    assert (rakki.departments, rakki.partners) == (["kymp"], ["ibm"])
    partners = {p.name for p in programme.partners if p.role == "company_partner"}
    assert partners == {"Digia", "Feedbackly", "Gofore", "IBM", "Konsulttiverkko", "Meltlake"}
    # Every company partner worked on at least one experiment, and every 2022 experiment has one.
    assert {p for e in experiments for p in e.partners} == {p.id for p in programme.partners if p.name in partners}
    assert len([e for e in programme.experiments if e.campaign == "tiedolla-johtaminen"]) == 10


def test_calendar_and_facts() -> None:
    programme = load_programme()
    dates = {e.id: e.date for e in programme.calendar}
    assert dates["haku-aukeaa"] == dt.date(2022, 5, 4)
    assert dates["haku-sulkeutuu"] == dt.date(2022, 6, 3)
    assert [dates[f"katselmointi-{n}"].isoformat() for n in range(1, 6)] == [
        "2022-09-16",
        "2022-10-07",
        "2022-10-28",
        "2022-11-18",
        "2022-12-09",
    ]
    assert dates["paatoswebinaari"] == dt.date(2023, 1, 19)
    facts = {f.id: (f.value["fi"], f.qualifier) for f in programme.facts.values()}
    assert facts["programme_start"] == ("2019-08", "")
    assert facts["funding_per_experiment"] == ("10000", "about")
    assert facts["experiments_3y"] == ("45", "about") and facts["experiments_4y"] == ("50", "about")
    assert facts["proposals_4y"] == ("100", "over")
    assert [
        facts[k][0]
        for k in (
            "satisfaction_preparation",
            "satisfaction_experiment_support",
            "satisfaction_partner",
            "satisfaction_partner_with_city",
        )
    ] == ["4.4", "4.7", "3.3", "4.25"]
    assert facts["webinar_participants"] == ("180", "over")


def test_every_row_names_a_seed_file_and_a_location() -> None:
    for path in sorted(PROGRAMME_DIR.glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert rows, path.name
        if path.name == "topics.csv":  # vocabulary, not facts
            continue
        for row in rows:
            assert row["location"].strip(), (path.name, row["id"])
            assert set(row["source"].split("|")) <= SEEDS, (path.name, row["id"], row["source"])


def _copy_tables(tmp_path: Path) -> Path:
    target = tmp_path / "programme"
    shutil.copytree(PROGRAMME_DIR, target)
    return target


def test_broken_reference_fails_loudly(tmp_path: Path) -> None:
    tables = _copy_tables(tmp_path)
    path = tables / "experiments.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",kymp,ibm,", ",kymp,nosuchpartner,"), encoding="utf-8")
    with pytest.raises(ValueError, match="unknown partner nosuchpartner"):
        read_programme(tables)


def test_two_latest_campaigns_fail(tmp_path: Path) -> None:
    tables = _copy_tables(tmp_path)
    path = tables / "campaigns.csv"
    rows = list(csv.DictReader(path.read_text(encoding="utf-8").splitlines()))
    rows[0]["latest"] = "1"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    with pytest.raises(ValueError, match="exactly one campaign"):
        read_programme(tables)
