"""Training-data generators: tables in, Rasa YAML out. Generated files are never edited by hand."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from bot.generate import geo, programme, services, statements, terms
from services_catalog.settings import REPO_ROOT

Generator = Callable[[], dict[str, str]]
GENERATORS: list[Generator] = [terms.generate, geo.generate, programme.generate, services.generate,
                               statements.generate]


def build_all() -> dict[str, str]:
    """Every generated file: repo-relative path -> text."""
    files: dict[str, str] = {}
    for generate in GENERATORS:
        for path, text in generate().items():
            if path in files:
                raise ValueError(f"two generators write {path}")
            files[path] = text
    return files


def write_all(root: Path = REPO_ROOT) -> list[str]:
    """Write generated files whose content changed; returns the paths written."""
    written = []
    for path, text in build_all().items():
        target = root / path
        if target.exists() and target.read_text(encoding="utf-8") == text:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def stale_files(root: Path = REPO_ROOT) -> list[str]:
    """Generated files that are missing or differ from what the tables produce now."""
    return [
        path
        for path, text in build_all().items()
        if not (root / path).exists() or (root / path).read_text(encoding="utf-8") != text
    ]
