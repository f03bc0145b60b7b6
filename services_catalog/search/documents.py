"""Search documents: the text and filter facets of each service, read from the catalogue."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from services_catalog.db.models import Service
from services_catalog.language import LANGS


@dataclass(frozen=True)
class ServiceDoc:
    id: str
    names: dict[str, str]
    summaries: dict[str, str]
    descriptions: dict[str, str] = field(default_factory=dict)
    keywords: tuple[str, ...] = ()
    nationwide: bool = True
    municipalities: frozenset[str] = frozenset()
    target_groups: frozenset[str] = frozenset()
    life_events: frozenset[str] = frozenset()

    def embedding_texts(self) -> list[str]:
        """One passage per language the service is written in."""
        out = []
        for lang in LANGS:
            name = self.names.get(lang)
            if name:
                out.append(f"{name}. {self.summaries.get(lang) or self.summaries.get('fi', '')}")
        return out


def _per_lang(row: Service, prefix: str) -> dict[str, str]:
    return {lang: v for lang in LANGS if (v := getattr(row, f"{prefix}_{lang}"))}


def load_documents(session: Session) -> list[ServiceDoc]:
    rows = session.scalars(select(Service).order_by(Service.id)).all()
    return [
        ServiceDoc(
            id=row.id,
            names=_per_lang(row, "name"),
            summaries=_per_lang(row, "summary"),
            descriptions=_per_lang(row, "description"),
            keywords=tuple(k for k in (row.keywords or "").split("|") if k)
            + tuple(a for a in (row.life_areas or "").split("|") if a),
            nationwide=row.nationwide,
            municipalities=frozenset(m.code for m in row.municipalities),
            target_groups=frozenset(t.code for t in row.target_groups),
            life_events=frozenset(e.code for e in row.life_events),
        )
        for row in rows
    ]
