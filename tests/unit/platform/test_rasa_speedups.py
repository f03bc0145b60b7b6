"""bot/rasa_speedups.py changes how fast Rasa does four things, never what they give."""

from __future__ import annotations

import asyncio
import gc

import jsonschema
import pytest
import rasa.core.run as rasa_run
import rasa.shared.utils.common as common
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.core.events import Event, SlotSet, UserUttered

from bot import rasa_speedups

VALID = {"events": [{"event": "slot", "name": "lang", "value": "fi"}],
         "responses": [{"text": "hei", "custom": {"type": "message"}, "buttons": []}]}
INVALID = {"events": "not a list", "responses": []}


@pytest.fixture(autouse=True)
def _applied():
    original_validate, original_subclasses = RemoteAction._validate_action_result, common.all_subclasses
    rasa_speedups.apply()
    yield
    RemoteAction._validate_action_result, common.all_subclasses = original_validate, original_subclasses
    SpacyNLP.load_model = staticmethod(rasa_speedups._original_load_spacy)
    rasa_run.load_agent_on_start = rasa_speedups._original_load_agent
    Agent.handle_message = rasa_speedups._original_handle_message
    rasa_speedups._APPLIED = False


def test_action_results_are_judged_as_rasa_judges_them() -> None:
    schema = RemoteAction.action_response_format_spec()
    jsonschema.validate(VALID, schema)  # the reference: valid
    assert RemoteAction._validate_action_result(None, VALID) is True  # type: ignore[arg-type]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(INVALID, schema)
    with pytest.raises(jsonschema.ValidationError, match="Failed to validate Action server response"):
        RemoteAction._validate_action_result(None, INVALID)  # type: ignore[arg-type]


def test_event_classes_are_the_same_and_events_resolve_as_before() -> None:
    assert common.all_subclasses is not rasa_speedups._original_all_subclasses
    assert common.all_subclasses(Event) == rasa_speedups._original_all_subclasses(Event)
    assert Event.resolve_by_type("user") is UserUttered and Event.resolve_by_type("slot") is SlotSet
    assert common.all_subclasses(SlotSet) == rasa_speedups._original_all_subclasses(SlotSet)


def test_spacy_leaves_out_the_entity_recogniser_and_gives_the_same_tokens() -> None:
    texts = ["Montako lehmusta on Eirassa?", "Jäin työttömäksi ja asun Oulussa, mistä saan apua Kelalta?",
             "opiskelen Lapin yliopistossa", "what is Föli", "jag bor i Helsingfors"]
    fast = SpacyNLP.load_model("spacy_fi_experimental_web_md").model
    full = rasa_speedups._original_load_spacy("spacy_fi_experimental_web_md").model
    assert "ner" in full.pipe_names and "ner" not in fast.pipe_names
    for text in texts:
        fast_read, full_read = ([(t.text, t.lemma_, t.pos_, t.tag_, str(t.morph), t.is_stop) for t in nlp(text)]
                                for nlp in (fast, full))
        assert fast_read == full_read, text


def test_the_loaded_agent_answers_a_first_message_and_is_frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []

    class LoadedAgent:  # what rasa.core.agent.load_agent gives: only the two methods the loader calls
        def is_ready(self) -> bool:
            return True

        async def parse_message(self, text: str) -> dict:
            asked.append(text)
            return {}

    loaded = LoadedAgent()

    async def load_agent(*_args: object) -> LoadedAgent:
        return loaded

    monkeypatch.setattr(rasa_speedups, "_original_load_agent", load_agent)
    gc.unfreeze()
    try:
        # serve_application registers whatever the module holds under this name
        agent = asyncio.run(rasa_run.load_agent_on_start("model.tar.gz", None, None, None, None))
        assert agent is loaded and asked == [rasa_speedups.WARM_UP_MESSAGE]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_a_message_vector_is_started_before_the_agent_handles_it(monkeypatch: pytest.MonkeyPatch) -> None:
    order: list[str] = []
    monkeypatch.setattr(rasa_speedups, "start_early", lambda text: order.append(f"started {text}"))

    async def handle(_agent: object, message: UserMessage) -> list:
        order.append(f"handled {message.text}")
        return []

    monkeypatch.setattr(rasa_speedups, "_original_handle_message", handle)
    asyncio.run(Agent.handle_message(None, UserMessage("mikä on kela")))  # type: ignore[arg-type]
    assert order == ["started mikä on kela", "handled mikä on kela"]
