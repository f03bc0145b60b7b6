"""Progress of a long command, shown twice: a bar per step on the terminal, and JSON lines for the web page.

Each step reports `running` with a fraction and a detail, then `done`, `failed` or `skipped`, always
with the seconds it took. The JSON-lines file is what the maintainers' page polls
(services_catalog/api/retrain_runner.py reads it).
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

BAR_WIDTH = 24


class StepFailed(RuntimeError):
    """A step could not do its work; the message says why, for the user."""


class Step:
    def __init__(self, progress: Progress, name: str, title: str) -> None:
        self.progress, self.name, self.title = progress, name, title
        self.started = time.monotonic()
        self.fraction, self.detail = 0.0, ""

    @property
    def seconds(self) -> float:
        return time.monotonic() - self.started

    def update(self, fraction: float | None = None, detail: str | None = None) -> None:
        if fraction is not None:
            self.fraction = min(1.0, max(self.fraction, fraction))
        if detail is not None:
            self.detail = detail
        self.progress.emit(self, "running")


class Progress:
    def __init__(self, events: Path | None = None, stream: IO[str] | None = None) -> None:
        self.events = events
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._last_line = 0.0
        if events is not None:
            events.parent.mkdir(parents=True, exist_ok=True)
            events.write_text("", encoding="utf-8")

    def write_event(self, event: dict[str, Any]) -> None:
        if self.events is not None:
            with self.events.open("a", encoding="utf-8") as handle:
                handle.write(json.dumps(event, ensure_ascii=False) + "\n")

    def emit(self, step: Step, state: str) -> None:
        fraction = 1.0 if state == "done" else step.fraction
        self.write_event({"step": step.name, "title": step.title, "state": state, "fraction": round(fraction, 3),
                          "seconds": round(step.seconds, 1), "detail": step.detail})
        filled = int(BAR_WIDTH * fraction)
        minutes, seconds = divmod(int(step.seconds), 60)
        line = (f"{step.title:<28} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {fraction:4.0%} "
                f"{minutes}:{seconds:02d} {state if state != 'running' else ''} {step.detail}")[:150]
        if self.tty:
            end = "\n" if state != "running" else ""
            self.stream.write(f"\r\x1b[K{line}{end}")
            self.stream.flush()
        elif state != "running" or time.monotonic() - self._last_line > 10:
            # A log file gets a line per change of state, and one every 10 s while a step runs.
            self._last_line = time.monotonic()
            print(line.rstrip(), file=self.stream, flush=True)

    @contextmanager
    def step(self, name: str, title: str) -> Iterator[Step]:
        step = Step(self, name, title)
        self.emit(step, "running")
        try:
            yield step
        except BaseException as error:
            step.detail = str(error) or type(error).__name__
            self.emit(step, "failed")
            raise
        self.emit(step, "done")

    def skip(self, name: str, title: str, detail: str) -> None:
        step = Step(self, name, title)
        step.detail = detail
        self.emit(step, "skipped")
