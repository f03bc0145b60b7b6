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

import threading
from collections import OrderedDict
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
# Vectors started when a message reached the server (`start_early`), before its conversation was read, each taken
# by that message's parse. Bounded: a message that is never parsed (its turn failed first) is dropped in time.
MAX_STARTED_EARLY = 64
_started_early: OrderedDict[str, list[Future[np.ndarray]]] = OrderedDict()
_started_early_lock = threading.Lock()
_in_loaded_pipeline = threading.Event()


def _embed(text: str) -> np.ndarray:
    from services_catalog.search.embed import default_embedder  # late: loads the e5 engine

    return np.asarray(default_embedder().query(text), dtype=np.float32)


def _embeddable(text: str) -> bool:
    # a button payload ("/geo_choose{...}") or a message with no word is routed without a vector
    return bool(text) and not text.startswith("/") and any(ch.isalnum() for ch in text)


def start_early(text: str) -> None:
    """Start the vector of a message that has just reached the server (bot/rasa_speedups.py): reading and
    updating its conversation, before the NLU, then runs beside it too. Only when the loaded model's pipeline
    has this component, which takes the vector: for another model it would be computed for nothing."""
    if not _in_loaded_pipeline.is_set() or not _embeddable(text):
        return
    future = _POOL.submit(_embed, text)
    with _started_early_lock:
        _started_early.setdefault(text, []).append(future)
        _started_early.move_to_end(text)
        while sum(len(v) for v in _started_early.values()) > MAX_STARTED_EARLY:
            oldest = next(iter(_started_early.values()))
            oldest.pop(0)
            if not oldest:
                _started_early.popitem(last=False)


def _take_started_early(text: str) -> Future[np.ndarray] | None:
    """The vector `start_early` began for a message with this text; each is taken once, by one message."""
    with _started_early_lock:
        futures = _started_early.get(text)
        if not futures:
            return None
        future = futures.pop(0)
        if not futures:
            del _started_early[text]
        return future


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
        _in_loaded_pipeline.set()
        return cls()

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if _embeddable(text):
                message.set(PENDING_KEY, (text, _take_started_early(text) or _POOL.submit(_embed, text)))
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data  # the router embeds its training examples in one cached batch
