from __future__ import annotations

import pytest

from bot.lang import detect_language


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Mikä on Kela?", "fi"),
        ("mist mä saan opintotukee", "fi"),
        ("Montako lehmusta on Eirassa?", "fi"),
        ("what is Föli?", "en"),  # the ö of a brand name must not make it Finnish
        ("I want to swim", "en"),
        ("vad är FPA", "sv"),
        ("hjälp med sotning", "sv"),
        ("bostadsbidrag", "sv"),
        ("housing allowance", "en"),
    ],
)
def test_detects_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


@pytest.mark.parametrize("text", ["Eira", "YTHS", "ok", "Föli", ""])
def test_ambiguous_text_follows_the_hint_and_defaults_to_finnish(text: str) -> None:
    assert detect_language(text, hint="sv") == "sv"
    assert detect_language(text) == "fi"


def test_unknown_hint_is_ignored() -> None:
    assert detect_language("Eira", hint="de") == "fi"
