"""The dev sets' texts that the speed benchmarks ask: one home, so that they all time the same questions.

`bench/latency.py`, `bench/parse_latency.py`, `bench/turn_stages.py` and `bench/turn_parts.py` import it (a
script's own folder is on its import path).
"""

from __future__ import annotations

from pathlib import Path

import yaml

EVAL = Path(__file__).resolve().parents[1] / "tests" / "eval"


def texts(name: str, *types: str) -> list[str]:
    """The texts of `tests/eval/<name>.yml` whose expected answer is of one of `types` (of every case if none)."""
    cases = yaml.safe_load((EVAL / f"{name}.yml").read_text(encoding="utf-8"))
    return [c["text"] for c in cases if not types or c["expect"]["type"] in types]


def term_questions() -> list[str]:
    """The dev term questions (not the names no table knows)."""
    return texts("dev_terms", "term")


def service_needs() -> list[str]:
    """Every case of the dev service set."""
    return texts("dev_services")
