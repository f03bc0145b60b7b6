"""Content checks on the term table: review data, consistent definitions, phrasings that are real variation.

The structural checks (columns, ids, counts) are in test_terms_table.py; these guard the facts and the
wording that maintainers edit. The evaluation questions are read automatically, including the held-out
set in tests/eval/heldout/: a failure names the phrasing to change, never a held-out question.
"""

from __future__ import annotations

import csv
import re
from datetime import date
from itertools import combinations
from pathlib import Path

import pytest
import yaml
from rapidfuzz import fuzz

from services_catalog.term_review import (
    Contradiction,
    Rule,
    RuleTableError,
    check_rules,
    default_rules,
    is_near_copy,
    months_before,
    near_copy_matrix,
    normalize_question,
    read_rules,
    stale_terms,
)
from services_catalog.terms import LANGS, Term, TermTableError, read_terms

ROOT = Path(__file__).resolve().parents[3]
TABLES = ROOT / "services_catalog" / "tables"
EVAL_DIRS = ((ROOT / "tests" / "eval", "**/*.y*ml"), (ROOT / "bench", "*.y*ml"))
# Files whose questions must never be shown in a failure message (tuning on them spoils them).
HIDDEN = re.compile(r"held-?out|hold-?out", re.IGNORECASE)

NEW_TERMS = {
    "toas", "lasnaoloilmoittautuminen", "paivystysapu", "international_house", "kaupungin_vuokra_asunto",
    "peruspankkipalvelut", "opiskelijan_tyoskentelyoikeus", "amk_opiskelijakunta", "kela_muutto_suomeen",
    "suomen_kielen_kurssit",
}
# Each phrasing of these terms must name what that term specifically is about.
UNEMPLOYMENT_CUES = {
    "tyomarkkinatuki": r"työmarkkinatu|tmt|kela|arbetsmarknadsstöd|fpa|labou?r market",
    "tyottomyyskassa": r"kassa|ansiosidon|ansiopäiväraha|inkomstrelaterad|earnings-related|fund",
    "tyollisyyspalvelut": r"työnha|te-|työllisyys|työkkär|arbetssökande|te-byr|jobbsök|jobseeker|te office",
}


@pytest.fixture(scope="module")
def terms() -> list[Term]:
    return read_terms()


def eval_questions() -> list[tuple[str, Path, int]]:
    """(text, file, position) of every `text` in the evaluation files, at any depth of the YAML."""
    found: list[tuple[str, Path, int]] = []

    def walk(node: object, texts: list[str]) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    texts.append(value)
                else:
                    walk(value, texts)
        elif isinstance(node, list):
            for value in node:
                walk(value, texts)

    for folder, pattern in EVAL_DIRS:
        for path in sorted(folder.glob(pattern)):
            texts: list[str] = []
            walk(yaml.safe_load(path.read_text(encoding="utf-8")), texts)
            found += [(text, path, position) for position, text in enumerate(texts, start=1)]
    return found


def make_term(term_id: str, fi: str, sv: str = "", en: str = "", rules: tuple[str, ...] = ()) -> Term:
    definitions = {lang: text for lang, text in (("fi", fi), ("sv", sv), ("en", en)) if text}
    return Term(id=term_id, names={"fi": term_id}, definitions=definitions, url="https://example.fi", rules=rules)


# --- review data --------------------------------------------------------------------------------


def test_every_row_names_its_source_and_check_date(terms: list[Term]) -> None:
    no_source = [t.id for t in terms if not t.sources or not all(s.startswith("https://") for s in t.sources)]
    assert not no_source, f"source must be one or more https:// pages (separated by |): {no_source}"
    bad_dates = [t.id for t in terms if t.checked is None or t.checked > date.today()]
    assert not bad_dates, f"checked must be a past date YYYY-MM-DD: {bad_dates}"


def test_reader_parses_review_columns_and_rejects_bad_dates(tmp_path: Path) -> None:
    header = "id,name_fi,definition_fi,url,ask_fi,source,checked,rules\n"
    good = tmp_path / "good.csv"
    good.write_text(header + 'x,X,"X on x.",https://x.fi,Mikä X?,https://a.fi|https://b.fi,2026-12-01,'
                    "states:opintoraha_tulot\n", encoding="utf-8")
    term = read_terms(good)[0]
    assert term.sources == ("https://a.fi", "https://b.fi") and term.source == "https://a.fi"
    assert term.checked == date(2026, 12, 1) and term.rules == ("states:opintoraha_tulot",)
    bad = tmp_path / "bad.csv"
    bad.write_text(header + 'x,X,"X on x.",https://x.fi,Mikä X?,https://a.fi,1.12.2026,\n', encoding="utf-8")
    with pytest.raises(TermTableError, match="line 2: checked"):
        read_terms(bad)


def test_stale_terms_are_those_not_checked_in_twelve_months() -> None:
    def checked(term_id: str, day: date | None) -> Term:
        return Term(id=term_id, names={"fi": term_id}, definitions={"fi": "x"}, url="https://x.fi", checked=day)

    table = [checked("fresh", date(2026, 6, 1)), checked("due", date(2025, 12, 1)),
             checked("old", date(2024, 1, 31)), checked("never", None), checked("almost", date(2025, 12, 2))]
    assert [t.id for t in stale_terms(table, today=date(2026, 12, 1))] == ["never", "old", "due"]
    assert [t.id for t in stale_terms(table, today=date(2026, 12, 1), months=6)] == ["never", "old", "due", "almost",
                                                                                    "fresh"]
    assert months_before(date(2027, 3, 31), 1) == date(2027, 2, 28)
    assert months_before(date(2026, 1, 15), 12) == date(2025, 1, 15)


def test_related_services_exist_in_the_catalogue(terms: list[Term]) -> None:
    known = set()
    for path in [TABLES / "ptv_services_fi.csv", *sorted(TABLES.glob("services_turku_*.csv"))]:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            known |= {row["id"].strip() for row in csv.DictReader(handle)}
    unknown = {t.id: s for t in terms for s in t.related_services if s not in known}
    assert not unknown, f"related_services not in the service tables: {unknown}"


def test_the_missing_terms_were_added_with_three_languages(terms: list[Term]) -> None:
    by_id = {t.id: t for t in terms}
    assert not NEW_TERMS - set(by_id)
    incomplete = [i for i in NEW_TERMS if set(by_id[i].definitions) != set(LANGS) or set(by_id[i].names) != set(LANGS)]
    assert not incomplete


# --- consistent definitions ----------------------------------------------------------------------


def test_definitions_agree_with_the_rules_the_table_marks(terms: list[Term]) -> None:
    findings = check_rules(terms)
    assert not findings, "\n".join(str(f) for f in findings)


def test_home_municipality_and_transport_discounts_are_linked(terms: list[Term]) -> None:
    by_id = {t.id: t for t in terms}
    assert "depends:opiskelija_alennus_kotikunta" in by_id["kotikuntailmoitus"].rules
    assert "states:kotikunta_opiskelija" in by_id["kotikuntailmoitus"].rules
    for transport in ("hsl", "foli"):
        assert "states:opiskelija_alennus_kotikunta" in by_id[transport].rules


def test_every_rule_is_used_by_some_row(terms: list[Term]) -> None:
    used = {item.partition(":")[2] for t in terms for item in t.rules}
    rules = set(default_rules())
    assert not rules - used, f"rules no row marks: {sorted(rules - used)}"


def test_checker_flags_a_contradicting_pair() -> None:
    hsl = make_term("hsl", "Opiskelija-alennus edellyttää, että kotikuntasi on HSL-alueella.",
                    rules=("states:opiskelija_alennus_kotikunta",))
    home = make_term("kotikunta", "Opiskelija voi pitää vanhan kotikuntansa, ja HSL:n opiskelija-alennuksen saa "
                                  "kotikunnasta riippumatta.", rules=("depends:opiskelija_alennus_kotikunta",))
    findings = check_rules([hsl, home])
    assert [(f.term_id, f.rule_id, f.kind) for f in findings] == [
        ("kotikunta", "opiskelija_alennus_kotikunta", "contradicts")]
    assert "stated by hsl" in findings[0].message


def test_checker_flags_a_row_that_drops_the_condition() -> None:
    hsl = make_term("hsl", "Opiskelija-alennus edellyttää kotikuntaa HSL-alueella.",
                    rules=("states:opiskelija_alennus_kotikunta",))
    card = make_term("opiskelijakortti", "Opiskelijakortilla saat alennusta joukkoliikenteestä.",
                     rules=("depends:opiskelija_alennus_kotikunta",))
    assert [(f.term_id, f.kind) for f in check_rules([hsl, card])] == [("opiskelijakortti", "missing_mention")]


def test_checker_flags_unknown_unstated_and_malformed_marks() -> None:
    rule = Rule("r", "A rule.", mentions={"fi": (r"ehto",)}, contradicted_by=(Contradiction("ei ehtoa"),))
    rows = [make_term("a", "Tässä on ehto.", rules=("depends:r", "states:nope", "r")),
            make_term("b", "Tässä ei ehtoa tarvita.")]
    kinds = sorted((f.term_id, f.kind) for f in check_rules(rows, {"r": rule}))
    assert kinds == [("a", "bad_mark"), ("a", "unknown_rule"), ("a", "unstated_rule"), ("b", "contradicts")]


@pytest.mark.parametrize(
    ("old_text", "rule_id"),
    [
        # Definitions from before the December 2026 review: each must be caught by its rule.
        ("Kela-kortti osoittaa, että kuulut Suomen sairausvakuutukseen. Näyttämällä sen apteekissa saat "
         "lääkekorvauksen suoraan lääkkeen hinnasta.", "kela_kortti_henkilollisyys"),
        ("The Kela card shows that you are covered. Show it at the pharmacy to get the reimbursement.",
         "kela_kortti_henkilollisyys"),
        ("Sen määrään vaikuttavat esimerkiksi ikä, oppilaitos ja asumistilanne, ja omat tulot voivat pienentää "
         "sitä.", "opintoraha_tulot"),
        ("The amount depends on your age, school and living situation, and your own income can reduce it.",
         "opintoraha_tulot"),
        ("Kotikunta muuttuu, kun teet muuttoilmoituksen; opiskelun vuoksi muuttava voi itse valita.",
         "kotikunta_ulkomailta"),
        ("It changes when you file a notice of move. Your home municipality changes when you file a notice of move.",
         "kotikunta_ulkomailta"),
        ("Puhelu on maksuton; kiireettömissä terveysasioissa soita päivystysapuun 116 117.",
         "paivystysapu_kiireellinen"),
        ("The call is free; for non-urgent health matters call the medical helpline 116 117.",
         "paivystysapu_kiireellinen"),
        ("I icke brådskande hälsofrågor ring Jourhjälpen 116 117.", "paivystysapu_kiireellinen"),
        ("Opiskelijan oleskeluluvalla saa tehdä töitä 25 tuntia viikossa.", "opiskelija_tyoaika"),
    ],
)
def test_checker_catches_the_old_wrong_definitions(old_text: str, rule_id: str) -> None:
    findings = check_rules([make_term("old", old_text)])
    assert (rule_id, "contradicts") in {(f.rule_id, f.kind) for f in findings}


def test_qualified_statements_are_not_contradictions() -> None:
    fixed = make_term("kotikunta", "Suomen sisällä muutettaessa kotikunta muuttuu muuttoilmoituksella. "
                                   "Ulkomailta muuttavan kotikunnasta päättää DVV.")
    assert not [f for f in check_rules([fixed]) if f.kind == "contradicts"]


# --- phrasings ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "near"),
    [
        ("mist saa kelakortin", "Mistä saan Kela-kortin?", True),  # spoken respelling
        ("Mikä on Kela?", "mikä kela on", True),  # word order
        ("Var ser jag mina recept?", "var ser jag mina recept på nätet", True),  # prefix of the other
        ("How much is the study grant?", "how much is the monthly study grant", True),  # one word added
        ("mikä se tamy on", "mikä se kela on", False),  # another term
        ("How do I get a student loan?", "how do I get a student ID card", False),
        ("Kannattaako liittyä työttömyyskassaan?", "Kuka voi saada työmarkkinatukea?", False),
    ],
)
def test_near_copy_detector(a: str, b: str, near: bool) -> None:
    assert is_near_copy(a, b) is near


def test_no_phrasing_copies_an_evaluation_question(terms: list[Term]) -> None:
    questions = eval_questions()
    assert len(questions) > 100, "evaluation files not found"
    texts = [q[0] for q in questions]
    owned = [(f"{term.id} ask_{lang}", ask) for term in terms for lang in LANGS for ask in term.asks.get(lang, ())]
    matrix = near_copy_matrix([ask for _, ask in owned], texts)
    problems = []
    for (owner, phrasing), row in zip(owned, matrix, strict=True):
        if not row.any():
            continue
        text, path, position = questions[int(row.argmax())]
        where = path.relative_to(ROOT)
        # Held-out questions stay unread: the message names only the file and the position.
        shown = "(held-out question not shown)" if HIDDEN.search(str(where)) else repr(text)
        problems.append(f"{owner} {phrasing!r} nearly copies {where} item {position} {shown}")
    assert not problems, "change or drop these phrasings:\n" + "\n".join(problems)


def test_phrasings_of_a_term_are_not_respellings_of_each_other(terms: list[Term]) -> None:
    problems = []
    for term in terms:
        for lang in LANGS:
            asks = term.asks.get(lang, ())
            matrix = near_copy_matrix(asks, asks)
            problems += [f"{term.id} ask_{lang}: {asks[i]!r} ~ {asks[j]!r}"
                         for i, j in combinations(range(len(asks)), 2) if matrix[i, j] or matrix[j, i]]
    assert not problems, "phrasings must differ in words, not only in spelling:\n" + "\n".join(problems)


def test_unemployment_terms_can_be_told_apart(terms: list[Term]) -> None:
    by_id = {t.id: t for t in terms}
    vague = [(term_id, ask) for term_id, cue in UNEMPLOYMENT_CUES.items() for lang in LANGS
             for ask in by_id[term_id].asks[lang] if not re.search(cue, ask, re.IGNORECASE)]
    assert not vague, f"phrasings that do not say which unemployment topic they are about: {vague}"
    alike = [
        (a, x, b, y)
        for a, b in combinations(UNEMPLOYMENT_CUES, 2)
        for lang in LANGS
        for x in by_id[a].asks[lang]
        for y in by_id[b].asks[lang]
        if fuzz.token_sort_ratio(normalize_question(x), normalize_question(y)) >= 75
    ]
    assert not alike, f"phrasings of different unemployment terms look alike: {alike}"


def test_a_broken_rule_table_names_the_rule(tmp_path) -> None:
    bad = tmp_path / "term_rules.yml"
    bad.write_text("- id: r1\n  statement: A rule.\n  contradicted_by: ['(unclosed']\n", encoding="utf-8")
    with pytest.raises(RuleTableError, match="r1"):
        read_rules(bad)
