"""The term table (services_catalog/tables/terms.csv) as typed records."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from services_catalog.language import LANGS
from services_catalog.table_io import TABLES_DIR, read_rows, split_list

TERMS_CSV = TABLES_DIR / "terms.csv"

REQUIRED_COLUMNS = ("id", "name_fi", "definition_fi", "url", "ask_fi")


@dataclass(frozen=True)
class Term:
    id: str
    names: dict[str, str]
    definitions: dict[str, str]
    url: str
    aliases: tuple[str, ...] = ()
    asks: dict[str, tuple[str, ...]] = field(default_factory=dict)
    related_services: tuple[str, ...] = ()
    # Review data (columns `source`, `checked`, `rules`); optional so older tables still read.
    sources: tuple[str, ...] = ()
    checked: date | None = None
    rules: tuple[str, ...] = ()

    @property
    def source(self) -> str:
        """The official page the facts come from (the first of `sources`), or ''."""
        return self.sources[0] if self.sources else ""

    def name(self, lang: str) -> str:
        return self.names.get(lang) or self.names["fi"]

    def definition(self, lang: str) -> str:
        """Definition in `lang`; Finnish when the table has no translation."""
        return self.definitions.get(lang) or self.definitions["fi"]

    def has_definition(self, lang: str) -> bool:
        return bool(self.definitions.get(lang))

    def all_names(self) -> list[str]:
        """Every name and alias in any language, without duplicates, Finnish name first."""
        seen: dict[str, None] = {}
        for name in [self.names["fi"], *self.names.values(), *self.aliases]:
            if name:
                seen.setdefault(name, None)
        return list(seen)


class TermTableError(ValueError):
    """The term table breaks its format; the message names the row."""


def parse_checked(cell: str, line: int) -> date | None:
    """The `checked` cell: an ISO date (YYYY-MM-DD) or empty (never checked)."""
    if not cell:
        return None
    try:
        return date.fromisoformat(cell)
    except ValueError:
        raise TermTableError(f"terms.csv line {line}: checked must be a date like 2026-12-01, not {cell!r}") from None


def parse_term(row: dict[str, str], line: int) -> Term:
    missing = [col for col in REQUIRED_COLUMNS if not row.get(col)]
    if missing:
        raise TermTableError(f"terms.csv line {line}: missing {', '.join(missing)}")
    return Term(
        id=row["id"],
        names={lang: row.get(f"name_{lang}", "") for lang in LANGS if row.get(f"name_{lang}")},
        definitions={lang: row[f"definition_{lang}"] for lang in LANGS if row.get(f"definition_{lang}")},
        url=row["url"],
        aliases=tuple(split_list(row.get("aliases", ""))),
        asks={lang: tuple(split_list(row.get(f"ask_{lang}", ""))) for lang in LANGS},
        related_services=tuple(split_list(row.get("related_services", ""))),
        sources=tuple(split_list(row.get("source", ""))),
        checked=parse_checked(row.get("checked", ""), line),
        rules=tuple(split_list(row.get("rules", ""))),
    )


def read_terms(path: Path = TERMS_CSV) -> list[Term]:
    terms = [parse_term(row, line) for line, row in enumerate(read_rows(path), start=2)]
    ids = [t.id for t in terms]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise TermTableError(f"terms.csv: duplicate ids {duplicates}")
    return terms


@lru_cache(maxsize=1)
def load_terms() -> list[Term]:
    """The bundled term table, parsed once per process."""
    return read_terms()


def terms_by_id() -> dict[str, Term]:
    return {term.id: term for term in load_terms()}
