"""Short needs without function words are answered in their own language (the vocabularies decide)."""

from __future__ import annotations

import pytest

from services_catalog.language.detect import detect_language, vocabulary_languages


@pytest.mark.parametrize(("text", "lang"), [
    ("hundpark", "sv"), ("avfallshantering", "sv"), ("skattekort", "sv"),
    ("dog park", "en"), ("ice skating", "en"), ("tax card", "en"),
    ("uimahalli", "fi"), ("Föli", "fi"),
])
def test_one_or_two_word_needs_get_their_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_only_words_of_one_language_vote() -> None:
    words = vocabulary_languages()
    assert words["hundpark"] == "sv" and words["kuntosali"] == "fi"
    assert "gym" not in words  # Swedish and English alike: no vote
    assert "tennis" not in words

