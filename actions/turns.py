"""Rasa's tracker in, a `Turn` out; a `Reply` in, dispatcher messages and events out."""

from __future__ import annotations

import importlib
import pkgutil
import uuid
from abc import ABC, abstractmethod
from dataclasses import replace
from functools import lru_cache
from inspect import isabstract
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, FollowupAction, SlotSet
from rasa_sdk.executor import CollectingDispatcher

import actions as actions_package
from services_catalog.answers.turn import Reply, TermSelection, Turn, reply_language
from services_catalog.querylog.rows import ANSWER_METADATA
from services_catalog.search.embed import TEXT_VECTOR_KEY

TERM_INTENT = "term"


def _channel_metadata(tracker: Tracker) -> dict[str, Any]:
    """Metadata the channel sent with the latest user message (e.g. the widget's page language)."""
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            metadata = event.get("metadata")
            return metadata if isinstance(metadata, dict) else {}
    return {}


def _term_selection(message: dict[str, Any]) -> TermSelection | None:
    selector = (message.get("response_selector") or {}).get(TERM_INTENT) or {}
    response = selector.get("response") or {}
    key = response.get("intent_response_key") or ""
    if not key.startswith(f"{TERM_INTENT}/"):
        return None
    return TermSelection(key.split("/", 1)[1], float(response.get("confidence") or 0.0),
                         bool(response.get("shares_topic", True)))


def read_turn(tracker: Tracker) -> Turn:
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = message.get("intent") or {}
    entities = tuple(
        (str(e["entity"]), e["value"]) for e in message.get("entities") or []
        if isinstance(e, dict) and e.get("entity") and isinstance(e.get("value"), str)
    )
    vector = message.get(TEXT_VECTOR_KEY)
    return Turn(
        text=text,
        lang=reply_language(text, _channel_metadata(tracker).get("lang"), tracker.get_slot("lang")),
        intent=intent.get("name"),
        confidence=intent.get("confidence"),
        entities=entities,
        slots=dict(tracker.slots),
        term=_term_selection(message),
        text_vector=vector if isinstance(vector, str) else None,
    )


def send(dispatcher: CollectingDispatcher, reply: Reply) -> list[EventType]:
    """Utter the reply's messages and return the reply's events.

    The first card gets a fresh `answer_id`, so that the user can rate this answer, and its message says
    whether the answer recognised the question: the Rasa server logs the turn (bot/tracker_store.py).
    """
    for number, bot_message in enumerate(reply.messages):
        extra = {}
        if number == 0:
            bot_message.card.answer_id = uuid.uuid4().hex
            extra[ANSWER_METADATA] = {"recognised": reply.recognised}
        wire = bot_message.to_wire()
        dispatcher.utter_message(text=wire["text"], json_message=wire["custom"], buttons=wire.get("buttons", []),
                                 **extra)
    events: list[EventType] = [SlotSet(name, value) for name, value in reply.slots.items()]
    if reply.followup:
        events.append(FollowupAction(reply.followup))
    return events


MAX_HANDOVERS = 3  # fallback -> remember facts -> search: the longest chain of answers that hand a turn on


class TurnAction(Action, ABC):
    """An action that answers a turn with one function of `services_catalog.answers`."""

    @abstractmethod
    async def answer(self, turn: Turn) -> Reply:
        """The reply to the turn; subclasses call one answer function."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        turn = read_turn(tracker)
        return send(dispatcher, await hand_on(turn, await self.answer(turn)))


@lru_cache(maxsize=1)
def _action_modules() -> None:
    """Import every module of this package, so that every action can be handed a turn (the action server imports
    them all; a caller that imported one module only would otherwise miss the others)."""
    for module in pkgutil.iter_modules(actions_package.__path__):
        importlib.import_module(f"{actions_package.__name__}.{module.name}")


def _turn_actions() -> dict[str, TurnAction]:
    _action_modules()
    found, classes = {}, list(TurnAction.__subclasses__())
    while classes:
        cls = classes.pop()
        classes += cls.__subclasses__()
        if not isabstract(cls):
            action = cls()
            found[action.name()] = action
    return found


async def hand_on(turn: Turn, reply: Reply) -> Reply:
    """The reply, with the answers it hands the turn on to run here, in the same action.

    As a Rasa `FollowupAction`, the next answer would be a step no rule or story covers ("nlu_fallback",
    `action_fallback`, `action_search_services`): the policies would then be unsure of what follows, Rasa's core
    fallback would run, and its `UserUtteranceReverted` would undo the whole turn, the facts it kept included.
    A followup that is no `TurnAction` (a form) is still left to Rasa.
    """
    for _ in range(MAX_HANDOVERS):
        action = _turn_actions().get(reply.followup or "")
        if action is None:
            break
        more = await action.answer(replace(turn, slots={**turn.slots, **reply.slots}))
        reply = Reply([*reply.messages, *more.messages], {**reply.slots, **more.slots}, more.followup,
                      more.recognised)
    return reply
