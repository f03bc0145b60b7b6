"""Rasa component that routes a message to a capability (intent) with calibrated confidences.

It replaces DIET's intent classification: `bot/nlu/router_model.py` holds the model (lemmas, character
n-grams, the e5 sentence embedding and lookup-table indicators, intents balanced, temperature-scaled
probabilities), and docs/BENCHMARKS.md ("Understanding") compares the two. Two things are decided here,
before the model:

- a message that only states facts about its writer ("asun Oulussa", "I'm a student") is `tell_about_self`
  (services_catalog.statements reads the facts; a model trained on phrasings would route "I live in Tampere"
  by the word Tampere);
- a message that names something countable and where ("Paljonko puita löytyy Kalliossa?", any case form of
  any area of geodata.yml) is a geodata question (services_catalog.geo.query.clear_mode);
- the words of the message that occur nowhere in the training data or the tables are reported as
  `router.unknown_words`, so that the term action can refuse a "what is X" about an X it has never seen;
- a Finnish message none of whose topic words occurs anywhere, not even in the Finnish dictionary
  ("plörp zxqw vrrk", "lorem ipsum"), is about nothing the bot knows: it gets no intent, so the
  FallbackClassifier says so, instead of the service search finding character n-grams of it in some service
  (precision before recall).
"""

from __future__ import annotations

import logging
import re
from typing import Any

import numpy as np
from rapidfuzz import fuzz, process
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu.router_model import RouterModel
from bot.nlu.stored import load_model, save_model
from bot.nlu.text_vector import started_vector
from services_catalog.language.detect import decisive_language, function_words
from services_catalog.language.lemmas import voikko_base_forms
from services_catalog.language.normalise import fold, name_tokens
from services_catalog.needs import asks_what_or_who, tells_a_situation, tells_only_facts
from services_catalog.profile_requests import asks_to_forget, asks_what_is_known
from services_catalog.statements import only_statements, read_statements

log = logging.getLogger(__name__)
_FILE = "intent_router.joblib"
STATEMENT_INTENT = "tell_about_self"
SHOW_PROFILE_INTENT = "profile_show"
FORGET_INTENT = "profile_forget"
SEARCH_INTENT = "search_service"
ROUTER_KEY = "router"
# Routed only by button payloads ("/geo_choose{...}"), never by words.
PAYLOAD_INTENTS = frozenset({"geo_choose", "service_details", "nlu_fallback"})
MIN_TOPIC_CHARS = 3
CLOSE_SPELLING = 88  # a misspelt known word ("opintotkuki") is not an unknown word
PAYLOAD = re.compile(r"^/([A-Za-z_][\w-]*)")
GEO_INTENTS = {"count": "geo_count", "top": "geo_top", "ranking": "geo_ranking", "table": "geo_table"}


def router_examples(training_data: TrainingData) -> tuple[list[str], list[str]]:
    """(texts, intents) to learn from: every intent example, retrieval intents (term/kela) as their intent."""
    texts, labels = [], []
    for message in training_data.intent_examples:
        intent, text = message.get(INTENT), message.get(TEXT)
        if intent and text and intent not in PAYLOAD_INTENTS:
            texts.append(text)
            labels.append(intent)
    return texts, labels


def lookup_tables(training_data: TrainingData) -> dict[str, list[str]]:
    tables: dict[str, list[str]] = {}
    for table in training_data.lookup_tables:
        elements = table.get("elements")
        if isinstance(elements, list):
            tables.setdefault(table["name"], []).extend(str(e) for e in elements)
    return tables


def topic_words(text: str) -> list[str]:
    """Words that could name what a question is about: not function words, numbers or very short words."""
    stop = function_words()
    return [t for t in name_tokens(text) if len(t) >= MIN_TOPIC_CHARS and t.isalpha() and fold(t) not in stop]


def geo_intent(text: str) -> str | None:
    """The geodata intent of a message that names something countable and where, read by the geo parser."""
    from services_catalog.geo.query import clear_mode
    from services_catalog.geo.service import get_service

    try:
        mode = clear_mode(get_service().parse(text))
    except Exception:  # noqa: BLE001 - a broken geodata config must not stop the routing of other questions
        log.exception("the geo parser failed; routing by the model")
        return None
    return GEO_INTENTS.get(mode or "")


def with_statement_as_need(ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """Facts said beside a need ("I lost my job", "Asun Oulussa ja jäin työttömäksi") lead to a search either
    way (the statement action hands the rest to it), so when the model takes the message for a statement, the
    two intents' confidence is one search's. Any other first choice (a term question that mentions one's studies)
    stands."""
    if not ranking or ranking[0][0] != STATEMENT_INTENT:
        return ranking
    scores = dict(ranking)
    scores[SEARCH_INTENT] = scores.get(SEARCH_INTENT, 0.0) + scores.pop(STATEMENT_INTENT, 0.0)
    merged = sorted(scores.items(), key=lambda kv: -kv[1])
    return merged + [(STATEMENT_INTENT, 0.0)]


# First choices that an event beside them overrides; a geodata or programme question keeps its route.
# A statement first choice is merged into the search by `with_statement_as_need`.
EVENT_OVERRIDES = frozenset({"term", "out_of_scope", "greet", "goodbye", "thanks", "help",
                             "bot_challenge"})


def with_event_as_need(text: str, ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """An event that is itself a need ("menetin työpaikkani syksyllä kun firma meni konkurssiin", "blev av med
    jobbet") is a search, whatever word of it the model keyed on ("konkurssi" names a term); a question of what
    something is ("I lost my job, what is unemployment benefit?") stays the model's."""
    if not ranking or ranking[0][0] not in EVENT_OVERRIDES or asks_what_or_who(text):
        return ranking
    return [(SEARCH_INTENT, ranking[0][1])] + [(i, c) for i, c in ranking if i != SEARCH_INTENT]


# First choices that a situation told as a story overrides (small talk keeps its route: "thanks, my daughter got
# her place" is thanks).
SITUATION_OVERRIDES = frozenset({"term", "out_of_scope"})
# ... and only when the model is unsure: the wrong term routes of stories seen on the dev sets had 0.56-0.69, while
# "jag har tappat mitt FPA-kort" is the Kela card term at 0.96
SITUATION_MAX_CONFIDENCE = 0.9


def finish_ranking(text: str, ranking: list[tuple[str, float]]) -> list[tuple[str, float]]:
    """The model's ranking with what the rules know besides: an event told, a situation told as a story, or
    facts beside a need, make it a search."""
    said = read_statements(text)
    if said.events:
        ranking = with_event_as_need(text, ranking)
    elif (ranking and ranking[0][0] in SITUATION_OVERRIDES and ranking[0][1] < SITUATION_MAX_CONFIDENCE
          and tells_a_situation(text, story_only=True)):
        ranking = with_event_as_need(text, ranking)
    return with_statement_as_need(ranking) if said.found else ranking


def ruled_intent(text: str) -> str | None:
    """The intent of a message whose kind is certain without the model (see the module's docstring): facts about
    the writer whose rest asks for nothing (nothing at all, or the writer's story around them: "jäin eläkkeelle ja
    nyt on aikaa kalastaa täällä Savonlinnassa") are a statement, as the statement answer itself decides."""
    if asks_to_forget(text):  # "kan du radera allt jag sagt om mig? Mamma sa att …"
        return FORGET_INTENT
    if asks_what_is_known(text):
        return SHOW_PROFILE_INTENT
    said = read_statements(text)
    if only_statements(text, said) or tells_only_facts(text, said):
        return STATEMENT_INTENT
    return geo_intent(text)


def about_nothing_known(text: str, found: dict[str, Any]) -> bool:
    """Whether every topic word of a Finnish message is unknown to the tables, the examples and the Finnish
    dictionary (`found`: what `process` reports).

    A word the tables lack may still be a word ("kanootilla", "sähly"): the search may know it. Voikko tells
    Finnish words from strings of letters; there is no dictionary of Swedish or English here, so a message in
    those languages is always left to the model (its sv and en vocabulary comes from templates only).
    """
    unknown = found["unknown_words"]
    if not found["topic_words"] or len(unknown) < found["topic_words"]:
        return False
    # a message whose words do not decide its language counts as Finnish here: a string of letters ("plörp
    # zxqw") is then nothing known, whatever language the reply is written in
    return decisive_language(text) in (None, "fi") and not any(voikko_base_forms(word) for word in unknown)


def embedder():  # noqa: ANN201 - services_catalog.search.embed.Embedder, imported late (loads the e5 engine)
    from services_catalog.search.embed import default_embedder

    return default_embedder()


def hand_on_vector(message: Message, vector: np.ndarray) -> None:
    """Put the message text's e5 vector into the parse data, for the service search of this turn
    (services_catalog/search/embed.py, TEXT_VECTOR_KEY); the tracker store does not keep it."""
    from services_catalog.search.embed import TEXT_VECTOR_KEY, encode_vector

    message.set(TEXT_VECTOR_KEY, encode_vector(vector), add_to_output=True)


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class IntentRouter(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"C": 16.0, "dense_weight": 1.5, "balance_power": 0.5, "temperature": 1.0,
                "embeddings": True, "ranking_length": 10, "lexicon_table": "lexicon"}

    def __init__(self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 model: RouterModel | None) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model
        self._known_list: list[str] | None = None

    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> IntentRouter:
        return cls(config, model_storage, resource, None)

    @classmethod
    def load(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> IntentRouter:
        model = load_model(model_storage, resource, _FILE, "no trained intent router in the model; every message "
                                                           "will fall back")
        if model is not None:
            model.temperature = float(config["temperature"])  # calibrated after training (bench/calibration.py)
        return cls(config, model_storage, resource, model)

    def _dense(self, texts: list[str], message: Message | None = None) -> np.ndarray | None:
        """Sentence embeddings: cached for the training examples, computed directly for one message (or taken
        from bot/nlu/text_vector.py, which started it while the pipeline read the message)."""
        if not self._config["embeddings"] or self._config["dense_weight"] <= 0:
            return None
        if len(texts) == 1:
            started = started_vector(message, texts[0]) if message is not None else None
            vector = started if started is not None else embedder().query(texts[0])
            return np.asarray(vector, dtype=np.float32).reshape(1, -1)
        return embedder().queries(texts)

    def train(self, training_data: TrainingData) -> Resource:
        texts, labels = router_examples(training_data)
        tables = lookup_tables(training_data)
        model = RouterModel(c=self._config["C"], dense_weight=self._config["dense_weight"],
                            temperature=self._config["temperature"], balance_power=self._config["balance_power"])
        model.fit(texts, labels, self._dense(texts), tables.get(self._config["lexicon_table"], []), tables)
        self._model = model
        save_model(self._storage, self._resource, _FILE, model)
        return self._resource

    def unknown_words(self, text: str) -> list[str]:
        """Topic words of the text that no example or table contains, even misspelt."""
        if self._model is None:
            return []
        if self._known_list is None:
            self._known_list = sorted(w for w in self._model.known if len(w) >= 5)
        out = []
        for word in self._model.unknown_words(topic_words(text)):
            close = len(word) >= 5 and process.extractOne(fold(word), self._known_list, scorer=fuzz.ratio,
                                                          score_cutoff=CLOSE_SPELLING)
            if not close:
                out.append(word)
        return out

    def _knows(self, intent: str) -> bool:
        return intent in PAYLOAD_INTENTS or (self._model is not None and intent in self._model.intents)

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            payload = PAYLOAD.match(text)
            if payload and self._knows(payload.group(1)):
                # A button ("/geo_choose{...}"): Rasa's RegexMessageHandler reads it after NLU, but the
                # FallbackClassifier before it needs an intent, or the message fails
                set_ranking(message, [(payload.group(1), 1.0)])
                continue
            if payload:
                # typed by hand ("/intent{...}"): an intent the domain lacks would fail the whole turn
                set_ranking(message, [(None, 0.0)])
                continue
            if self._model is None or not any(ch.isalnum() for ch in text):  # "", "??", "😂😂😂"
                set_ranking(message, [(None, 0.0)])  # the FallbackClassifier turns it into nlu_fallback
                continue
            ruled = ruled_intent(text)
            found = {"unknown_words": self.unknown_words(text), "topic_words": len(topic_words(text))}
            message.set(ROUTER_KEY, found, add_to_output=True)
            if ruled:
                ranking = [(ruled, 1.0)] + [(i, 0.0) for i in self._model.intents if i != ruled]
            elif about_nothing_known(text, found):
                ranking = [(None, 0.0)]
            else:
                lexical = self._model.lexical_features([text])  # while the embedding may still be computed
                dense = self._dense([text], message)
                if dense is not None:
                    hand_on_vector(message, dense[0])
                ranking = finish_ranking(text, self._model.ranking(text, None if dense is None else dense[0],
                                                                   lexical))
            set_ranking(message, ranking[: self._config["ranking_length"]])
        return messages


def set_ranking(message: Message, top: list[tuple[str | None, float]]) -> None:
    """The message's intent and ranking, as Rasa's intent classifiers set them."""
    message.set(INTENT, {INTENT_NAME_KEY: top[0][0], PREDICTED_CONFIDENCE_KEY: top[0][1]}, add_to_output=True)
    ranking = [{INTENT_NAME_KEY: n, PREDICTED_CONFIDENCE_KEY: c} for n, c in top if n is not None]
    message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
