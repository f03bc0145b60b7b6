"""Redaction of personal data: what must go, and what must stay readable for the maintainers."""

from __future__ import annotations

import pytest

from services_catalog.privacy import (
    CARD,
    EMAIL,
    HETU,
    IBAN,
    PHONE,
    luhn_valid,
    redact,
    redact_values,
    valid_hetu,
    valid_iban,
)


def _hetu(date: str, sign: str, individual: str) -> str:
    """A henkilötunnus with its check character computed here, by the rule DVV publishes."""
    return f"{date}{sign}{individual}{'0123456789ABCDEFHJKLMNPRSTUVWXY'[int(date + individual) % 31]}"


def _luhn_complete(digits: str) -> str:
    """`digits` with the Luhn check digit appended, computed independently of the code under test."""
    total = 0
    for position, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if position % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return digits + str((10 - total % 10) % 10)


def _grouped(digits: str) -> str:
    return " ".join(digits[i:i + 4] for i in range(0, len(digits), 4))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("soita 040 123 4567 tai 0401234567", f"soita {PHONE} tai {PHONE}"),
        ("+358 40 1234567 kiitos", f"{PHONE} kiitos"),
        ("numero +358 (0)40 123 4567", f"numero {PHONE}"),
        ("puh. 02 262 5000", f"puh. {PHONE}"),
        ("maili matti.meikalainen@example.fi ok", f"maili {EMAIL} ok"),
        (f"mun hetu on {_hetu('131052', '-', '308')}", f"mun hetu on {HETU}"),
        (f"lapsen {_hetu('010123', 'A', '123')}", f"lapsen {HETU}"),
        (f"uusi merkki {_hetu('020304', 'Y', '456')}", f"uusi merkki {HETU}"),
        ("tili FI21 1234 5600 0007 85 kiitos", f"tili {IBAN} kiitos"),
        ("tilille FI2112345600000785.", f"tilille {IBAN}."),
        ("GB82 WEST 1234 5698 7654 32", IBAN),
        (f"kortti {_luhn_complete('411111111111111')}", f"kortti {CARD}"),
        (f"kortti {_grouped(_luhn_complete('555555555555444'))} käy", f"kortti {CARD} käy"),
    ],
)
def test_personal_data_is_replaced(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "posti 00100 Helsinki",  # a postal code is not a phone number
        "vuonna 2022, 1.2.2024 ja 2020-2023",  # years and dates
        "palvelu e0556386-0ffa-40f2-98aa-770b42dd792a",  # a PTV id
        "116 117 ja 112",  # public service numbers without the trunk 0
        "asiakasnumero 123456789012",  # 12 digits: not a card, no trunk 0
        "väärä tarkiste 131052-308A",  # a henkilötunnus-like code whose check character is wrong
        "FI21 1234 5600 0007 86",  # an IBAN whose check digits are wrong
        "4111 1111 1111 1112",  # fails Luhn
        "turku-student-housing kela opintotuki",
    ],
)
def test_ordinary_text_stays(text: str) -> None:
    assert redact(text) == text


def test_check_digit_validators_agree_with_independent_examples() -> None:
    assert valid_hetu(_hetu("131052", "-", "308")) and not valid_hetu("131052-308A")
    assert not valid_hetu("320152-308T")  # no 32nd day
    assert valid_iban("FI21 1234 5600 0007 85") and not valid_iban("FI21 1234 5600 0007 84")
    assert luhn_valid(_luhn_complete("400000000000000")) and not luhn_valid("4000000000000001")


def test_nested_values_are_redacted_and_keys_kept() -> None:
    value = {"query": "lähetä a@b.fi", "items": [{"id": "x", "note": "040 123 4567"}], "n": 5}
    assert redact_values(value) == {"query": f"lähetä {EMAIL}", "items": [{"id": "x", "note": PHONE}], "n": 5}
