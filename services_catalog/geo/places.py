"""Area names of every division, found in a message in any Finnish case or by their Swedish name."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process

from services_catalog.language import LANGS
from services_catalog.language.inflect import ENDINGS, phrase_matches
from services_catalog.language.lemmas import voikko_base_forms
from services_catalog.language.normalise import fold

FUZZY_ACCEPT = 88  # a typo ("Kaliossa") still counts as the place when this similar


def display_name(raw: str) -> str:
    """Helsinki's kaupunginosa names are UPPERCASE; people write them capitalised."""
    return raw.title() if raw.isupper() else raw


@dataclass(frozen=True)
class Area:
    """One polygon of a division; `props` are the raw name fields used in WFS filters."""

    division: str
    names: tuple[tuple[str, str], ...]  # ((lang, display name), ...), fi first
    props: tuple[tuple[str, str], ...]  # ((field, raw value), ...)

    @property
    def key(self) -> str:
        return self.names[0][1]

    def label(self, lang: str) -> str:
        return dict(self.names).get(lang) or self.key

    def prop(self, field: str) -> str | None:
        return dict(self.props).get(field)


@dataclass(frozen=True)
class PlaceMatch:
    """A place mention: the token span and every area (in any division) with that name."""

    start: int
    end: int
    areas: tuple[Area, ...]
    fuzzy: bool = False


def make_area(division: str, name_fields: dict[str, str], props: dict[str, object]) -> Area | None:
    names = []
    raw = []
    for lang, fieldname in name_fields.items():
        value = props.get(fieldname)
        if value:
            names.append((lang, display_name(str(value))))
            raw.append((fieldname, str(value)))
    names.sort(key=lambda pair: pair[0] != "fi")
    return Area(division, tuple(names), tuple(raw)) if names else None


def _variants(token: str) -> set[str]:
    """The token and the token minus any ending it could carry, for fuzzy comparison."""
    out = {token}
    for ending in ENDINGS:
        if ending and token.endswith(ending) and len(token) - len(ending) >= 3:
            out.add(token[: -len(ending)])
    return out


class PlaceIndex:
    """Every area of every division, searchable by inflected or misspelt names."""

    def __init__(self, areas: list[Area]):
        self._areas = areas
        # name variant (folded, per language) -> areas carrying it
        self._by_name: dict[tuple[str, str], list[Area]] = {}
        for area in areas:
            for lang, name in area.names:
                self._by_name.setdefault((fold(name), lang), []).append(area)
        self._max_words = max((len(n.split()) for n, _ in self._by_name), default=1)
        # inflection never touches a name's first two letters, so they pick the candidates
        self._by_prefix: dict[str, list[tuple[str, str]]] = {}
        for name, lang in self._by_name:
            self._by_prefix.setdefault(name[:2], []).append((name, lang))
        self._names = sorted({name for name, _ in self._by_name})
        # Voikko's base forms of one-word Finnish names: "Ulkosaarissa" is the plural Ulkosaaret, which the
        # suffix rules miss (and fuzzy matching would take for Kulosaari)
        self._by_lemma: dict[str, str] = {}
        for name, lang in self._by_name:
            if lang == "fi" and " " not in name:
                for lemma in voikko_base_forms(name):
                    self._by_lemma.setdefault(lemma, name)

    def areas(self, division: str | None = None) -> list[Area]:
        return [a for a in self._areas if division is None or a.division == division]

    def named(self, name: str, division: str | None = None) -> list[Area]:
        """Areas whose name (any language) is exactly `name`, case-insensitively."""
        wanted = fold(name)
        return [a for a in self._areas if any(fold(n) == wanted for _, n in a.names)
                and (division is None or a.division == division)]

    def _areas_for(self, name: str) -> tuple[Area, ...]:
        seen: dict[tuple[str, str], Area] = {}
        for lang in LANGS:
            for area in self._by_name.get((name, lang), []):
                seen.setdefault((area.division, area.key), area)
        return tuple(seen.values())

    def find(self, toks: list[str], skip: set[int] = frozenset()) -> PlaceMatch | None:
        """The longest place name in `toks` (ignoring positions in `skip`), exact before fuzzy."""
        for size in range(self._max_words, 0, -1):
            for start in range(len(toks) - size + 1):
                if any(i in skip for i in range(start, start + size)):
                    continue
                window = toks[start : start + size]
                hits = [
                    name for (name, lang) in self._by_prefix.get(window[0][:2], ())
                    if len(name.split()) == size and phrase_matches(window, name, lang=lang)
                ]
                if hits:
                    best = max(hits, key=len)  # "Etu-Töölö" beats a shorter accidental match
                    return PlaceMatch(start, start + size, self._areas_for(best))
        return self._by_base_form(toks, skip) or self._fuzzy(toks, skip)

    def _by_base_form(self, toks: list[str], skip: set[int]) -> PlaceMatch | None:
        for i, tok in enumerate(toks):
            if i in skip:
                continue
            for lemma in sorted(voikko_base_forms(tok)):
                if lemma in self._by_lemma:
                    return PlaceMatch(i, i + 1, self._areas_for(self._by_lemma[lemma]))
        return None

    def _fuzzy(self, toks: list[str], skip: set[int]) -> PlaceMatch | None:
        best: tuple[float, int, str] | None = None
        for i, tok in enumerate(toks):
            # a word Voikko knows is spelt right: it is some other word, not a misspelt place
            if i in skip or len(tok) < 4 or voikko_base_forms(tok):
                continue
            for variant in _variants(tok):
                hit = process.extractOne(variant, self._names, scorer=fuzz.ratio, score_cutoff=FUZZY_ACCEPT)
                if hit and (best is None or hit[1] > best[0]):
                    best = (hit[1], i, hit[0])
        if best is None:
            return None
        return PlaceMatch(best[1], best[1] + 1, self._areas_for(best[2]), fuzzy=True)

    def closest(self, word: str, n: int = 3, division: str | None = None) -> list[Area]:
        """The `n` areas whose names look most like `word` (for "did you mean")."""
        variants = _variants(fold(word))
        scored: dict[str, tuple[float, Area]] = {}
        for area in self.areas(division):
            score = max(fuzz.ratio(v, fold(name)) for v in variants for _, name in area.names)
            if area.key not in scored or score > scored[area.key][0]:
                scored[area.key] = (score, area)
        ranked = sorted(scored.values(), key=lambda pair: (-pair[0], pair[1].key))
        return [area for _, area in ranked[:n]]
