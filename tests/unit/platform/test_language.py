from __future__ import annotations

import pytest

from services_catalog.language.detect import detect_language


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


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("bibliotek i Åbo", "sv"),  # short Swedish with a place name, no hint
        ("När startade Kokeilukiihdyttämö?", "sv"),  # a Finnish name must not make a Swedish question Finnish
        ("jag bor i Helsingfors", "sv"),
        ("i live in Tampere", "en"),  # "i" is Swedish and English; the rest decides
        ("Mikä on Kela?", "fi"),
        ("simhall i Åbo", "sv"),
    ],
)
def test_short_messages_without_a_hint(text: str, expected: str) -> None:
    assert detect_language(text) == expected


@pytest.mark.parametrize("text", ["I'm 67", "im 19", "I’m a student", "I've got two kids", "it's Oulu"])
def test_english_contractions_decide_english(text: str) -> None:
    # two letters and a number ("I'm 67") looked Finnish to the statistical guess
    assert detect_language(text) == "en"
