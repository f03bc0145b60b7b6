"""hit@5 and MRR of a retrieval mode on a dev set (tests/eval/dev_services.yml)."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import yaml

from services_catalog.search.index import Filters, Mode, ServiceIndex

K = 5


@dataclass
class EvalCase:
    text: str
    lang: str
    ids: list[str]
    municipality: str | None = None


@dataclass
class EvalResult:
    hits: dict[str, int]
    counts: dict[str, int]
    rr: dict[str, float]
    misses: list[tuple[EvalCase, list[str]]]

    def hit_rate(self, lang: str = "all") -> float:
        return self.hits[lang] / self.counts[lang] if self.counts[lang] else 0.0

    def mrr(self, lang: str = "all") -> float:
        return self.rr[lang] / self.counts[lang] if self.counts[lang] else 0.0


def load_cases(path: Path) -> list[EvalCase]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [EvalCase(text=d["text"], lang=d["lang"], ids=list(d["expect"]["ids"]),
                     municipality=d.get("municipality")) for d in data]


def evaluate(index: ServiceIndex, cases: list[EvalCase], municipality_codes: dict[str, str],
             default_city_code: str, mode: Mode = "hybrid", **search_kwargs) -> EvalResult:
    """`municipality_codes` maps a municipality name to its code; the default filter is national + city."""
    hits: dict[str, int] = defaultdict(int)
    counts: dict[str, int] = defaultdict(int)
    rr: dict[str, float] = defaultdict(float)
    misses = []
    for case in cases:
        code = municipality_codes[case.municipality] if case.municipality else default_city_code
        ranked = [h.doc.id for h in index.search(case.text, case.lang, Filters(frozenset({code})), mode=mode,
                                                 **search_kwargs)]
        rank = next((r for r, sid in enumerate(ranked, start=1) if sid in case.ids), None)
        for key in ("all", case.lang):
            counts[key] += 1
            if rank is not None:
                rr[key] += 1.0 / rank
                if rank <= K:
                    hits[key] += 1
        if rank is None or rank > K:
            misses.append((case, ranked[:K]))
    return EvalResult(dict(hits), dict(counts), dict(rr), misses)
