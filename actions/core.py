"""Small talk (greet, help, thanks, ...) and the fallback for questions the bot did not understand."""

from __future__ import annotations

from actions.turns import TurnAction
from services_catalog.answers import small_talk
from services_catalog.answers.fallback import FALLBACK_ACTION
from services_catalog.answers.turn import Reply, Turn


class ActionSmallTalk(TurnAction):
    def name(self) -> str:
        return "action_small_talk"

    async def answer(self, turn: Turn) -> Reply:
        return small_talk.small_talk(turn)


class ActionFallback(TurnAction):
    def name(self) -> str:
        return FALLBACK_ACTION

    async def answer(self, turn: Turn) -> Reply:
        return await small_talk.fallback(turn)
