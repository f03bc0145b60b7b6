"""Rasa component that picks which term a `term` question is about: a linear model over lemmas and character n-grams.

It fills `response_selector` exactly as Rasa's ResponseSelector does, so the
actions read one format, but it trains in seconds instead of many minutes on
two cores; docs/BENCHMARKS.md ("NLU pipeline") compares the two on the dev set.
Lemmas (after LexiconLemmatizer) carry inflection; character n-grams carry
misspellings ("opintotkuki") and Swedish/English word forms.
"""

from __future__ import annotations

import logging
from typing import Any

import numpy as np
from rapidfuzz import fuzz
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from bot.nlu.linear import class_probabilities
from bot.nlu.stored import load_model, save_model
from services_catalog.language.detect import function_words

log = logging.getLogger(__name__)
_FILE = "term_selector.joblib"
RESPONSE_SELECTOR = "response_selector"
ROUTER_KEY = "router"  # what bot.nlu.intent_router.IntentRouter adds to a message


def lemma_text(message: Message) -> str:
    tokens = message.get(TOKENS_NAMES[TEXT]) or []
    return " ".join((token.lemma or token.text).lower() for token in tokens)


def content_words(lemmas: str, text: str) -> set[str]:
    """Words that carry a topic: not function words, not too short to mean anything."""
    words = set(lemmas.split()) | set(text.lower().split())
    stop = function_words()
    return {w.strip("?!.,:;\"'()") for w in words if len(w.strip("?!.,:;\"'()")) >= 4} - stop


def _close(word: str, known: str) -> bool:
    """A misspelling, or a Finnish compound sharing its first part (sähkönmyyjä ~ sähkösopimus)."""
    return word[:5] == known[:5] or fuzz.ratio(word, known) >= 80


class _Model:
    """Vectorisers and classifier; kept apart from the Rasa plumbing so it can be pickled."""

    def __init__(self, c: float) -> None:
        self.words = TfidfVectorizer(token_pattern=r"[^\s]+", ngram_range=(1, 2), sublinear_tf=True)
        self.chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, lowercase=True)
        self.classifier = LogisticRegression(C=c, max_iter=3000)
        self.vocabulary: dict[str, set[str]] = {}

    def shares_topic(self, label: str, lemmas: str, text: str) -> bool:
        """Whether the question has a content word (or a close misspelling of one) seen with the label.

        A linear model always picks some term, even for "how many legs does a
        spider have"; a question that shares no topic word with the chosen
        term's phrasings is treated as not being about it.
        """
        vocabulary = self.vocabulary.get(label, set())
        for word in content_words(lemmas, text):
            if word in vocabulary:
                return True
            if len(word) >= 6 and any(_close(word, known) for known in vocabulary if len(known) >= 5):
                return True
        return False

    def _features(self, lemmas: list[str], texts: list[str], fit: bool = False):  # noqa: ANN202 - sparse matrix
        if fit:
            return hstack([self.words.fit_transform(lemmas), self.chars.fit_transform(texts)]).tocsr()
        return hstack([self.words.transform(lemmas), self.chars.transform(texts)]).tocsr()

    def fit(self, lemmas: list[str], texts: list[str], labels: list[str]) -> None:
        self.classifier.fit(self._features(lemmas, texts, fit=True), labels)
        for lemma, text, label in zip(lemmas, texts, labels, strict=False):
            self.vocabulary.setdefault(label, set()).update(content_words(lemma, text))

    def rank(self, lemma: str, text: str, top: int) -> list[tuple[str, float]]:
        probabilities = class_probabilities(self.classifier, self._features([lemma], [text]))[0]
        best = np.argsort(probabilities)[::-1][:top]
        return [(str(self.classifier.classes_[i]), float(probabilities[i])) for i in best]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class TermSelector(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"retrieval_intent": "term", "C": 20.0, "ranking_length": 5}

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, model: _Model | None
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext,
    ) -> TermSelector:
        return cls(config, model_storage, resource, None)

    @classmethod
    def load(
        cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
        execution_context: ExecutionContext, **kwargs: Any,
    ) -> TermSelector:
        model = load_model(model_storage, resource, _FILE, "no trained term selector in the model; term questions "
                                                           "will fall back")
        return cls(config, model_storage, resource, model)

    def train(self, training_data: TrainingData) -> Resource:
        intent = self._config["retrieval_intent"]
        examples = [
            m for m in training_data.intent_examples
            if m.get(INTENT) == intent and m.get(INTENT_RESPONSE_KEY)
        ]
        labels = [m.get(INTENT_RESPONSE_KEY) for m in examples]
        if len(set(labels)) < 2:
            log.warning("fewer than two %s/... classes in the training data; nothing to train", intent)
            return self._resource
        model = _Model(self._config["C"])
        model.fit([lemma_text(m) for m in examples], [m.get(TEXT).lower() for m in examples], labels)
        self._model = model
        save_model(self._storage, self._resource, _FILE, model)
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        intent = self._config["retrieval_intent"]
        for message in messages:
            if self._model is None or not message.get(TEXT):
                continue
            lemmas, text = lemma_text(message), message.get(TEXT).lower()
            ranking = self._model.rank(lemmas, text, self._config["ranking_length"])
            best_key, best_confidence = ranking[0]
            selector = message.get(RESPONSE_SELECTOR) or {}
            selector.setdefault("all_retrieval_intents", [])
            if intent not in selector["all_retrieval_intents"]:
                selector["all_retrieval_intents"].append(intent)
            # When at least half of the topic words occur in no table or example ("mikä on kimppakyyti"), the
            # question is about something else than the nearest-spelled term (IntentRouter reports such words).
            router = message.get(ROUTER_KEY) or {}
            unknown = len(router.get("unknown_words") or []) >= max(1, router.get("topic_words", 1)) / 2
            selector[intent] = {
                "response": {
                    "responses": None,
                    "confidence": best_confidence,
                    "intent_response_key": best_key,
                    "utter_action": f"utter_{best_key}",
                    "shares_topic": self._model.shares_topic(best_key, lemmas, text) and not unknown,
                },
                "ranking": [{"intent_response_key": k, "confidence": c} for k, c in ranking],
            }
            message.set(RESPONSE_SELECTOR, selector, add_to_output=True)
        return messages
