"""Checks on the term table that keep its content honest: stale rows, contradictions, copied phrasings.

Three kinds of check, all pure functions over `Term` records (see `services_catalog/terms.py`):

- `stale_terms`: rows whose `checked` date is 12 months old or older (or missing). `citybot build-data
  --check` prints them as warnings; a maintainer page can list them.
- `check_rules`: rows that contradict a rule another row states. A *rule* is a fact that several
  definitions rely on ("the HSL and Föli student discounts depend on the home municipality"). The
  table marks rules in its `rules` column (`states:<rule id>` or `depends:<rule id>`); the rule
  statements, the words every marked row must use and the phrasings that contradict them are in
  table `services_catalog/tables/term_rules.yml`. See `services_catalog/tables/README_terms.md` for how to
  add one.
- `is_near_copy` / `near_copies`: a phrasing that is only a respelling of another one, or of an
  evaluation question (the tests use these to keep training phrasings away from the dev and
  held-out sets).
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml
from rapidfuzz import fuzz
from rapidfuzz.distance import Levenshtein
from rapidfuzz.process import cdist

from services_catalog.language.normalise import matching_text
from services_catalog.table_io import TABLES_DIR
from services_catalog.terms import LANGS, Term

ROLES = ("states", "depends")


# --- stale rows -------------------------------------------------------------------------------


def months_before(day: date, months: int) -> date:
    """The same day `months` calendar months earlier (clamped to the month's last day)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def stale_terms(terms: Iterable[Term], today: date, months: int = 12) -> list[Term]:
    """Terms not checked within `months` months of `today` (never-checked ones included), oldest first.

    A row checked exactly `months` months ago is due again, so it is stale.
    """
    cutoff = months_before(today, months)
    stale = [term for term in terms if term.checked is None or term.checked <= cutoff]
    return sorted(stale, key=lambda term: term.checked or date.min)


# --- rules and contradictions -----------------------------------------------------------------


@dataclass(frozen=True)
class Contradiction:
    """A sentence that matches `pattern` contradicts the rule, unless it also matches `unless`.

    Patterns are case-insensitive regular expressions and are tried one sentence at a time, so an
    `unless` qualifier ("Suomen sisällä", "within Finland") must be in the same sentence.
    """

    pattern: str
    unless: str = ""

    def found_in(self, sentence: str) -> bool:
        if not re.search(self.pattern, sentence, re.IGNORECASE):
            return False
        return not (self.unless and re.search(self.unless, sentence, re.IGNORECASE))


@dataclass(frozen=True)
class Rule:
    """A fact several definitions rely on.

    `mentions`: per language, regular expressions that *all* must occur in the definition of a row
    that states or depends on the rule (so the condition is not silently dropped from the answer).
    `contradicted_by`: phrasings, in any language, that say the opposite; any definition in the
    table that uses one is flagged.
    """

    id: str
    statement: str
    mentions: dict[str, tuple[str, ...]] = field(default_factory=dict)
    contradicted_by: tuple[Contradiction, ...] = ()


RULES_YML = TABLES_DIR / "term_rules.yml"


class RuleTableError(ValueError):
    """term_rules.yml breaks its format; the message names the rule."""


def read_rules(path: Path = RULES_YML) -> dict[str, Rule]:
    """The rules table (`term_rules.yml`), checked: every pattern must be a valid regular expression."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    rules: dict[str, Rule] = {}
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not item.get("id") or not item.get("statement"):
            raise RuleTableError(f"{path.name}: rule {number} needs an id and a statement")
        contradictions = tuple(
            Contradiction(c) if isinstance(c, str) else Contradiction(str(c["pattern"]), str(c.get("unless") or ""))
            for c in item.get("contradicted_by") or []
        )
        mentions = {lang: tuple(str(p) for p in (item.get("must_mention") or {}).get(lang) or ()) for lang in LANGS}
        for pattern in [*(p for ps in mentions.values() for p in ps), *(c.pattern for c in contradictions),
                        *(c.unless for c in contradictions if c.unless)]:
            try:
                re.compile(pattern)
            except re.error as err:
                raise RuleTableError(f"{path.name}: rule {item['id']!r}: bad pattern {pattern!r}: {err}") from err
        if item["id"] in rules:
            raise RuleTableError(f"{path.name}: rule {item['id']!r} defined twice")
        rules[item["id"]] = Rule(id=item["id"], statement=item["statement"], mentions=mentions,
                                 contradicted_by=contradictions)
    return rules


@lru_cache(maxsize=1)
def default_rules() -> dict[str, Rule]:
    return read_rules()


@dataclass(frozen=True)
class Finding:
    """One problem with the rule marks or definitions of one row."""

    term_id: str
    rule_id: str
    kind: str  # "bad_mark", "unknown_rule", "unstated_rule", "missing_mention", "contradicts"
    message: str

    def __str__(self) -> str:
        return f"{self.term_id}: {self.message}"


def rule_marks(term: Term) -> list[tuple[str, str]]:
    """The term's `rules` cell as (role, rule id) pairs; malformed items come back with role ''."""
    marks = []
    for item in term.rules:
        role, sep, rule_id = item.partition(":")
        role, rule_id = role.strip(), rule_id.strip()
        marks.append((role, rule_id) if sep and role in ROLES and rule_id else ("", item))
    return marks


def sentences(text: str) -> list[str]:
    """The text split after . ! ? ; (good enough for the short definitions of the table)."""
    return [s.strip() for s in re.split(r"(?<=[.!?;])\s+", text) if s.strip()]


def contradictions(term: Term, rule: Rule) -> list[tuple[str, str]]:
    """(language, sentence) pairs of the term's definitions that contradict the rule."""
    found = []
    for lang, text in term.definitions.items():
        for sentence in sentences(text):
            if any(c.found_in(sentence) for c in rule.contradicted_by):
                found.append((lang, sentence))
    return found


def check_rules(terms: Sequence[Term], rules: dict[str, Rule] | None = None) -> list[Finding]:
    """Every rule problem in the table; an empty list means the definitions agree with each other.

    - every `rules` item is `states:<id>` or `depends:<id>` with a known rule id;
    - a rule that some row depends on is stated by at least one row;
    - a row that states or depends on a rule mentions its key words in each of its languages;
    - no definition (marked or not) says what a rule's `contradicted_by` phrasings say.
    """
    rules = default_rules() if rules is None else rules
    findings: list[Finding] = []
    stated_by: dict[str, list[str]] = {}
    for term in terms:
        for role, rule_id in rule_marks(term):
            if role == "states" and rule_id in rules:
                stated_by.setdefault(rule_id, []).append(term.id)
    for term in terms:
        for role, rule_id in rule_marks(term):
            if not role:
                findings.append(Finding(term.id, rule_id, "bad_mark",
                                        f"rules item {rule_id!r} must be states:<rule id> or depends:<rule id>"))
                continue
            rule = rules.get(rule_id)
            if rule is None:
                findings.append(Finding(term.id, rule_id, "unknown_rule",
                                        f"unknown rule {rule_id!r} (known: {', '.join(sorted(rules))})"))
                continue
            if role == "depends" and rule_id not in stated_by:
                findings.append(Finding(term.id, rule_id, "unstated_rule",
                                        f"depends on rule {rule_id!r}, which no row states"))
            for lang in LANGS:
                text = term.definitions.get(lang, "")
                missing = [p for p in rule.mentions.get(lang, ()) if text and not re.search(p, text, re.I)]
                if missing:
                    findings.append(Finding(term.id, rule_id, "missing_mention",
                                            f"definition_{lang} {role} {rule_id!r} but does not mention "
                                            f"{' and '.join(missing)} (rule: {rule.statement})"))
    for term in terms:
        for rule in rules.values():
            for lang, sentence in contradictions(term, rule):
                by = ", ".join(s for s in stated_by.get(rule.id, []) if s != term.id) or "the rule table"
                findings.append(Finding(term.id, rule.id, "contradicts",
                                        f"definition_{lang} contradicts rule {rule.id!r} stated by {by}: "
                                        f"{sentence!r} (rule: {rule.statement})"))
    return findings


# --- phrasings that only respell another question -----------------------------------------------


def normalize_question(text: str) -> str:
    """Lower case, no accents (ä -> a), no punctuation, single spaces: how near copies are compared."""
    return matching_text(text).strip()


def is_near_copy(a: str, b: str) -> bool:
    """True when `a` and `b` are the same question up to spelling, a word or word order.

    Any of these counts, on normalised text (`normalize_question`):
    - edit distance at most max(3, 15 % of the longer text): respellings, typos, spoken forms
      ("mist saa opintotukee" ~ "Mistä saan opintotukea?");
    - both have at least 5 words and differ by at most one whole word;
    - one (of at least 4 words) is contained in the other ("var ser jag mina recept" ~
      "var ser jag mina recept på nätet");
    - the same words in another order (token sort ratio 92 or more).
    Texts of which the shorter is under 70 % of the longer's length are never near copies.
    """
    return bool(near_copy_matrix([a], [b])[0, 0])


def near_copy_matrix(rows: Sequence[str], cols: Sequence[str]) -> np.ndarray:
    """Boolean matrix: [i, j] is True when rows[i] nearly copies cols[j] (see `is_near_copy`)."""
    ra = [normalize_question(text) for text in rows]
    ca = [normalize_question(text) for text in cols]
    if not ra or not ca:
        return np.zeros((len(ra), len(ca)), dtype=bool)
    la, lb = np.array([len(t) for t in ra]), np.array([len(t) for t in ca])
    longest, shortest = np.maximum.outer(la, lb), np.minimum.outer(la, lb)
    comparable = (shortest > 0) & (shortest >= 0.7 * longest)
    limit = np.maximum(3, (0.15 * longest).astype(int))
    near = comparable & (cdist(ra, ca, scorer=Levenshtein.distance) <= limit)
    # Word-level edit distance: every distinct word becomes one private-use character.
    vocabulary: dict[str, int] = {}

    def encode(text: str) -> str:
        return "".join(chr(0xF0000 + vocabulary.setdefault(word, len(vocabulary))) for word in text.split())

    wa, wb = [encode(t) for t in ra], [encode(t) for t in ca]
    words = np.minimum.outer(np.array([len(w) for w in wa]), np.array([len(w) for w in wb]))
    near |= comparable & (words >= 5) & (cdist(wa, wb, scorer=Levenshtein.distance) <= 1)
    near |= comparable & (cdist(ra, ca, scorer=fuzz.token_sort_ratio, score_cutoff=92) >= 92)
    # Containment of a text at least 70 % as long implies a similarity ratio of at least 82.
    candidates = comparable & ~near & (cdist(ra, ca, scorer=fuzz.ratio, score_cutoff=82) >= 82)
    for i, j in zip(*np.nonzero(candidates), strict=True):
        short, long_ = sorted((ra[i], ca[j]), key=len)
        near[i, j] = len(short.split()) >= 4 and short in long_
    return near


def near_copies(phrasings: Sequence[str], questions: Sequence[str]) -> list[tuple[str, int]]:
    """(phrasing, index of the first question it nearly copies) for each phrasing that copies one."""
    matrix = near_copy_matrix(phrasings, questions)
    return [(phrasing, int(np.argmax(row))) for phrasing, row in zip(phrasings, matrix, strict=True) if row.any()]
