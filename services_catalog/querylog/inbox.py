"""The maintainers' inbox: what the bot did not know, grouped by meaning, the biggest gaps first.

A turn belongs here when the bot fell back, when the NLU was unsure (confidence below
CITYBOT_INBOX_CONFIDENCE), or when the user rated the answer down. Questions someone
already labelled (even `ignore`) stay out, unless they were asked and missed again after the label: then
the label did not fix them (or the answer it taught is being rated down), and they are a gap again.
Questions are grouped by the cosine similarity of their multilingual e5 embeddings, so "missä voi uida"
and "uimahallit turussa" land together whatever their words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from services_catalog.db.models import Label, QueryLog
from services_catalog.querylog.labels import label_key

Embed = Callable[[list[str]], np.ndarray]
MAX_ROWS = 5000
# Beyond this many distinct questions the rarest are not embedded (each stays a group of its own):
# the page must answer within the API's deadline on two busy cores.
MAX_EMBEDDED = 300
_vectors: dict[str, np.ndarray] = {}
_VECTORS_KEPT = 20_000


@dataclass
class Question:
    """One distinct question (by its folded words) with every logged turn that asked it."""

    key: str
    text: str
    lang: str | None
    count: int = 0
    reasons: set[str] = field(default_factory=set)
    row_ids: list[int] = field(default_factory=list)
    last_seen: datetime | None = None
    intent: str | None = None
    confidence: float | None = None
    answer: str | None = None  # card type and id the bot gave


@dataclass
class Group:
    questions: list[Question]

    @property
    def count(self) -> int:
        return sum(q.count for q in self.questions)

    @property
    def title(self) -> str:
        return max(self.questions, key=lambda q: q.count).text

    @property
    def reasons(self) -> set[str]:
        return set().union(*(q.reasons for q in self.questions))


def reasons_of(row: QueryLog, confidence: float) -> set[str]:
    reasons = set()
    if row.fell_back:
        reasons.add("fallback")
    if row.confidence is not None and row.confidence < confidence and not row.fell_back:
        reasons.add("low confidence")
    if row.rating == "down":
        reasons.add("rated down")
    return reasons


def questions(session: Session, since: datetime | None, confidence: float) -> list[Question]:
    """Distinct unanswered questions since `since`, most asked first; a labelled one only with the rows that
    came after its latest label."""
    stmt = select(QueryLog).where(
        or_(QueryLog.fell_back.is_(True), QueryLog.confidence < confidence, QueryLog.rating == "down")
    )
    if since is not None:
        stmt = stmt.where(QueryLog.created_at >= since)
    labelled: dict[str, datetime] = {}
    for key, at in session.execute(select(Label.key, Label.created_at)):
        labelled[key] = max(at, labelled.get(key, at))
    found: dict[str, Question] = {}
    for row in session.scalars(stmt.order_by(QueryLog.id.desc()).limit(MAX_ROWS)):
        key = label_key(row.text)
        # A "/intent" text is a button's payload, not something a person wrote.
        if not key or row.text.startswith("/") or (key in labelled and row.created_at <= labelled[key]):
            continue
        question = found.setdefault(key, Question(key=key, text=row.text, lang=row.lang, last_seen=row.created_at,
                                                  intent=row.intent, confidence=row.confidence,
                                                  answer=":".join(filter(None, (row.card_type, row.card_id)))))
        question.count += 1
        question.reasons |= reasons_of(row, confidence)
        question.row_ids.append(row.id)
    return sorted(found.values(), key=lambda q: (-q.count, q.text))


def group_by_meaning(items: Sequence[Question], embed: Embed, similarity: float) -> list[Group]:
    """Greedy grouping: each question joins the first group whose centre is at least `similarity` alike,
    most asked questions first so that they become the centres; biggest groups first."""
    if not items:
        return []
    rest = [Group([q]) for q in items[MAX_EMBEDDED:]]
    items = items[:MAX_EMBEDDED]
    vectors = embed([q.text for q in items])
    vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
    groups: list[list[int]] = []
    centres: list[np.ndarray] = []
    for index, vector in enumerate(vectors):
        scores = [float(centre @ vector) for centre in centres]
        best = int(np.argmax(scores)) if scores else -1
        if best >= 0 and scores[best] >= similarity:
            groups[best].append(index)
            centre = vectors[groups[best]].mean(axis=0)
            centres[best] = centre / max(float(np.linalg.norm(centre)), 1e-9)
        else:
            groups.append([index])
            centres.append(vector)
    result = [Group([items[i] for i in members]) for members in groups] + rest
    return sorted(result, key=lambda g: (-g.count, g.title))


def default_embed(texts: list[str]) -> np.ndarray:
    """e5 "query:" vectors of the questions: they separate same-meaning questions (cosine 0.86-0.95 on
    Finnish paraphrases) from unrelated ones (at most 0.84) better than passage vectors do."""
    from services_catalog.search.embed import Embedder

    missing = [text for text in dict.fromkeys(texts) if text not in _vectors]
    if missing:
        embedder = Embedder()
        if len(_vectors) + len(missing) > _VECTORS_KEPT:
            _vectors.clear()
        _vectors.update({text: embedder.query(text) for text in missing})
    return np.stack([_vectors[text] for text in texts]) if texts else np.zeros((0, 384), dtype=np.float32)
