"""Numbers written as words, and the greetings and thanks a search leaves out."""
from __future__ import annotations

import pytest

from services_catalog.language.numbers import number_value
from services_catalog.language.pleasantries import without_pleasantries


@pytest.mark.parametrize(("word", "value"), [
    ("17", 17), ("seitsemäntoista", 17), ("seittemäntoista", 17), ("seitsemänkymmentäkaksi", 72), ("kakskyt", 20),
    ("kakskytviis", 25), ("kymmenen", 10), ("sata", 100), ("kuustoista", 16),
    ("sjuttio", 70), ("sjuttiotvå", 72), ("sexton", 16), ("seventy-three", 73), ("seventy three", 73),
    ("fifteen", 15),
    # words that only look like numbers, and numbers out of an age's range
    ("en", None), ("ett", None), ("kissa", None), ("satama", None), ("ja", None),
])
def test_numbers_written_as_words(word: str, value: int | None) -> None:
    assert number_value(word) == value


@pytest.mark.parametrize(("text", "left"), [
    ("heippa, anteeks häiriö mut onks Turussa uimahallia", "mut onks Turussa uimahallia"),
    ("god morgon! skulle vilja veta var man kan åka skridskor inomhus, tack", "var man kan åka skridskor inomhus"),
    ("hi there, hope you can help :) is there a youth centre?", "is there a youth centre?"),
    ("Hei, tarvitsen hammaslääkärin. Kiitos!", "tarvitsen hammaslääkärin"),
    ("thanks a lot, where is the library", "where is the library"),
    # nothing to leave out: words that start like a greeting, brackets that belong to the need
    ("heinäkuussa alkaa koulu", "heinäkuussa alkaa koulu"), ("pleasure boat mooring", "pleasure boat mooring"),
    ("where can I get help (urgent)", "where can I get help (urgent)"),
    # a message of thanks alone stays as it is
    ("kiitos!", "kiitos!"), ("hi :)", "hi :)"),
])
def test_greetings_and_thanks_are_left_out_of_a_need(text: str, left: str) -> None:
    assert without_pleasantries(text) == left
