"""Geodata questions: a form that collects dataset, filter, division and area, then counts."""

from __future__ import annotations

from actions.turns import TurnAction
from services_catalog.answers import geo
from services_catalog.answers.turn import Reply, Turn


class ActionGeoStart(TurnAction):
    def name(self) -> str:
        return "action_geo_start"

    async def answer(self, turn: Turn) -> Reply:
        return geo.start(turn)


class ValidateGeoForm(TurnAction):
    """The form's validation: slots from the message, and `requested_slot` (None when the form is complete)."""

    def name(self) -> str:
        return "validate_geo_form"

    async def answer(self, turn: Turn) -> Reply:
        return geo.fill_form(turn)


class ActionAskGeoDataset(TurnAction):
    def name(self) -> str:
        return "action_ask_geo_dataset"

    async def answer(self, turn: Turn) -> Reply:
        return geo.ask_dataset(turn)


class ActionAskGeoDivision(TurnAction):
    def name(self) -> str:
        return "action_ask_geo_division"

    async def answer(self, turn: Turn) -> Reply:
        return geo.ask_division(turn)


class ActionAskGeoArea(TurnAction):
    def name(self) -> str:
        return "action_ask_geo_area"

    async def answer(self, turn: Turn) -> Reply:
        return geo.ask_area(turn)


class ActionGeoAnswer(TurnAction):
    def name(self) -> str:
        return "action_geo_answer"

    async def answer(self, turn: Turn) -> Reply:
        return await geo.answer(turn)
