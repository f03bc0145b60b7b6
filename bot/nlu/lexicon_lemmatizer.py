"""Rasa component that gives inflected brand names (Föliin, YTHS:ltä) their base form as lemma.

It runs after SpacyTokenizer, so CountVectorsFeaturizer with `use_lemma` sees
"föli" for every case form of Föli. The names come from the `lexicon` lookup
table in the training data, which `citybot build-data` generates from the
term table, so a new term's name is known after a retrain, without code.
"""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import TOKENS_NAMES
from rasa.nlu.tokenizers.tokenizer import Token
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from services_catalog.language.lemmas import Lexicon

LOOKUP_NAME = "lexicon"
_FILE = "lexicon.json"


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=True)
class LexiconLemmatizer(GraphComponent):
    @staticmethod
    def get_default_config() -> dict[str, Any]:
        return {"lookup_table": LOOKUP_NAME}

    def __init__(
        self, config: dict[str, Any], model_storage: ModelStorage, resource: Resource, names: list[str]
    ) -> None:
        self._config = config
        self._storage = model_storage
        self._resource = resource
        self._lexicon = Lexicon(names)

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LexiconLemmatizer:
        return cls(config, model_storage, resource, [])

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LexiconLemmatizer:
        try:
            with model_storage.read_from(resource) as directory:
                names = json.loads((directory / _FILE).read_text(encoding="utf-8"))
        except (ValueError, FileNotFoundError):
            names = []
        return cls(config, model_storage, resource, names)

    def train(self, training_data: TrainingData) -> Resource:
        names: list[str] = []
        for table in training_data.lookup_tables:
            if table.get("name") == self._config["lookup_table"]:
                names.extend(table.get("elements", []))
        self._lexicon = Lexicon(names)
        with self._storage.write_to(self._resource) as directory:
            (directory / _FILE).write_text(json.dumps(sorted(self._lexicon.names)), encoding="utf-8")
        return self._resource

    def _rewrite(self, message: Message) -> None:
        tokens: list[Token] = message.get(TOKENS_NAMES[TEXT]) or []
        for token in tokens:
            base = self._lexicon.base_form(token.text)
            if base:
                token.lemma = base

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            self._rewrite(example)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            self._rewrite(message)
        return messages
