"""Bot texts in fi/sv/en, from services_catalog/tables/texts/*.csv (columns key,fi,sv,en)."""

from __future__ import annotations

from functools import lru_cache

from services_catalog.language import LANGS
from services_catalog.table_io import TABLES_DIR, read_rows

TEXTS_DIR = TABLES_DIR / "texts"


@lru_cache(maxsize=1)
def all_texts() -> dict[str, dict[str, str]]:
    """key -> {lang: text}; a later file may not redefine a key (two capabilities would fight)."""
    texts: dict[str, dict[str, str]] = {}
    for path in sorted(TEXTS_DIR.glob("*.csv")):
        for row in read_rows(path):
            key = row.get("key", "")
            if not key:
                continue
            if key in texts:
                raise ValueError(f"text key {key!r} defined twice (second time in {path.name})")
            texts[key] = {lang: row.get(lang, "") for lang in LANGS}
    return texts


def text(key: str, lang: str, **fmt: object) -> str:
    """The text for `key` in `lang`, falling back to Finnish, formatted with `fmt`."""
    variants = all_texts()[key]
    template = variants.get(lang) or variants["fi"]
    return template.format(**fmt) if fmt else template
