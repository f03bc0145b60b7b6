"""Personal data out of stored text: e-mail, phone numbers, henkilötunnus, IBAN and payment card numbers.

Applied before anything a user typed is stored: the query log, Rasa's tracker store,
feedback comments. Numbers with a check digit (henkilötunnus, IBAN, card numbers) are
replaced only when the check digit is right, so that ordinary codes and counts in a
question ("2022", "00100 Helsinki", a PTV id) stay readable for the maintainers.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

EMAIL, PHONE, HETU, IBAN, CARD = "<EMAIL>", "<PHONE>", "<HETU>", "<IBAN>", "<CARD>"

_HETU_CHECK = "0123456789ABCDEFHJKLMNPRSTUVWXY"
# Century signs: + 1800s; - Y X W V U 1900s; A B C D E F 2000s (the 2023 reform added all but -, + and A).
_HETU_RE = re.compile(r"(?<![\w-])(\d{6})([-+AaBbCcDdEeFfYyXxWwVvUu])(\d{3})([0-9A-Ya-y])(?![\w-])")
_EMAIL_RE = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
# Country code, check digits, then 10-30 letters and digits, typed in groups of four or not.
_IBAN_RE = re.compile(r"(?<![\w-])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]){10,30}(?![\w-])")
# 13-19 digits, with single spaces or hyphens between groups as people type them.
_CARD_RE = re.compile(r"(?<![\w-])\d(?:[ -]?\d){12,18}(?![\w-])")
# International (+358, 00358) or national with the trunk 0; 7-15 digits in all. Not dots: those are dates.
_PHONE_RE = re.compile(r"(?<![\w+-])(?:(?:\+|00)\d{1,3}[ -]?(?:\(0\)[ -]?)?|0)\d(?:[ -]?\d){5,12}(?![\w-])")


def valid_hetu(text: str) -> bool:
    """Whether `text` is a henkilötunnus whose check character matches (DDMMYYCZZZQ)."""
    match = _HETU_RE.fullmatch(text.strip())
    return bool(match) and _hetu_matches(match)


def _hetu_matches(match: re.Match[str]) -> bool:
    date, individual, check = match.group(1), match.group(3), match.group(4).upper()
    day, month = int(date[:2]), int(date[2:4])
    if not (1 <= day <= 31 and 1 <= month <= 12):
        return False
    return _HETU_CHECK[int(date + individual) % 31] == check


def valid_iban(text: str) -> bool:
    """Whether `text` (spaces allowed) passes the IBAN mod-97 check."""
    compact = text.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", compact):
        return False
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def luhn_valid(text: str) -> bool:
    """Whether the digits of `text` (13-19 of them) pass the Luhn check of payment card numbers."""
    digits = [int(ch) for ch in text if ch.isdigit()]
    if not 13 <= len(digits) <= 19:
        return False
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def _redact_iban(match: re.Match[str]) -> str:
    """The longest valid IBAN at the start of a match, replaced; the words typed after it kept."""
    parts = match.group(0).split(" ")
    for end in range(len(parts), 0, -1):
        if valid_iban(" ".join(parts[:end])):
            rest = " ".join(parts[end:])
            return f"{IBAN} {rest}" if rest else IBAN
    return match.group(0)


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def _replace(pattern: re.Pattern[str], token: str, keep: Callable[[re.Match[str]], bool]) -> Callable[[str], str]:
    def apply(text: str) -> str:
        return pattern.sub(lambda m: token if keep(m) else m.group(0), text)

    return apply


# Order matters: an IBAN or a card number must not be eaten by the looser phone pattern first.
_STEPS: tuple[Callable[[str], str], ...] = (
    _replace(_EMAIL_RE, EMAIL, lambda m: True),
    _replace(_HETU_RE, HETU, _hetu_matches),
    lambda text: _IBAN_RE.sub(_redact_iban, text),
    _replace(_CARD_RE, CARD, lambda m: luhn_valid(m.group(0))),
    _replace(_PHONE_RE, PHONE, lambda m: 7 <= _digit_count(m.group(0)) <= 15),
)


def redact(text: str) -> str:
    """`text` with e-mail addresses, phone numbers, henkilötunnus, IBANs and card numbers replaced by
    placeholders (`<EMAIL>`, `<PHONE>`, `<HETU>`, `<IBAN>`, `<CARD>`)."""
    if not text:
        return text
    for step in _STEPS:
        text = step(text)
    return text


def redact_values(value: Any) -> Any:
    """Every string inside a JSON-like value redacted; keys and non-strings as they are."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {key: redact_values(item) for key, item in value.items()}
    if isinstance(value, list):
        return [redact_values(item) for item in value]
    return value
