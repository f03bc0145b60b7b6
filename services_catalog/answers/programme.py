"""Answering Kokeilukiihdyttämö programme questions from the programme tables."""

from __future__ import annotations

from services_catalog.answers.turn import Reply, Turn
from services_catalog.programme import answer as programme_answer

ENTITIES = ("campaign", "experiment", "partner", "department")


def answer(turn: Turn) -> Reply:
    entities = {name: [v.strip() for v in turn.entity_values(name) if v.strip()] for name in ENTITIES}
    found = programme_answer(turn.text, turn.lang, {k: v for k, v in entities.items() if v})
    # Unknown campaigns and experiments go to the maintainers' list of unrecognised questions.
    return turn.reply(found.message, recognised=found.recognised)
