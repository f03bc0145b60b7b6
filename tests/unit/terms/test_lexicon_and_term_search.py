from __future__ import annotations

import pytest

from services_catalog.language.lemmas import Lexicon
from services_catalog.term_search import similar_terms, terms_named_in

LEXICON = Lexicon(["Föli", "Nysse", "YTHS", "HOAS", "HSL", "Tampere", "OmaStadi"])


@pytest.mark.parametrize(
    ("word", "base"),
    [("Föliin", "föli"), ("Fölissäkin", "föli"), ("Nyssellä", "nysse"), ("Nysseen", "nysse"),
     ("YTHS:ltä", "yths"), ("HSL:n", "hsl"), ("HOASilta", "hoas"), ("HOASin", "hoas"),
     ("Tampereella", "tampere"), ("OmaStadissa", "omastadi")],
)
def test_inflected_names_reduce_to_base_form(word: str, base: str) -> None:
    assert LEXICON.base_form(word) == base


@pytest.mark.parametrize("word", ["kala", "foli", "", "hoasxyz"])
def test_unknown_words_stay_unknown(word: str) -> None:
    assert LEXICON.base_form(word) is None


@pytest.mark.parametrize(
    ("text", "term_id"),
    [("Paljonko Nyssellä matkustaminen maksaa?", "nysse"), ("Saako YTHS:ltä hammashoitoa?", "yths"),
     ("mistä haen opintotukea", "opintotuki"), ("Kelalta apua", "kela")],
)
def test_terms_named_in_inflected_text(text: str, term_id: str) -> None:
    assert term_id in terms_named_in(text)


@pytest.mark.parametrize(("text", "term_id"), [
    ("kotkuntailmotus", "kotikuntailmoitus"),  # a typo
    ("tax card for my summer job", "verokortti"),  # in another language
    ("vem betalar mitt studiebidrag", "opintotuki"),
])
def test_suggestions_are_the_terms_closest_in_meaning(text: str, term_id: str) -> None:
    assert term_id in [t.id for t, _ in similar_terms(text, limit=3)]


@pytest.mark.parametrize("text", ["   ", "qwzx plörp vrrk", "kuka voitti jalkapallon MM-kisat 1998"])
def test_nothing_close_means_no_suggestions(text: str) -> None:
    assert similar_terms(text) == []
