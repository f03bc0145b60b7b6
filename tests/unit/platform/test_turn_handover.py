"""An answer that hands its turn on to another (`Reply.followup`) runs that answer in the same action."""

from __future__ import annotations

import asyncio

from actions.turns import MAX_HANDOVERS, TurnAction, hand_on
from services_catalog.answers.turn import Reply, Turn
from services_catalog.cards import BotMessage, MessageCard


def _message(key: str) -> BotMessage:
    return BotMessage(text=key, card=MessageCard(lang="fi", id=key))


class _First(TurnAction):
    def name(self) -> str:
        return "test_handover_first"

    async def answer(self, turn: Turn) -> Reply:
        return Reply(slots={"user_municipality": "Oulu"}, followup="test_handover_second")


class _Second(TurnAction):
    def name(self) -> str:
        return "test_handover_second"

    async def answer(self, turn: Turn) -> Reply:
        # it sees the slots the first answer set, as it would after a Rasa FollowupAction
        return Reply([_message(f"second saw {turn.slots.get('user_municipality')}")], {"user_groups": ["student"]})


class _Loop(TurnAction):
    def name(self) -> str:
        return "test_handover_loop"

    async def answer(self, turn: Turn) -> Reply:
        return Reply([_message("again")], followup="test_handover_loop")


def _turn() -> Turn:
    return Turn(text="x", lang="fi", slots={})


def test_the_answer_handed_on_to_runs_here_with_the_slots_set_so_far() -> None:
    reply = asyncio.run(hand_on(_turn(), asyncio.run(_First().answer(_turn()))))
    assert [m.text for m in reply.messages] == ["second saw Oulu"]
    assert reply.slots == {"user_municipality": "Oulu", "user_groups": ["student"]}
    assert reply.followup is None


def test_a_followup_that_is_no_turn_action_is_left_to_rasa_and_a_loop_ends() -> None:
    form = asyncio.run(hand_on(_turn(), Reply(followup="geo_form")))
    assert form.followup == "geo_form"
    looped = asyncio.run(hand_on(_turn(), Reply(followup="test_handover_loop")))
    assert len(looped.messages) == MAX_HANDOVERS and looped.followup == "test_handover_loop"
