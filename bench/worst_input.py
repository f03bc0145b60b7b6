"""Time the message readers on the worst inputs a channel lets through (5,000 characters), in process.

    .venv/bin/python bench/worst_input.py

Each reader (statements, need words, problem reports, catalogue words, pleasantries, numbers, the search query) is
run on repeated greetings and thanks, runs of separators, emoji, one endless word, NULs and lone surrogates; then
the fallback's gate as the fallback runs it (the first `READ_CHARS` characters, without pleasantries). Prints the
slowest case per reader and any exception (there must be none).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from services_catalog.answers.profile import Profile  # noqa: E402
from services_catalog.language.numbers import number_value  # noqa: E402
from services_catalog.language.pleasantries import without_pleasantries  # noqa: E402
from services_catalog.needs import (  # noqa: E402
    about_catalogue_things,
    asks_for_service,
    reports_a_problem,
    tells_a_catalogue_story,
)
from services_catalog.statements import READ_CHARS, read_statements  # noqa: E402

LIMIT = 5000  # the channels' message limit


def worst_inputs() -> dict[str, str]:
    return {
        "kiitos ×": ("kiitos " * LIMIT)[:LIMIT], "thanks, × then x": ("thanks, " * LIMIT)[:LIMIT] + "x",
        "hi there! ×": ("hi there! " * LIMIT)[:LIMIT], ", ×": (", " * LIMIT)[:LIMIT], "emoji ×": "😂" * LIMIT,
        ":) ×": ":) " * (LIMIT // 3), "one letter ×": "a" * LIMIT, "NUL ×": "\x00" * LIMIT,
        "kaksi ×": "kaksi" * (LIMIT // 5), "ei ole ×": ("ei ole " * LIMIT)[:LIMIT],
        "studnet ×": ("studnet " * LIMIT)[:LIMIT], "one endless word": "opiskelia" * (LIMIT // 9),
        "a real need ×": ("heippa anteeks häiriö mut katuvalo ei toimi " * 200)[:LIMIT],
        "please × then ?": ("please " * LIMIT)[:LIMIT] + "?", "lone surrogates": "\ud800" * 100,
    }


def fallback_gate(text: str) -> None:
    need = without_pleasantries(text[:READ_CHARS])
    about_catalogue_things(need), tells_a_catalogue_story(need), reports_a_problem(need), asks_for_service(need)


def main() -> None:
    readers: dict[str, Callable[[str], object]] = {
        "statements": read_statements, "need words": asks_for_service, "problem report": reports_a_problem,
        "pleasantries": without_pleasantries, "number": number_value, "search query": Profile().query,
        "fallback gate": fallback_gate,
    }
    inputs = worst_inputs()
    for read in readers.values():  # tables, lexicon and models load on first use, once per process
        read("asun Oulussa ja katuvalo ei toimi, kiitos")
    print("| reader | slowest input | ms | exceptions |\n|---|---|---|---|")
    for name, read in readers.items():
        slowest, worst, raised = "", 0.0, 0
        for label, text in inputs.items():
            started = time.perf_counter()
            try:
                read(text)
            except Exception as err:  # noqa: BLE001 - counted and shown: a reader must not raise on any text
                raised += 1
                print(f"{name} raised on {label}: {err!r}", file=sys.stderr)
            elapsed = (time.perf_counter() - started) * 1000
            if elapsed > worst:
                slowest, worst = label, elapsed
        print(f"| {name} | {slowest} | {worst:.0f} | {raised} |")


if __name__ == "__main__":
    main()
