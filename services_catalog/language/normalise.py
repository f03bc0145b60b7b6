"""Folding text and cutting it into words. Each tokeniser has one job, named after it."""

from __future__ import annotations

import re
import unicodedata

_ASCII = str.maketrans({"ä": "a", "ö": "o", "å": "a", "é": "e", "ü": "u"})
# Dropped inside a word for alias matching: IBM:n -> ibmn, Lotta's -> lottas.
_JOINERS = str.maketrans({":": "", "’": "", "'": ""})
_NON_WORD = re.compile(r"\W+")
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_LETTERS = re.compile(r"[^\W\d_]+", re.UNICODE)
# Acronyms take their case ending after a colon (YTHS:ltä, HSL:n); keep it in the token.
_NAME_TOKEN = re.compile(r"[\w:]+", re.UNICODE)
# Hyphenated compounds (Etu-Töölö) are one place name.
_COMPOUND = re.compile(r"[0-9a-zåäöéü]+(?:[-'][0-9a-zåäöéü]+)*")


def fold(text: str) -> str:
    """Lower-case and NFC-normalise, so that 'Ä' typed any way compares equal."""
    return unicodedata.normalize("NFC", text or "").casefold().strip()


def ascii_fold(text: str) -> str:
    """`fold`, then ä/ö/å/é/ü as plain letters: for matching names people type without them."""
    return fold(text).translate(_ASCII)


def words(text: str) -> list[str]:
    """Folded word tokens (letters and digits); spreadsheet line-break residue (`_x000D_`) dropped."""
    return _WORD.findall(fold((text or "").replace("_x000D_", " ")))


def letter_words(text: str) -> list[str]:
    """Folded words of letters only: what tells a language apart."""
    return _LETTERS.findall(fold(text))


def name_tokens(text: str) -> list[str]:
    """Word-like tokens as written, keeping the colon of acronym endings (YTHS:ltä)."""
    return _NAME_TOKEN.findall(text or "")


def compound_tokens(text: str) -> list[str]:
    """Folded words with hyphenated compounds kept whole (Etu-Töölössä)."""
    return _COMPOUND.findall(fold(text))


def matching_text(text: str) -> str:
    """`ascii_fold`ed words separated and surrounded by single spaces, for finding aliases in a sentence."""
    folded = ascii_fold(text).translate(_JOINERS)
    return " " + " ".join(_NON_WORD.sub(" ", folded).split()) + " "
