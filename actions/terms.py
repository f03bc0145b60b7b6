"""Answering "what is X" questions from the term table."""

from __future__ import annotations

from actions.turns import TurnAction
from services_catalog.answers import terms
from services_catalog.answers.turn import Reply, Turn


class ActionAnswerTerm(TurnAction):
    def name(self) -> str:
        return "action_answer_term"

    async def answer(self, turn: Turn) -> Reply:
        return await terms.answer(turn)
