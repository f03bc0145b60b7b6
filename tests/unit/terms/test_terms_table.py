"""Content checks on the term table and its dev set, read with the csv module alone.

These guard what maintainers edit in a spreadsheet: a broken row should fail here with the
term id in the message, before training starts.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[3]
TERMS_CSV = ROOT / "services_catalog" / "tables" / "terms.csv"
DEV_SET = ROOT / "tests" / "eval" / "dev_terms.yml"

COLUMNS = (
    "id name_fi name_sv name_en aliases definition_fi definition_sv definition_en url ask_fi ask_sv ask_en"
    " related_services source checked rules"
).split()
REQUIRED_IDS = set(
    """kela opintotuki opintoraha opintolaina asumistuki yths kotikuntailmoitus dvv henkilotunnus foli nysse
    hsl kirjastokortti ylioppilaskunta opiskelijakortti tys hoas verokortti pankkitunnukset suomifi omakanta
    ateriatuki opintopiste oleskelulupa eu_rekisterointi tyollisyyspalvelut kotivakuutus vuokravakuus
    kaupunkipyora omastadi""".split()
)
MIN_TERMS = 60
MIN_ASKS = {"fi": 6, "sv": 3, "en": 3}
ID_RE = re.compile(r"[a-z0-9_]+")


def split(cell: str) -> list[str]:
    return [item.strip() for item in cell.split("|")]


def read_table() -> tuple[list[str], list[dict[str, str]]]:
    # utf-8-sig: spreadsheets may save a BOM, which the project's reader tolerates too.
    with TERMS_CSV.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        return list(reader.fieldnames or []), list(reader)


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    return read_table()[1]


@pytest.fixture(scope="module")
def dev_cases() -> list[dict]:
    return yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))


def test_columns_are_exactly_the_documented_ones() -> None:
    assert read_table()[0] == COLUMNS


def test_enough_terms_and_required_ids(rows: list[dict[str, str]]) -> None:
    ids = {row["id"] for row in rows}
    assert len(rows) >= MIN_TERMS
    assert not REQUIRED_IDS - ids, f"missing required terms: {sorted(REQUIRED_IDS - ids)}"


def test_ids_are_unique_and_well_formed(rows: list[dict[str, str]]) -> None:
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    bad = [i for i in ids if not ID_RE.fullmatch(i)]
    assert not bad, f"ids must be lowercase a-z, 0-9 and _: {bad}"


@pytest.mark.parametrize("column", ["name_fi", "definition_fi", "definition_sv", "definition_en", "url"])
def test_required_cells_are_filled(rows: list[dict[str, str]], column: str) -> None:
    empty = [row["id"] for row in rows if not (row[column] or "").strip()]
    assert not empty, f"{column} is empty for {empty}"


def test_urls_are_https(rows: list[dict[str, str]]) -> None:
    bad = {row["id"]: row["url"] for row in rows if not re.fullmatch(r"https://[^\s|]+", row["url"].strip())}
    assert not bad


def test_definitions_hold_no_list_separator(rows: list[dict[str, str]]) -> None:
    bad = [row["id"] for row in rows for lang in MIN_ASKS if "|" in row[f"definition_{lang}"]]
    assert not bad


@pytest.mark.parametrize("lang", list(MIN_ASKS))
def test_each_term_has_enough_distinct_asks(rows: list[dict[str, str]], lang: str) -> None:
    short = {}
    for row in rows:
        asks = split(row[f"ask_{lang}"])
        if "" in asks:
            short[row["id"]] = "empty item (a stray |)"
        elif len({a.lower() for a in asks}) < MIN_ASKS[lang]:
            short[row["id"]] = f"{len(asks)} asks"
    assert not short, f"ask_{lang} needs at least {MIN_ASKS[lang]} different phrasings: {short}"


def test_no_phrasing_belongs_to_two_terms(rows: list[dict[str, str]]) -> None:
    # The generator drops shared examples from both terms, so a duplicate silently weakens both.
    owner: dict[str, str] = {}
    clashes = []
    for row in rows:
        for lang in MIN_ASKS:
            for ask in split(row[f"ask_{lang}"]):
                key = ask.lower()
                if owner.setdefault(key, row["id"]) != row["id"]:
                    clashes.append((ask, owner[key], row["id"]))
    assert not clashes


def test_aliases_have_no_empty_items(rows: list[dict[str, str]]) -> None:
    bad = [row["id"] for row in rows if row["aliases"].strip() and "" in split(row["aliases"])]
    assert not bad


def test_dev_set_shape(dev_cases: list[dict]) -> None:
    term_cases = [c for c in dev_cases if c["expect"]["type"] == "term"]
    fallback_cases = [c for c in dev_cases if c["expect"]["type"] == "fallback"]
    assert len(term_cases) >= 170
    assert len(fallback_cases) >= 35
    assert len(term_cases) + len(fallback_cases) == len(dev_cases)
    assert {c["lang"] for c in dev_cases} == {"fi", "sv", "en"}
    texts = [c["text"].strip().lower() for c in dev_cases]
    assert len(texts) == len(set(texts)), "duplicate dev-set texts"


def test_dev_set_refers_to_existing_terms(rows: list[dict[str, str]], dev_cases: list[dict]) -> None:
    ids = {row["id"] for row in rows}
    unknown = sorted({c["expect"]["id"] for c in dev_cases if c["expect"]["type"] == "term"} - ids)
    assert not unknown


def test_dev_set_is_not_copied_from_the_table(rows: list[dict[str, str]], dev_cases: list[dict]) -> None:
    asks = {ask.lower() for row in rows for lang in MIN_ASKS for ask in split(row[f"ask_{lang}"])}
    copied = [c["text"] for c in dev_cases if c["text"].strip().lower() in asks]
    assert not copied, f"dev-set texts must be unseen wording: {copied}"
