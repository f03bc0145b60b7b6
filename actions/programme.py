"""Answering Kokeilukiihdyttämö programme questions from the programme tables."""

from __future__ import annotations

from actions.turns import TurnAction
from services_catalog.answers import programme
from services_catalog.answers.turn import Reply, Turn


class ActionAnswerProgramme(TurnAction):
    def name(self) -> str:
        return "action_answer_programme"

    async def answer(self, turn: Turn) -> Reply:
        return programme.answer(turn)
