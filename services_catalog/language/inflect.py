"""Just enough Finnish morphology to recognise a known lemma in any case form.

We never need to analyse arbitrary words: only to decide whether a token is an
inflected form of a name we already know (a district, a tree). So the rule is
"token = stem of the lemma + a case ending", with stems covering consonant
gradation (Kamppi/Kampissa, Kruununhaka/Kruununhaassa), e-stems
(Lauttasaari/Lauttasaaressa), -nen and -us words. The same stems generate the
example forms used in training data.
"""

from __future__ import annotations

import functools
import re

from services_catalog.language.lemmas import analyses
from services_catalog.language.normalise import fold

_CASES = (
    "", "n", "a", "ä", "ta", "tä", "na", "nä", "ksi", "ssa", "ssä", "sta", "stä",
    "lla", "llä", "lta", "ltä", "lle", "an", "en", "in", "on", "un", "yn", "än", "ön", "hin", "seen",
    "t", "tten", "iden", "itten", "jen", "ien", "ja", "jä", "ia", "iä", "ita", "itä",
    "issa", "issä", "ista", "istä", "illa", "illä", "ilta", "iltä", "ille", "iin", "ihin", "ina", "inä",
)
# Plural stems with -oi-/-öi- (vaahteroita, kirsikoissa).
_PLURAL_OI = (
    "oita", "öitä", "oiden", "öiden", "oissa", "öissä", "oista", "öistä",
    "oilla", "öillä", "oihin", "öihin", "oja", "öjä", "ojen", "öjen",
)
_E_STEM = (
    "e", "ea", "eä", "en", "essa", "essä", "esta", "estä", "ella", "ellä", "elta", "eltä", "elle", "eksi",
    "et", "eet", "een", "eeseen", "eita", "eitä", "eiden", "eissa", "eissä", "eja", "ejä",
)
_NEN = (
    "nen", "sen", "seen", "sessa", "sessä", "sesta", "sestä", "sella", "sellä", "selta", "seltä", "selle",
    "sta", "stä", "set", "sia", "siä", "sten", "sissa", "sissä", "siin",
)
_US = (
    "s", "sta", "stä", "ksen", "kseen", "ksessa", "ksessä", "ksesta", "ksestä", "ksella", "ksellä",
    "kset", "ksia", "ksiä", "sten", "ksien", "ksissa", "ksissä", "ittain", "ittäin",
)

ENDINGS = frozenset(_CASES + _PLURAL_OI + _E_STEM + _NEN + _US)

# Strong -> weak consonant gradation, longest first.
_GRADATION = (
    ("kk", "k"), ("pp", "p"), ("tt", "t"), ("nk", "ng"), ("nt", "nn"), ("mp", "mm"),
    ("lt", "ll"), ("rt", "rr"), ("lk", "l"), ("rk", "r"), ("ht", "hd"), ("k", ""), ("p", "v"), ("t", "d"),
)
_VOWELS = "aeiouyäöå"

def weak_grade(word: str) -> str:
    """The word with its last syllable's onset weakened (kamppi -> kampi), or itself."""
    if len(word) < 3 or word[-1] not in _VOWELS:
        return word
    body, last = word[:-1], word[-1]
    for strong, weak in _GRADATION:
        if body.endswith(strong) and len(body) > len(strong) and (
            len(strong) > 1 or body[-len(strong) - 1] in _VOWELS
        ):
            # single k/p/t only weakens after a vowel (haka -> haa); lohko and kaivopuisto keep theirs
            return body[: -len(strong)] + weak + last
    return word


def stems(lemma: str) -> set[str]:
    """Stems to which case endings attach, for one (last) word of a name."""
    w = fold(lemma)
    out = {w, weak_grade(w)}
    if w.endswith("nen"):
        out.add(w[:-3])
    elif w.endswith("us") or w.endswith("ys"):
        out.add(w[:-1])
    elif len(w) >= 3 and w[-1] in _VOWELS:
        out.update({w[:-1], weak_grade(w)[:-1]})
    if w.endswith("si"):  # vuosi -> vuode-, vuotta
        out.update({w[:-2] + "d", w[:-2] + "t"})
    return {s for s in out if len(s) >= 2}


# Swedish and English names only need plural/definite endings.
_FOREIGN_ENDINGS = {
    # Swedish definite and plural forms, and their genitives (lindarnas, björkens)
    "sv": ("", "s", "en", "et", "n", "ar", "arna", "er", "erna", "na", "ens", "ets", "ns", "ars", "arnas", "ers",
           "ernas", "nas"),
    "en": ("", "s", "es"),
}


def matches(token: str, lemma: str, extra_forms: tuple[str, ...] = (), lang: str = "fi") -> bool:
    """True when `token` is `lemma` (one word) in some case form of language `lang`."""
    t = fold(token)
    w = fold(lemma)
    if t == w or t in (fold(f) for f in extra_forms):
        return True
    if lang in _FOREIGN_ENDINGS:
        return t.startswith(w) and t[len(w):] in _FOREIGN_ENDINGS[lang]
    if len(t) < len(w) - 3:
        return False
    for stem in stems(w):
        if t.startswith(stem) and t[len(stem):] in ENDINGS:
            return True
    return False


def phrase_matches(words: list[str], lemma: str, extra_forms: tuple[str, ...] = (), lang: str = "fi") -> bool:
    """True when the token sequence `words` is the (multi-word) `lemma` in some case form.

    Every word may be inflected: 'Vanhassa Munkkiniemessä', 'Malmin lentokentällä'.
    """
    parts = fold(lemma).split()
    if len(parts) != len(words):
        return False
    if " ".join(fold(w) for w in words) in (fold(f) for f in extra_forms):
        return True
    return all(_part_matches(t, p, lang) for t, p in zip(words, parts, strict=False))


@functools.lru_cache(maxsize=16384)
def phrase_initials(lemma: str, extra_forms: tuple[str, ...] = (), lang: str = "fi") -> frozenset[str] | None:
    """The folded first letters of the words that can begin a `phrase_matches` of `lemma`, or None when any
    word can (an empty lemma).

    A geodata question is read against a few hundred names: this lets it skip, with one set intersection, the
    names whose first word can start with none of the message's first letters.
    """
    parts = fold(lemma).split()
    if not parts:
        return None
    first = parts[0]
    starts = {fold(form)[:1] for form in extra_forms} | {first[:1]}
    if "-" not in first and lang not in _FOREIGN_ENDINGS:
        starts |= {stem[:1] for stem in stems(first)}
    return frozenset(starts)


def _part_matches(token: str, part: str, lang: str) -> bool:
    if "-" in part:  # only the last element of a hyphenated compound inflects
        head, _, tail = part.rpartition("-")
        return token.startswith(head + "-") and matches(token[len(head) + 1:], tail, lang=lang)
    return matches(token, part, lang=lang)


_E_STEM_WORDS = {"saari": "a", "niemi": "ä", "vuori": "a", "mäki": "ä", "lahti": "a", "meri": "ä", "järvi": "ä"}


def _last_part(word: str) -> str | None:
    """The last part of a compound as Voikko splits it (suurpiiri -> piiri), or the word; None if unknown."""
    for reading in analyses(word):
        # "+suur(suuri)+piiri(piiri)", "+Mellunkylä(Mellun=kylä)": the last base, split at "=" inside it
        bases = re.findall(r"\+([^+(]+)\(([^)]*)\)", reading.get("WORDBASES", ""))
        if bases:
            surface, inner = bases[-1]
            return fold(inner.split("=")[-1] if "=" in inner else surface)
    return None


def _harmony(word: str) -> str:
    """'a' or 'ä' for the endings of a word.

    Compounds follow their last part: suur+piiri has only neutral vowels, so it is suurpiirissä, not -ssa,
    while poppeli and Tampere have a back vowel anywhere and take -a. Voikko tells where a compound's last
    part begins; for words it does not know, the last few letters decide.
    """
    part = _last_part(word)
    if part is not None:
        return "a" if any(v in part for v in "aou") else "ä"
    tail = word[-5:]
    back = max(tail.rfind(v) for v in "aou")
    front = max(tail.rfind(v) for v in "äöy")
    if back == front == -1:  # only neutral vowels at the end (poppeli): the whole word decides
        return "a" if any(v in word for v in "aou") and not any(v in word for v in "äöy") else "ä"
    return "a" if back > front else "ä"


def _inflect_word(w: str) -> dict[str, str]:
    forms = _inner_cases(w)
    # the elative shares the inessive's stem: Kalliossa -> Kalliosta
    forms["ela"] = forms["ine"][:-3] + "st" + forms["ine"][-1]
    return forms


def _inner_cases(w: str) -> dict[str, str]:
    for tail, a in _E_STEM_WORDS.items():
        if w.endswith(tail):
            weak = weak_grade(w)[:-1] + "e"
            return {"ine": f"{weak}ss{a}", "gen": f"{weak}n", "ill": f"{w[:-1]}een"}
    a = _harmony(w)
    if w.endswith("nen"):
        s = w[:-3] + "se"
        return {"ine": f"{s}ss{a}", "gen": f"{s}n", "ill": f"{s}en"}
    if w[-1] not in _VOWELS:
        return {"ine": f"{w}iss{a}", "gen": f"{w}in", "ill": f"{w}iin"}
    if w.endswith("e"):  # alue -> alueessa, alueen, alueeseen
        return {"ine": f"{w}ess{a}", "gen": f"{w}en", "ill": f"{w}eseen"}
    weak = weak_grade(w)
    return {"ine": f"{weak}ss{a}", "gen": f"{weak}n", "ill": f"{w}{w[-1]}n"}


def inflect(lemma: str) -> dict[str, str]:
    """Inessive, elative, genitive and illative of a name, for training examples.

    Only the last word (and of a hyphenated word its last element) inflects.
    Approximate by design; recognition (`matches`) does not rely on it.
    """
    head, sep, last = lemma.rpartition(" ")
    pre, hyph, tail = last.rpartition("-")
    prefix = head + sep + pre + hyph
    forms = _inflect_word(fold(tail))
    if tail[:1].isupper():
        forms = {k: v[:1].upper() + v[1:] for k, v in forms.items()}
    return {k: prefix + v for k, v in forms.items()}


def partitive(lemma: str, forms: tuple[str, ...] = (), plural: bool = False) -> str:
    """Partitive ("montako puuta", "eniten lehmuksia") of a noun, for training examples.

    A listed irregular form wins; otherwise a rough rule by word ending.
    """
    w = fold(lemma)
    if not plural:
        for form in forms:
            if fold(form).startswith(w[:-1]) and fold(form) != w:
                return form
    a = _harmony(w)
    if w.endswith(("us", "ys")):
        return w[:-1] + "ksi" + a if plural else w + "t" + a
    if w.endswith("nen"):
        return w[:-3] + ("si" + a if plural else "st" + a)
    if len(w) >= 2 and w[-1] == w[-2] and w[-1] in _VOWELS:  # puu -> puuta / puita
        return w[:-1] + "it" + a if plural else w + "t" + a
    if w[-1] in "aä":
        return w[:-1] + ("oj" + a if a == "a" else "i" + a) if plural else w + a
    if w[-1] in _VOWELS:
        if w[-1] == "i":
            return w[:-1] + "i" + a if plural else w + a
        return w + ("j" + a if plural else a)
    return w + ("ej" + a if plural else "i" + a)
