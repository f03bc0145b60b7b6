"""Writing table values in fi/sv/en: numbers, money, dates and lists.

Sentence templates live in services_catalog/tables/texts/programme.csv; this module
only formats the values that go into them, so every number and name comes from a table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from services_catalog.texts import text


def t(key: str, lang: str, **fmt: object) -> str:
    return text(f"programme_{key}", lang, **fmt)


def number(value: float | int | str, lang: str) -> str:
    """10000 -> "10 000" (fi, sv) or "10,000" (en); 4.4 -> "4,4" (fi, sv) or "4.4" (en)."""
    num = float(value)
    if num.is_integer():
        grouped = f"{int(num):,}"
        return grouped if lang == "en" else grouped.replace(",", " ")
    plain = f"{num:g}"
    return plain if lang == "en" else plain.replace(".", ",")


def qualified(value: float | int | str, qualifier: str, lang: str) -> str:
    """A number with its hedge from the table: "noin 45", "över 100", "about 50"."""
    shown = number(value, lang)
    return t(f"q_{qualifier}", lang, value=shown) if qualifier else shown


def money(amount: int | str, lang: str, qualifier: str = "") -> str:
    return t("eur", lang, amount=qualified(amount, qualifier, lang))


def date(day: dt.date, lang: str) -> str:
    """19.1.2023 in fi and sv (as written in Finland), 19 January 2023 in en."""
    if lang == "en":
        return f"{day.day} {t(f'month_{day.month}', lang)} {day.year}"
    return f"{day.day}.{day.month}.{day.year}"


def month_year(value: str, lang: str) -> str:
    """ "2019-08" -> "elokuussa 2019" / "i augusti 2019" / "in August 2019"."""
    year, month = (int(part) for part in value.split("-")[:2])
    return t("in_month", lang, month=t(f"month_{month}", lang), year=year)


def join(items: Sequence[str], lang: str) -> str:
    """["A", "B", "C"] -> "A, B ja C" / "A, B och C" / "A, B and C"."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('and', lang)} {items[-1]}"
