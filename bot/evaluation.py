"""`citybot eval`: run YAML lists of questions against a running bot and score the reply cards.

Case format (docs/EVAL.md):

    - id: svc-fi-001                  # optional
      text: "tarvitsen asunnon"
      lang: fi                        # optional: the reply card must be in this language
      before: ["olen opiskelija"]     # optional: earlier turns of the same conversation
      hint: fi                        # optional: sent as the channel's language hint
      expect: {type: term, id: kela}
      expect: {type: service_list, ids: [<ptv id>, ...]}   # hit if any is among the items
      expect: {type: campaign, contains: ["9"]}            # each value a whole word of the text or a card fact
      expect: {type: geo_count, area_id: Kallio, division: kaupunginosa, filter: Tilia}
      expect: {type: profile, profile: {municipality: Oulu, groups: [student]}}   # at least these facts
      expect: {type: profile, profile: {}, empty: true}                           # knows nothing
      expect: {type: service_list, ids: [...], profile: {groups: [student]}}    # the search used the facts

Replies are read through the card contract (services_catalog.cards): a message
whose card breaks it counts as no answer.
"""

from __future__ import annotations

import re
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from services_catalog.cards import AnyCard, BotMessage, GeoCountCard, ProfileCard, ProfileFacts, ServiceListCard

Ask = Callable[[str, str, dict], list[dict]]


@dataclass
class Case:
    text: str
    expect: dict[str, Any]
    lang: str | None = None
    before: list[str] = field(default_factory=list)
    hint: str | None = None
    id: str | None = None
    group: str = ""


@dataclass
class Outcome:
    case: Case
    card: AnyCard | None
    reply_text: str
    ok: bool
    reason: str = ""
    first_card_ok: bool = False  # judged on the reply's first card alone, as before term answers listed services


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


def load_cases(path: Path, lang_as_hint: bool = False) -> list[Case]:
    """Cases of one file; `lang_as_hint` also sends each case's `lang` as the channel hint (as a widget would)."""
    raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    if not isinstance(raw, list):
        raise ValueError(f"{path}: expected a YAML list of cases")
    cases = []
    for number, item in enumerate(raw, start=1):
        if not isinstance(item, dict) or not item.get("text") or not isinstance(item.get("expect"), dict):
            raise ValueError(f"{path}: case {number} needs 'text' and an 'expect' mapping")
        if "type" not in item["expect"]:
            raise ValueError(f"{path}: case {number}: 'expect' needs a 'type'")
        lang = item.get("lang")
        cases.append(Case(text=str(item["text"]), expect=item["expect"], lang=lang,
                          before=[str(t) for t in item.get("before") or []],
                          hint=item.get("hint") or (lang if lang_as_hint else None),
                          id=item.get("id"), group=path.stem))
    return cases


def answer_cards(messages: Iterable[dict[str, Any]]) -> tuple[list[AnyCard], str]:
    """The reply's valid cards in order, and the whole reply text."""
    parsed = [BotMessage.from_wire(m) for m in messages if isinstance(m, dict)]
    cards = [m.card for m in parsed if m is not None and m.card is not None]
    return cards, "\n".join(m.text for m in parsed if m is not None)


def answering_card(cards: list[AnyCard], expected_type: str) -> AnyCard | None:
    """The card that answers the case: the first, except that a service need is also met by the service list a
    term answer shows after its definition ("tax card": what a tax card is, then the services that issue one), or
    one that follows what the bot noted of a life change ("muutan ensi kuussa Vaasaan": Vaasa noted, then the
    services of moving). `first_card_ok` keeps the first-card verdict beside it."""
    if not cards:
        return None
    if expected_type == "service_list" and cards[0].type in ("term", "profile"):
        return next((c for c in cards[1:] if c.type == "service_list"), cards[0])
    return cards[0]


def judge_reply(case: Case, messages: Iterable[dict[str, Any]]) -> Outcome:
    """Judge a reply's messages; `first_card_ok` keeps the stricter first-card verdict beside it."""
    cards, reply_text = answer_cards(messages)
    card = answering_card(cards, case.expect["type"])
    ok, reason = judge(case, card, reply_text)
    first_ok = ok if card is (cards[0] if cards else None) else judge(case, cards[0], reply_text)[0]
    return Outcome(case, card, reply_text, ok, reason, first_ok)


def _card_ids(card: AnyCard) -> list[str]:
    if isinstance(card, ServiceListCard):
        return [item.id for item in card.items]
    return [str(getattr(card, "id", ""))]


def _fact_values(card: AnyCard) -> list[str]:
    """The card's fact values as text (lists flattened); never its ids or field names."""
    facts = getattr(card, "facts", None) or {}
    values: list[str] = []
    for value in facts.values():
        values += [str(v) for v in value] if isinstance(value, list) else [str(value)]
    if isinstance(card, GeoCountCard):
        values.append(str(card.count))
    return values


def _mentions(expected: str, haystacks: list[str]) -> bool:
    """`expected` in one of the texts: a number as a whole ("9" does not match "2019" or "9.1."),
    a word from a word start (Finnish inflects: "Tekoäly" matches "Tekoälyn")."""
    end = r"(?![\w]|[.,]\d)" if any(ch.isdigit() for ch in expected) else ""
    pattern = re.compile(rf"(?<![\w.,]){re.escape(expected.lower())}{end}")
    return any(pattern.search(h.lower()) for h in haystacks)


def _profile_of(card: AnyCard) -> ProfileFacts | None:
    """The facts a card shows about the user: a profile card's own, or those a service search used."""
    if isinstance(card, ProfileCard):
        return ProfileFacts(municipality=card.municipality, groups=card.groups)
    if isinstance(card, ServiceListCard):
        return card.profile or ProfileFacts()
    return None


def judge_profile(expect: dict[str, Any], card: AnyCard) -> str:
    """Why the card's facts about the user miss the expectation ('' when they meet it)."""
    facts = _profile_of(card)
    if facts is None:
        return f"a {card.type} card shows no facts about the user"
    if expect.get("empty"):
        return "" if not (facts.municipality or facts.groups) else f"not empty: {facts.dict()}"
    wanted = expect.get("profile") or {}
    if "municipality" in wanted and facts.municipality != wanted["municipality"]:
        return f"municipality {facts.municipality!r}, expected {wanted['municipality']!r}"
    missing = sorted(set(wanted.get("groups", [])) - set(facts.groups))
    return f"groups {facts.groups} lack {missing}" if missing else ""


def judge(case: Case, card: AnyCard | None, reply_text: str) -> tuple[bool, str]:
    """Whether a reply meets a case's expectation, and why not."""
    expect = case.expect
    if card is None:
        return False, "no answer card"
    if card.type != expect["type"]:
        return False, f"type {card.type!r}, expected {expect['type']!r}"
    wanted_ids = [str(i) for i in ([expect["id"]] if "id" in expect else expect.get("ids", []))]
    if wanted_ids and not set(wanted_ids) & set(_card_ids(card)):
        return False, f"ids {_card_ids(card)[:5]}, expected one of {wanted_ids}"
    for key in ("area_id", "division"):
        if key in expect and getattr(card, key, None) != expect[key]:
            return False, f"{key} {getattr(card, key, None)!r}, expected {expect[key]!r}"
    if "filter" in expect:
        value = card.filter.value if getattr(card, "filter", None) else None
        if value != expect["filter"]:
            return False, f"filter {value!r}, expected {expect['filter']!r}"
    missing = [str(s) for s in expect.get("contains", []) if not _mentions(str(s), [reply_text, *_fact_values(card)])]
    if missing:
        return False, f"reply lacks {missing}"
    if "profile" in expect or expect.get("empty"):
        reason = judge_profile(expect, card)
        if reason:
            return False, reason
    if case.lang and card.lang != case.lang:
        return False, f"answered in {card.lang!r}, expected {case.lang!r}"
    return True, ""


# Which intents can lead to each expected card: the routing part of a case, for scoring the NLU alone.
INTENTS_BY_CARD = {
    "term": {"term"},
    "fallback": {"out_of_scope", "nlu_fallback"},
    "service_list": {"search_service"},
    "campaign": {"ask_programme"},
    "experiment": {"ask_programme"},
    "geo_count": {"geo_count"},
    "geo_ranking": {"geo_top", "geo_ranking", "geo_table"},
    "profile": {"tell_about_self", "profile_show", "profile_forget"},
    "message": {"greet", "goodbye", "thanks", "help", "bot_challenge"},
}


def expected_intents(case: Case) -> set[str]:
    """The intents that route a case to the right kind of answer.

    A statement with a need in it ("olen opiskelija ja etsin asuntoa") may also be read as a statement:
    that action hands the rest over to the search.
    """
    intents = set(INTENTS_BY_CARD.get(case.expect["type"], set()))
    if case.expect["type"] == "service_list":
        intents.add("tell_about_self")
    return intents


def run_cases(cases: list[Case], ask: Ask) -> Report:
    """Ask every case in a fresh conversation (after its `before` turns), so cases do not influence each other."""
    report = Report()
    for case in cases:
        sender = f"eval-{uuid.uuid4().hex[:12]}"
        metadata = {"lang": case.hint} if case.hint else {}
        for earlier in case.before:
            ask(earlier, sender, metadata)
        report.outcomes.append(judge_reply(case, ask(case.text, sender, metadata)))
    return report


def format_report(report: Report) -> str:
    lines = [f"overall: {sum(o.ok for o in report.outcomes)}/{len(report.outcomes)} = {report.accuracy:.1%}"]
    for title, key in (
        ("by file", lambda o: o.case.group or "-"),
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
