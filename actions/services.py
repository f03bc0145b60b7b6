"""Finding services: search, the next page, one service; and what the user tells about themselves."""

from __future__ import annotations

from actions.turns import TurnAction
from services_catalog.answers import profile, services
from services_catalog.answers.fallback import FALLBACK_ACTION
from services_catalog.answers.turn import Reply, Turn


class ActionSearchServices(TurnAction):
    def name(self) -> str:
        return services.SEARCH_ACTION

    async def answer(self, turn: Turn) -> Reply:
        return await services.search(turn)


class ActionShowMoreServices(TurnAction):
    def name(self) -> str:
        return "action_show_more_services"

    async def answer(self, turn: Turn) -> Reply:
        return await services.show_more(turn)


class ActionServiceDetails(TurnAction):
    def name(self) -> str:
        return "action_service_details"

    async def answer(self, turn: Turn) -> Reply:
        return await services.details(turn)


class ActionRememberFacts(TurnAction):
    def name(self) -> str:
        return "action_remember_facts"

    async def answer(self, turn: Turn) -> Reply:
        return profile.remember(turn, services.SEARCH_ACTION, FALLBACK_ACTION)


class ActionShowProfile(TurnAction):
    def name(self) -> str:
        return "action_show_profile"

    async def answer(self, turn: Turn) -> Reply:
        return profile.show(turn)


class ActionForgetProfile(TurnAction):
    def name(self) -> str:
        return "action_forget_profile"

    async def answer(self, turn: Turn) -> Reply:
        return profile.forget(turn)
