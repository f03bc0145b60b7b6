"""`citybot eval`: run a YAML list of questions against a running bot and score the reply cards.

Case format (docs/EVAL.md):

    - text: "mikä on kela"
      lang: fi                      # optional: the reply card must be in this language
      expect: {type: term, id: kela}
    - text: "olen työtön"
      expect: {type: service_list, ids: [<ptv id>, ...]}   # hit if any is among the items
    - text: "montako kokeilua 2022"
      expect: {type: campaign, contains: ["9"]}            # each string in reply text or card
"""

from __future__ import annotations

import json
import uuid
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.stack import answer_card


@dataclass
class Case:
    text: str
    expect: dict[str, Any]
    lang: str | None = None


@dataclass
class Outcome:
    case: Case
    card: dict[str, Any]
    reply_text: str
    ok: bool
    reason: str = ""


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return sum(o.ok for o in self.outcomes) / len(self.outcomes) if self.outcomes else 0.0

    def by(self, key: Callable[[Outcome], str]) -> dict[str, tuple[int, int]]:
        counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for outcome in self.outcomes:
            counts[key(outcome)][0] += outcome.ok
            counts[key(outcome)][1] += 1
        return {k: (v[0], v[1]) for k, v in sorted(counts.items())}

    def misses(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]


def load_cases(path: Path) -> list[Case]:
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a YAML list of cases")
    cases = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not item.get("text") or not isinstance(item.get("expect"), dict):
            raise ValueError(f"{path}: case {number} needs 'text' and an 'expect' mapping")
        if "type" not in item["expect"]:
            raise ValueError(f"{path}: case {number}: 'expect' needs a 'type'")
        cases.append(Case(text=str(item["text"]), expect=item["expect"], lang=item.get("lang")))
    return cases


def _card_ids(card: dict[str, Any]) -> list[str]:
    if "items" in card and card.get("type") == "service_list":
        return [str(item.get("id")) for item in card["items"]]
    return [str(card.get("id"))]


def judge(case: Case, card: dict[str, Any], reply_text: str) -> tuple[bool, str]:
    """Whether a reply meets a case's expectation, and why not."""
    expect = case.expect
    if card.get("type") != expect["type"]:
        return False, f"type {card.get('type')!r}, expected {expect['type']!r}"
    wanted_ids = [str(i) for i in ([expect["id"]] if "id" in expect else expect.get("ids", []))]
    if wanted_ids and not set(wanted_ids) & set(_card_ids(card)):
        return False, f"ids {_card_ids(card)[:5]}, expected one of {wanted_ids}"
    haystack = (reply_text + " " + json.dumps(card, ensure_ascii=False)).lower()
    missing = [str(s) for s in expect.get("contains", []) if str(s).lower() not in haystack]
    if missing:
        return False, f"reply lacks {missing}"
    if case.lang and card.get("lang") != case.lang:
        return False, f"answered in {card.get('lang')!r}, expected {case.lang!r}"
    return True, ""


def run_cases(cases: list[Case], ask: Callable[[str, str, dict], list[dict]]) -> Report:
    """Ask every case in a fresh conversation, so cases do not influence each other."""
    report = Report()
    for case in cases:
        metadata = {"lang": case.lang} if case.lang else {}
        messages = ask(case.text, f"eval-{uuid.uuid4().hex[:12]}", metadata)
        card = answer_card(messages)
        reply_text = "\n".join(m.get("text") or "" for m in messages)
        ok, reason = judge(case, card, reply_text)
        report.outcomes.append(Outcome(case, card, reply_text, ok, reason))
    return report


def format_report(report: Report) -> str:
    lines = [f"overall: {sum(o.ok for o in report.outcomes)}/{len(report.outcomes)} = {report.accuracy:.1%}"]
    for title, key in (
        ("by expected card type", lambda o: o.case.expect["type"]),
        ("by language", lambda o: o.case.lang or "-"),
    ):
        lines.append(f"{title}:")
        for name, (ok, total) in report.by(key).items():
            lines.append(f"  {name:14} {ok}/{total} = {ok / total:.1%}")
    misses = report.misses()
    if misses:
        lines.append(f"misses ({len(misses)}):")
        for miss in misses:
            lines.append(f"  [{miss.case.lang or '-'}] {miss.case.text!r}: {miss.reason}")
    return "\n".join(lines)
