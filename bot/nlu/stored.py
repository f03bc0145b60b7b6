"""A component's pickled model in Rasa's model storage: one place reads and writes it."""

from __future__ import annotations

import logging
from typing import Any

import joblib
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage

log = logging.getLogger(__name__)


def load_model(storage: ModelStorage, resource: Resource, file: str, missing: str) -> Any:
    """The object `save_model` wrote, or None (logged with `missing`: what the bot does without it) when the
    model has none, as Rasa's untrained components do."""
    try:
        with storage.read_from(resource) as directory:
            return joblib.load(directory / file)
    except (ValueError, FileNotFoundError):
        log.warning("%s", missing)
        return None


def save_model(storage: ModelStorage, resource: Resource, file: str, model: Any) -> None:
    with storage.write_to(resource) as directory:
        joblib.dump(model, directory / file)
