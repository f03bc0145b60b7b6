"""Fixtures of the channel tests: the real bot's replies, recorded once per session."""

from __future__ import annotations

import pytest

from tests.support.channel_standins import Replies, record_replies


@pytest.fixture(scope="session")
def recorded_replies(bot_stack) -> Replies:
    """What the real bot (Rasa + actions + API from `bot_stack`) answers to the channel tests' questions.

    The stand-ins hand these to the bridges, so a change in the cards reaches the channel tests.
    """
    return record_replies(lambda text, sender: bot_stack.ask(text, sender, {"channel": "recording"}))
