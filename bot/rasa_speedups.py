"""Five per-turn costs of Rasa 3.6 removed, without changing what it does (measured: docs/BENCHMARKS.md).

A profile of the Rasa server under load (py-spy, one conversation after another)
put about a quarter of its CPU time into work that gives the same result on every
turn:

- `RemoteAction._validate_action_result` calls `jsonschema.validate`, which checks
  the (constant) response schema itself before validating the response, on every
  action call (~14% of the server's time). Here the schema is checked once and the
  compiled validator reused.
- Every event read from the tracker store is resolved to its class with
  `Event.resolve_by_type`, which walks the whole `Event` class tree each time
  (~11%). The tree does not change once Rasa has started; here it is walked once.
- `SpacyNLP` runs the Finnish spaCy pipeline's named-entity recogniser on every
  message (Rasa already leaves out the parser), although no component of
  `config.yml` reads spaCy's entities. Here it is left out too; tokens, lemmas,
  tags and morphology come from the parts before it and stay the same
  (tests/unit/platform/test_rasa_speedups.py).
- Every few seconds under load, a full garbage collection walks the loaded model's
  millions of objects, about 400 ms inside one reply. Once the model is loaded, the
  server parses one message (which loads what the first message would) and freezes
  what is alive (services_catalog/gc_freeze.py).
- The message's e5 vector (bot/nlu/text_vector.py) is started as the message reaches
  `Agent.handle_message`, not only when the NLU begins: reading the conversation from
  the tracker store and starting its session then run beside it too.

`bot/rasa_server.py` applies them before Rasa starts. `check()` fails loudly if a
Rasa upgrade moves what they replace, rather than silently doing nothing.
"""

from __future__ import annotations

import functools
from typing import Any

import rasa.core.run as rasa_run
import rasa.shared.utils.common as common
from jsonschema import ValidationError
from jsonschema.validators import validator_for
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from rasa.core.channels.channel import UserMessage
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.core.events import Event
from sanic import Sanic

from bot.nlu.text_vector import start_early
from services_catalog.gc_freeze import freeze_loaded_objects

_original_all_subclasses = common.all_subclasses
_original_load_spacy = SpacyNLP.load_model
_original_load_agent = rasa_run.load_agent_on_start
_original_handle_message = Agent.handle_message
WARM_UP_MESSAGE = "hei"
UNUSED_SPACY_PIPES = ("ner",)  # nothing in config.yml reads doc.ents
_APPLIED = False


@functools.lru_cache(maxsize=1)
def _action_response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def _validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        _action_response_validator().validate(result)
    except ValidationError as error:
        # The same message Rasa gives, so that logs read the same.
        error.message += (". Failed to validate Action server response from API, make sure your response from "
                          "the Action endpoint is valid.")
        raise
    return True


@functools.lru_cache(maxsize=1)
def _event_classes() -> tuple[type, ...]:
    return tuple(_original_all_subclasses(Event))


def _all_subclasses(cls: Any) -> list[Any]:
    if cls is Event:
        return list(_event_classes())
    return _original_all_subclasses(cls)


def _load_spacy(spacy_model_name: str) -> SpacyModel:
    loaded = _original_load_spacy(spacy_model_name)
    for name in UNUSED_SPACY_PIPES:
        if name in loaded.model.pipe_names:
            loaded.model.disable_pipe(name)
    return loaded


async def _load_agent_and_freeze(model_path: str, endpoints: Any, remote_storage: str | None, app: Sanic,
                                 loop: Any) -> Any:
    agent = await _original_load_agent(model_path, endpoints, remote_storage, app, loop)
    if agent.is_ready():
        await agent.parse_message(WARM_UP_MESSAGE)
    freeze_loaded_objects()
    return agent


async def _handle_message_embedding_early(self: Agent, message: UserMessage) -> Any:
    start_early(message.text or "")
    return await _original_handle_message(self, message)


def check() -> None:
    """Fail if this Rasa no longer has what the speed-ups replace (a Rasa upgrade must look at them)."""
    assert callable(getattr(RemoteAction, "_validate_action_result", None)), "RemoteAction changed"
    assert callable(getattr(RemoteAction, "action_response_format_spec", None)), "RemoteAction changed"
    assert callable(getattr(common, "all_subclasses", None)), "rasa.shared.utils.common changed"
    assert isinstance(SpacyNLP.__dict__.get("load_model"), staticmethod), "SpacyNLP changed"
    assert callable(getattr(rasa_run, "load_agent_on_start", None)), "rasa.core.run changed"
    assert callable(getattr(Agent, "handle_message", None)), "rasa.core.agent.Agent changed"


def apply() -> None:
    """Install the speed-ups in this process (idempotent)."""
    global _APPLIED
    if _APPLIED:
        return
    check()
    RemoteAction._validate_action_result = _validate_action_result  # type: ignore[method-assign]
    common.all_subclasses = _all_subclasses
    SpacyNLP.load_model = staticmethod(_load_spacy)  # type: ignore[method-assign]
    # serve_application looks the listener up in its module when it registers it
    rasa_run.load_agent_on_start = _load_agent_and_freeze
    Agent.handle_message = _handle_message_embedding_early  # type: ignore[method-assign]
    _APPLIED = True
