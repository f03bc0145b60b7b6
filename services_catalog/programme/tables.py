"""The Kokeilukiihdyttämö tables (services_catalog/tables/programme/*.csv) as typed, cross-checked records."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from services_catalog.language import LANGS
from services_catalog.table_io import TABLES_DIR, read_rows, split_list

PROGRAMME_DIR = TABLES_DIR / "programme"


def _by_lang(row: dict[str, str], column: str) -> dict[str, str]:
    return {lang: row.get(f"{column}_{lang}", "") for lang in LANGS}


def _int_or_none(cell: str) -> int | None:
    return int(cell) if cell else None


@dataclass(frozen=True)
class Sourced:
    """Every row says where its facts come from: a seed file name and a short location in it."""

    source: str
    location: str

    @property
    def source_note(self) -> str:
        return f"{', '.join(split_list(self.source))} ({self.location})"


@dataclass(frozen=True)
class Campaign(Sourced):
    id: str
    name: dict[str, str]
    year_start: int | None
    year_end: int | None
    period: dict[str, str]
    experiments: int | None
    proposals: int | None
    budget_eur: int | None
    themes: dict[str, list[str]]
    note: dict[str, str]
    aliases: list[str]
    latest: bool

    def covers(self, year: int) -> bool:
        return self.year_start is not None and self.year_start <= year <= (self.year_end or self.year_start)


@dataclass(frozen=True)
class Experiment(Sourced):
    id: str
    campaign: str
    number: int
    title: dict[str, str]
    names: list[str]  # short names people use, in any language; also NLU training names
    departments: list[str]
    partners: list[str]
    topics: list[str]
    goal: dict[str, str]
    outcome: dict[str, str]
    summary: dict[str, str]
    aliases: list[str]


@dataclass(frozen=True)
class Partner(Sourced):
    id: str
    name: str
    role: str  # company_partner (worked on experiments) or campaign_support
    campaign: str


@dataclass(frozen=True)
class Department(Sourced):
    id: str
    abbreviation: str
    name: dict[str, str]
    aliases: list[str]


@dataclass(frozen=True)
class Topic:
    id: str
    name: dict[str, str]
    aliases: list[str]


@dataclass(frozen=True)
class CalendarEvent(Sourced):
    id: str
    name: dict[str, str]
    date: dt.date
    aliases: list[str]


@dataclass(frozen=True)
class Fact(Sourced):
    id: str
    value: dict[str, str]  # per language; numbers and ids are the same in all three
    unit: str
    qualifier: str  # "", "about" or "over"
    campaign: str
    conflict_group: str  # facts in one group come from sources that disagree and are told together
    period: dict[str, str]


@dataclass(frozen=True)
class Programme:
    campaigns: tuple[Campaign, ...]
    experiments: tuple[Experiment, ...]
    partners: tuple[Partner, ...]
    departments: tuple[Department, ...]
    topics: tuple[Topic, ...]
    calendar: tuple[CalendarEvent, ...]
    facts: dict[str, Fact]

    def campaign(self, campaign_id: str) -> Campaign:
        return next(c for c in self.campaigns if c.id == campaign_id)

    def partner(self, partner_id: str) -> Partner:
        return next(p for p in self.partners if p.id == partner_id)

    def department(self, department_id: str) -> Department:
        return next(d for d in self.departments if d.id == department_id)

    def topic(self, topic_id: str) -> Topic:
        return next(t for t in self.topics if t.id == topic_id)


def _campaign(row: dict[str, str]) -> Campaign:
    return Campaign(
        id=row["id"],
        name=_by_lang(row, "name"),
        year_start=_int_or_none(row["year_start"]),
        year_end=_int_or_none(row["year_end"]),
        period=_by_lang(row, "period"),
        experiments=_int_or_none(row["experiments"]),
        proposals=_int_or_none(row["proposals"]),
        budget_eur=_int_or_none(row["budget_eur"]),
        themes={lang: split_list(row[f"themes_{lang}"]) for lang in LANGS},
        note=_by_lang(row, "note"),
        aliases=split_list(row["aliases"]),
        latest=row["latest"] == "1",
        source=row["source"],
        location=row["location"],
    )


def _experiment(row: dict[str, str]) -> Experiment:
    return Experiment(
        id=row["id"],
        campaign=row["campaign"],
        number=int(row["number"]),
        title=_by_lang(row, "title"),
        names=split_list(row["names"]),
        departments=split_list(row["departments"]),
        partners=split_list(row["partners"]),
        topics=split_list(row["topics"]),
        goal=_by_lang(row, "goal"),
        outcome=_by_lang(row, "outcome"),
        summary=_by_lang(row, "summary"),
        aliases=split_list(row["aliases"]),
        source=row["source"],
        location=row["location"],
    )


def _fact(row: dict[str, str]) -> Fact:
    value = row["value"]
    return Fact(
        id=row["id"],
        value={"fi": value, "sv": row["value_sv"] or value, "en": row["value_en"] or value},
        unit=row["unit"],
        qualifier=row["qualifier"],
        campaign=row["campaign"],
        conflict_group=row["conflict_group"],
        period=_by_lang(row, "period"),
        source=row["source"],
        location=row["location"],
    )


def _rows(directory: Path, name: str) -> list[dict[str, str]]:
    return list(read_rows(directory / name))


def _check(programme: Programme) -> None:
    """Broken references would surface as wrong answers, so they fail loudly at load time instead."""
    campaign_ids = {c.id for c in programme.campaigns}
    partner_ids = {p.id for p in programme.partners}
    department_ids = {d.id for d in programme.departments}
    topic_ids = {t.id for t in programme.topics}
    problems = []
    for e in programme.experiments:
        problems += [f"experiments.csv {e.id}: unknown campaign {e.campaign}"] * (e.campaign not in campaign_ids)
        problems += [f"experiments.csv {e.id}: unknown partner {p}" for p in e.partners if p not in partner_ids]
        problems += [
            f"experiments.csv {e.id}: unknown department {d}" for d in e.departments if d not in department_ids
        ]
        problems += [f"experiments.csv {e.id}: unknown topic {t}" for t in e.topics if t not in topic_ids]
    for f in programme.facts.values():
        problems += [f"facts.csv {f.id}: unknown campaign {f.campaign}"] * bool(
            f.campaign and f.campaign not in campaign_ids
        )
    for p in programme.partners:
        problems += [f"partners.csv {p.id}: unknown campaign {p.campaign}"] * (p.campaign not in campaign_ids)
    for table, rows in (
        ("campaigns", programme.campaigns),
        ("experiments", programme.experiments),
        ("partners", programme.partners),
        ("calendar_2022", programme.calendar),
    ):
        problems += [f"{table}.csv {r.id}: no source" for r in rows if not (r.source and r.location)]
    if sum(c.latest for c in programme.campaigns) != 1:
        problems.append("campaigns.csv: exactly one campaign must have latest=1")
    if problems:
        raise ValueError("programme tables are inconsistent: " + "; ".join(problems))


def read_programme(directory: Path = PROGRAMME_DIR) -> Programme:
    """Read and cross-check all programme tables in `directory`."""
    programme = Programme(
        campaigns=tuple(_campaign(r) for r in _rows(directory, "campaigns.csv")),
        experiments=tuple(_experiment(r) for r in _rows(directory, "experiments.csv")),
        partners=tuple(
            Partner(
                id=r["id"],
                name=r["name"],
                role=r["role"],
                campaign=r["campaign"],
                source=r["source"],
                location=r["location"],
            )
            for r in _rows(directory, "partners.csv")
        ),
        departments=tuple(
            Department(
                id=r["id"],
                abbreviation=r["abbreviation"],
                name=_by_lang(r, "name"),
                aliases=split_list(r["aliases"]),
                source=r["source"],
                location=r["location"],
            )
            for r in _rows(directory, "departments.csv")
        ),
        topics=tuple(
            Topic(id=r["id"], name=_by_lang(r, "name"), aliases=split_list(r["aliases"]))
            for r in _rows(directory, "topics.csv")
        ),
        calendar=tuple(
            CalendarEvent(
                id=r["id"],
                name=_by_lang(r, "event"),
                date=dt.date.fromisoformat(r["date"]),
                aliases=split_list(r["aliases"]),
                source=r["source"],
                location=r["location"],
            )
            for r in _rows(directory, "calendar_2022.csv")
        ),
        facts={r["id"]: _fact(r) for r in _rows(directory, "facts.csv")},
    )
    _check(programme)
    return programme


@lru_cache(maxsize=1)
def load_programme() -> Programme:
    """The repository's programme tables, read once per process."""
    return read_programme()
