"""Rasa component, first in the pipeline, that starts embedding the message while the others read it.

The intent router needs the message's e5 vector (bot/nlu/intent_router.py), and computing it is the
largest single cost of a turn: 20-25 ms on one thread. Everything before it in the pipeline (spaCy,
the lexicon lemmas, the lookup tables, the router's own rules) does not need it. The e5 engine is C
called through ctypes, which lets go of the GIL, so here it runs on a thread of its own while they do:
on a core that would otherwise wait (one user, or a lightly loaded node), the turn is that much shorter.
Under full load it costs nothing more, except for the messages the router decides by a rule (a
button, a geodata question), whose vector is then computed for nothing.
"""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

PENDING_KEY = "text_vector_pending"  # (text, future of its vector); never in the parse data's output
# One message at a time reaches the NLU of a Rasa process; one thread keeps the e5 engine to one thread too
_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="e5-prefetch")


def _embed(text: str) -> np.ndarray:
    from services_catalog.search.embed import default_embedder  # late: loads the e5 engine

    return np.asarray(default_embedder().query(text), dtype=np.float32)


def started_vector(message: Message, text: str) -> np.ndarray | None:
    """The vector of `text` started for this message, waited for; None when none was started for this text."""
    pending = message.get(PENDING_KEY)
    if not pending or pending[0] != text:
        return None
    future: Future[np.ndarray] = pending[1]
    return future.result()


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class TextVectorPrefetch(GraphComponent):
    @classmethod
    def create(cls, config: dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> TextVectorPrefetch:
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            # a button payload ("/geo_choose{...}") or a message with no word is routed without a vector
            if text and not text.startswith("/") and any(ch.isalnum() for ch in text):
                message.set(PENDING_KEY, (text, _POOL.submit(_embed, text)))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # the router embeds its training examples in one cached batch
