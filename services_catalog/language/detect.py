"""Which of Finnish, Swedish and English a message is written in.

Short chat messages defeat statistical detectors ("what is Föli?" looks Finnish
because of the ö in a brand name), so function words decide first, and the
lingua detector, restricted to the three languages, decides the rest.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from services_catalog.language import DEFAULT_LANG, LANGS, Lang
from services_catalog.language.normalise import letter_words

# Function words and chat words that are unambiguous between the three languages.
_MARKERS: dict[str, frozenset[str]] = {
    "fi": frozenset(
        """mikä mitä mitkä mistä missä mihin miten miksi milloin kuka ketkä kenelle kenen paljonko
        montako kuinka onko voiko saako voinko saanko olen olin oon mä mää mie sä minä sinä hän me te he
        minun mun minulla mulla minulle mulle meillä on ei en et ja tai kun jos että se sen ne niitä
        tää tämä tuo mitäs mites mist mis miks kiitos kiitti moi moikka hei terve heippa näkemiin
        apua haluan tarvitsen pitää pitäisi kerro""".split()
    ),
    "sv": frozenset(
        """vad vilken vilka vem vems var varifrån vart hur när varför är jag du han hon vi ni de
        mig dig min mitt mina och eller inte med för att det den som kan får ska vill har hjälp
        tack hej hejsan adjö hejdå tjena god morgon behöver finns i på""".split()
    ),
    "en": frozenset(
        """what which who whose where when why how is are was were do does did i you he she we they
        me my your the a an and or not with for to of in can could should would will have has need
        want thanks thank hello hi hey bye goodbye please tell about there""".split()
    ),
}
VOCABULARY_MAJORITY = 3
# Words shared by two languages (e.g. "hej" could be a Finnish "hei" typo, "var") count for both.


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Question and function words of all three languages (they tell language, not topic)."""
    return frozenset().union(*_MARKERS.values())


@lru_cache(maxsize=1)
def _detector():  # noqa: ANN202 - lingua type is an implementation detail
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.FINNISH, Language.SWEDISH, Language.ENGLISH).build()


_LINGUA_CODES = {"FINNISH": "fi", "SWEDISH": "sv", "ENGLISH": "en"}


def _statistical_scores(text: str) -> dict[str, float]:
    values = _detector().compute_language_confidence_values(text)
    return {_LINGUA_CODES[v.language.name]: float(v.value) for v in values}


def without_names(text: str) -> str:
    """The text without capitalised words after its first: proper names (Kokeilukiihdyttämö, Åbo, Föli).

    A Finnish name in a Swedish or English question otherwise pulls the statistical guess to Finnish.
    """
    words = text.split()
    kept = words[:1] + [w for w in words[1:] if not w[:1].isupper()]
    return " ".join(kept)


@lru_cache(maxsize=1)
def vocabulary_languages() -> dict[str, str]:
    """Words of the project's own fi/sv/en vocabularies (the search lexicon, the term names) that belong to one
    language only: "hundpark" is Swedish, "dog" English, "uimahalli" Finnish. A one- or two-word need has no
    function words, and a statistical guess on it is little better than a coin."""
    from services_catalog.table_io import TABLES_DIR, read_rows, split_list

    seen: dict[str, Counter[str]] = {}
    for name, columns in (("services_lexicon.csv", {lang: lang for lang in LANGS}),
                          ("terms.csv", {lang: f"name_{lang}" for lang in LANGS})):
        path = TABLES_DIR / name
        if not path.exists():
            continue
        for row in read_rows(path):
            for lang, column in columns.items():
                for entry in split_list(row.get(column, "")):
                    for word in letter_words(entry):
                        if len(word) >= 3:
                            seen.setdefault(word, Counter())[lang] += 1
    # a word of one language that another uses now and then still tells the language ("dog park", and the Swedish
    # "dog utomlands", died abroad): it belongs to the language it appears in at least three times as often
    out = {}
    for word, counts in seen.items():
        (lang, top), *rest = counts.most_common()
        if top >= VOCABULARY_MAJORITY * sum(n for _, n in rest):
            out[word] = lang
    return out


# English contractions: neither Finnish nor Swedish writes them, and "I'm 67" is otherwise two letters and a number,
# which the statistical guess calls Finnish
_ENGLISH_CONTRACTION = re.compile(r"\b(?:i|we|you|they|it|that|there|he|she)['’](?:m|re|ve|ll|d|s)\b"
                                  r"|\b(?:im|ive|dont|cant|didnt|isnt)\b|n['’]t\b", re.IGNORECASE)


def language_scores(text: str) -> dict[str, float]:
    """Scores per language; marker words and one-language vocabulary weigh more than the statistical guess."""
    words = letter_words(text)
    scores = {lang: 0.0 for lang in LANGS}
    scores["en"] += len(_ENGLISH_CONTRACTION.findall(text))
    vocabulary = vocabulary_languages()
    for word in words:
        for lang, markers in _MARKERS.items():
            if word in markers:
                scores[lang] += 1.0
        if word in vocabulary:
            scores[vocabulary[word]] += 1.0
    if words:
        common = without_names(text)
        for lang, value in _statistical_scores(common if letter_words(common) else text).items():
            scores[lang] += value
    return scores


def decisive_language(text: str) -> Lang | None:
    """The message's language when its words decide it ("what is Föli?", "simhall"); None when they do not (a
    bare place name, "ok", a string of letters)."""
    text = (text or "").strip()
    if not text:
        return None
    ranked = sorted(language_scores(text).items(), key=lambda kv: kv[1], reverse=True)
    (best, best_score), (_, second_score) = ranked[0], ranked[1]
    # A lone name ("Eira", "YTHS") gets a middling statistical score: not enough to switch language.
    return best if best_score >= 0.9 and best_score - second_score >= 0.5 else None


def detect_language(text: str, hint: str | None = None) -> Lang:
    """The reply language for a message.

    `hint` (a channel's page language or the conversation's previous language)
    wins when the text alone is not decisive, e.g. a bare place name or "ok".
    """
    hint = hint if hint in LANGS else None
    text = (text or "").strip()
    if not text:
        return hint or DEFAULT_LANG
    return decisive_language(text) or hint or DEFAULT_LANG
