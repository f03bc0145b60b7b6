"""Term table -> one retrieval intent `term/<id>` with examples, its responses, and the name lexicon."""

from __future__ import annotations

from collections import Counter

from bot.generate.rasa_yaml import nlu_file, responses_file
from services_catalog.language import LANGS
from services_catalog.terms import Term, load_terms

RETRIEVAL_INTENT = "term"
NLU_PATH = "nlu_data/generated/terms.yml"
LEXICON_PATH = "nlu_data/generated/lexicon.yml"
DOMAIN_PATH = "bot/domain/generated_terms.yml"

# Question frames per language; the table's own phrasings carry the inflected forms.
TEMPLATES = {
    "fi": ("mikä on {n}", "mitä tarkoittaa {n}", "{n}", "mikä {n} on"),
    "sv": ("vad är {n}", "vad betyder {n}", "berätta om {n}"),
    "en": ("what is {n}", "what does {n} mean", "tell me about {n}"),
}


ALIAS_FRAMES = ("{n}", "mikä on {n}")


def term_examples(term: Term) -> list[str]:
    """The term's own phrasings first, then question frames around its names.

    Full frames go around the name in each language; aliases get only the bare
    name and one frame, which keeps the data (and training time) proportional
    to the number of terms rather than to the number of aliases.
    """
    examples: list[str] = []
    for lang in LANGS:
        examples += term.asks.get(lang, ())
    for lang, frames in TEMPLATES.items():
        name = term.names.get(lang)
        if name:
            examples += [frame.format(n=name) for frame in frames]
    for alias in term.aliases:
        examples += [frame.format(n=alias) for frame in ALIAS_FRAMES]
    return list(dict.fromkeys(e.strip() for e in examples if e.strip()))


def term_intents(terms: list[Term]) -> dict[str, list[str]]:
    per_term = {term.id: term_examples(term) for term in terms}
    # An example shared by two terms teaches nothing but confusion; drop it from both.
    counts = Counter(e.lower() for examples in per_term.values() for e in set(x.lower() for x in examples))
    return {
        f"{RETRIEVAL_INTENT}/{term_id}": [e for e in examples if counts[e.lower()] == 1]
        for term_id, examples in per_term.items()
    }


def lexicon_names(terms: list[Term]) -> list[str]:
    """Single-word names and aliases: the words Voikko may not know."""
    return sorted({n.lower() for t in terms for n in t.all_names() if " " not in n.strip()})


def generate() -> dict[str, str]:
    terms = load_terms()
    return {
        NLU_PATH: nlu_file(term_intents(terms)),
        LEXICON_PATH: nlu_file({}, {"lexicon": lexicon_names(terms)}),
        DOMAIN_PATH: responses_file(
            {f"utter_{RETRIEVAL_INTENT}/{t.id}": t.definition("fi") for t in terms}
        ),
    }
