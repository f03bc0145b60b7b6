"""Maintainers' labels: what a logged question should have been, and what that teaches the bot.

A label is written as one cell, in a spreadsheet or by the review page:

- `term:<id>`: a new phrasing of an existing term; becomes an example of `term/<id>`.
- `service` or `service:<words>`: a new phrasing of a service need (`<words>`: the need as typed);
  becomes an example of `search_service`, the words marked as the `need` entity.
- `intent:<name>`: a new phrasing of another intent (greet, ask_programme, out_of_scope, ...).
- `new_term:<id>`: a term the table lacks; becomes a skeleton row of the term table, to be written.
- `ignore`: nothing to learn; the question leaves the inbox.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from services_catalog.db.models import Label
from services_catalog.language.normalise import words
from services_catalog.privacy import redact
from services_catalog.settings import REPO_ROOT

KINDS = ("term", "service", "intent", "new_term", "ignore")
TERM_INTENT, SERVICE_INTENT = "term", "search_service"
# Intents a label must not name: the NLU's own fallback, and `term`, which needs a term id.
NOT_LABEL_INTENTS = frozenset({"nlu_fallback", TERM_INTENT})
_TERM_ID = re.compile(r"[a-z0-9_]{1,100}")
TERM_COLUMNS = ("id", "name_fi", "name_sv", "name_en", "aliases", "definition_fi", "definition_sv", "definition_en",
                "url", "ask_fi", "ask_sv", "ask_en", "related_services", "source", "checked", "rules")


DOMAIN_DIR = REPO_ROOT / "bot" / "domain"


class LabelError(ValueError):
    """A label that cannot be used; the message says why."""


@dataclass(frozen=True)
class Decision:
    text: str
    kind: str
    target: str | None = None
    lang: str | None = None


def domain_intents(domain_dir: Path = DOMAIN_DIR) -> set[str]:
    """The intents the bot's domain declares (read as data: the domain files are the one list)."""
    intents: set[str] = set()
    for path in sorted(domain_dir.glob("*.yml")):
        for intent in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("intents") or []:
            intents.add(next(iter(intent)) if isinstance(intent, dict) else str(intent))
    return intents


def label_key(text: str) -> str:
    """The question folded to its words: the same question typed differently gets the same key."""
    return " ".join(words(text))[:500]


def parse_cell(cell: str) -> tuple[str, str | None]:
    """`term:kela` -> ("term", "kela"); `ignore` -> ("ignore", None)."""
    kind, _, target = cell.strip().partition(":")
    kind = kind.strip().lower().replace("-", "_").replace(" ", "_")
    return kind, target.strip() or None


def check(decision: Decision, terms: Iterable[str], intents: Iterable[str]) -> Decision:
    """The decision with its text redacted, or LabelError naming what is wrong with it."""
    text = redact(" ".join(decision.text.split()))
    if not text:
        raise LabelError("the question is empty")
    if decision.kind not in KINDS:
        raise LabelError(f"unknown label {decision.kind!r}; use one of {', '.join(KINDS)}")
    target = decision.target
    if decision.kind == "term" and target not in set(terms):
        raise LabelError(f"no term {target!r} in the term table")
    if decision.kind == "intent" and (target not in set(intents) or target in NOT_LABEL_INTENTS):
        raise LabelError(f"no intent {target!r} to label with (term questions: term:<id>)")
    if decision.kind == "new_term":
        if not target or not _TERM_ID.fullmatch(target):
            raise LabelError("a new term needs an id of a-z, 0-9 and _ (new_term:<id>)")
        if target in set(terms):
            raise LabelError(f"term {target!r} exists already; use term:{target}")
    if decision.kind == "service" and target and label_key(target) not in label_key(text):
        raise LabelError(f"the need {target!r} is not in the question")
    if decision.kind == "ignore":
        target = None
    return Decision(text=text, kind=decision.kind, target=target, lang=decision.lang)


def save(session: Session, decision: Decision, source: str = "cli") -> Label:
    """Store a checked decision; a later label of the same question replaces the earlier one."""
    key = label_key(decision.text)
    for earlier in session.scalars(select(Label).where(Label.key == key)):
        session.delete(earlier)
    label = Label(created_at=datetime.utcnow(), text=decision.text, key=key, lang=decision.lang,
                  kind=decision.kind, target=decision.target, source=source)
    session.add(label)
    session.commit()
    return label


def all_labels(session: Session) -> list[Label]:
    return list(session.scalars(select(Label).order_by(Label.id)))


def _annotated(text: str, need: str | None) -> str:
    """The question with the need marked as the `need` entity, as nlu_data/services.yml marks it."""
    if not need:
        return text
    match = re.search(re.escape(need), text, flags=re.IGNORECASE)
    if match is None:
        return text
    return f"{text[:match.start()]}[{match.group(0)}](need){text[match.end():]}"


def training_examples(labels: Iterable[Label]) -> dict[str, list[str]]:
    """Rasa intent (or `term/<id>`) -> example texts taught by the labels, in label order."""
    examples: dict[str, list[str]] = defaultdict(list)
    for label in labels:
        # Rasa reads [..](..) and {..} as entity markup; brackets a user typed must not turn into one.
        text = re.sub(r"[\[\]{}()]", " ", label.text)
        text = " ".join(text.split())
        if label.kind == "term":
            examples[f"{TERM_INTENT}/{label.target}"].append(text)
        elif label.kind == "service":
            examples[SERVICE_INTENT].append(_annotated(text, label.target))
        elif label.kind == "intent":
            examples[str(label.target)].append(text)
    return {intent: list(dict.fromkeys(texts)) for intent, texts in examples.items()}


def term_skeletons(labels: Iterable[Label]) -> list[dict[str, str]]:
    """A term-table row per new term, with the questions that asked for it as its first phrasings.

    The definitions, names, url and source are left for a person to write: the skeleton is not valid
    in terms.csv until they are (services_catalog/tables/README_terms.md says how).
    """
    asks: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for label in labels:
        if label.kind == "new_term" and label.target:
            asks[label.target][label.lang if label.lang in ("fi", "sv", "en") else "fi"].append(label.text)
    rows = []
    for term_id, by_lang in asks.items():
        row = dict.fromkeys(TERM_COLUMNS, "")
        row["id"] = term_id
        for lang, texts in by_lang.items():
            row[f"ask_{lang}"] = "|".join(dict.fromkeys(t.replace("|", " ") for t in texts))
        rows.append(row)
    return rows
