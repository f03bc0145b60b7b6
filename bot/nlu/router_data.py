"""The intent router's training data and dev cases outside Rasa: for benchmarks, calibration and tests.

The training data is read exactly as `citybot train` produces it (a workspace copy with freshly generated
files, read with Rasa's own loader), so a score here is the score of the component Rasa trains.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from bot.evaluation import Case, expected_intents
from bot.nlu.router_model import RouterModel


@dataclass(frozen=True)
class TrainingSet:
    texts: list[str]
    labels: list[str]
    tables: dict[str, list[str]]
    dense: np.ndarray

    def plus(self, texts: Sequence[str], labels: Sequence[str]) -> TrainingSet:
        """This set with more examples (their embeddings computed, or read from the cache)."""
        from bot.nlu.intent_router import embedder

        added = embedder().queries(list(texts))
        return replace(self, texts=self.texts + list(texts), labels=self.labels + list(labels),
                       dense=np.vstack([self.dense, added]))


def training_set(workspace: Path) -> TrainingSet:
    from rasa.shared.nlu.training_data.loading import load_data

    from bot.nlu.intent_router import embedder, lookup_tables, router_examples
    from bot.training import prepare_workspace

    prepare_workspace(workspace)
    data = load_data(str(workspace / "nlu_data"))
    texts, labels = router_examples(data)
    return TrainingSet(texts, labels, lookup_tables(data), embedder().queries(texts))


def train(data: TrainingSet, **options: float) -> RouterModel:
    model = RouterModel(**options)
    dense = data.dense if model.dense_weight > 0 else None
    return model.fit(data.texts, data.labels, dense, data.tables.get("lexicon", []), data.tables)


def case_logits(model: RouterModel, cases: list[Case]) -> tuple[np.ndarray, list[str | None]]:
    """Logits of every case, and the intent of the cases routed by rule (statements, geodata), else None."""
    from bot.nlu.intent_router import embedder, ruled_intent

    texts = [c.text for c in cases]
    dense = embedder().queries(texts) if model.dense_weight > 0 else None
    return model.logits(texts, dense), [ruled_intent(t) for t in texts]


def predictions(model: RouterModel, cases: list[Case]) -> tuple[list[str], np.ndarray]:
    """Top intent and its calibrated confidence per case, with the rules applied as the component applies them."""
    from bot.nlu.intent_router import finish_ranking

    logits, ruled = case_logits(model, cases)
    probabilities = model.probabilities_from_logits(logits)
    intents, confidence = [], []
    for case, rule, row in zip(cases, ruled, probabilities, strict=True):
        if rule:
            top = (rule, 1.0)
        else:
            order = np.argsort(row)[::-1]
            top = finish_ranking(case.text, [(model.intents[i], float(row[i])) for i in order])[0]
        intents.append(top[0])
        confidence.append(top[1])
    return intents, np.array(confidence)


def routing_accuracy(model: RouterModel, cases: list[Case]) -> float:
    intents, _ = predictions(model, cases)
    return sum(i in expected_intents(c) for i, c in zip(intents, cases, strict=True)) / max(len(cases), 1)
