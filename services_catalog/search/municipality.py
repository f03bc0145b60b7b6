"""Resolving what a user or a caller calls a municipality ("Turku", "Åbo", "Turussa", "853") to its code."""
from __future__ import annotations

from services_catalog.language import LANGS
from services_catalog.language.normalise import words
from services_catalog.language.stems import stems


def _forms(name: str) -> set[str]:
    folded = " ".join(words(name))
    return {folded, *(" ".join(stems(name, lang, keep_stopwords=True)) for lang in LANGS)}


class MunicipalityNames:
    """Name and code lookup built from (code, names) pairs of the catalogue."""

    def __init__(self, rows: list[tuple[str, list[str]]]) -> None:
        self.codes = {code for code, _ in rows}
        self.names = {code: names[0] for code, names in rows if names}
        self._by_form: dict[str, str] = {}
        for code, names in rows:
            for name in names:
                for form in _forms(name):
                    self._by_form.setdefault(form, code)

    def resolve(self, text: str) -> str | None:
        """The code for `text`, or None when no municipality of the catalogue matches."""
        text = (text or "").strip()
        if text in self.codes:
            return text
        for form in _forms(text):
            if form in self._by_form:
                return self._by_form[form]
        # Finnish consonant gradation (Turku -> Turussa) defeats the stemmer: accept a shared 3-letter head
        # only when exactly one municipality has it, so "Turussa" -> Turku but nothing ambiguous.
        folded = " ".join(words(text))
        if len(folded) >= 4:
            heads = {code for form, code in self._by_form.items() if form[:3] == folded[:3] and len(form) >= 4}
            if len(heads) == 1:
                return heads.pop()
        return None
