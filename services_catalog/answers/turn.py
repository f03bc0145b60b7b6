"""A turn of the conversation as the answers see it, and the reply they give."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from services_catalog.cards import BotMessage
from services_catalog.language import Lang, supported
from services_catalog.language.detect import detect_language


@dataclass(frozen=True)
class TermSelection:
    """The NLU's choice of term for a `term` question."""

    term_id: str | None
    confidence: float = 0.0
    shares_topic: bool = True


@dataclass(frozen=True)
class Turn:
    """The latest user message with what the NLU found in it, and the conversation's slots."""

    text: str
    lang: Lang
    intent: str | None = None
    confidence: float | None = None
    entities: tuple[tuple[str, str], ...] = ()
    slots: Mapping[str, Any] = field(default_factory=dict)
    term: TermSelection | None = None
    # the NLU's e5 query vector of `text` (services_catalog.search.embed.encode_vector), when it computed one
    text_vector: str | None = None

    def entity_values(self, name: str) -> list[str]:
        """Values of one entity in the message, in order."""
        return [value for entity, value in self.entities if entity == name]

    def slot(self, name: str, default: Any = None) -> Any:
        value = self.slots.get(name)
        return default if value is None else value

    def reply(self, *messages: BotMessage, recognised: bool = True, **slots: Any) -> Reply:
        """A reply in this turn's language, which the conversation then keeps for ambiguous messages."""
        return Reply(list(messages), {"lang": self.lang, **slots}, recognised=recognised)


@dataclass
class Reply:
    """Messages to send, slots to set, and optionally the action Rasa runs next."""

    messages: list[BotMessage] = field(default_factory=list)
    slots: dict[str, Any] = field(default_factory=dict)
    followup: str | None = None
    recognised: bool = True

    @property
    def card_type(self) -> str | None:
        """The type of the answer's first card (later messages are follow-ups)."""
        return self.messages[0].card.type if self.messages else None


def reply_language(text: str, channel_hint: str | None, conversation_lang: str | None) -> Lang:
    """The language to answer a message in.

    The text decides when it is clear; otherwise the channel's hint (a page's
    language), then the conversation's language so far, then Finnish.
    A button's command payload ("/show_more", "/service_details{...}") is in no language at all.
    """
    if text.lstrip().startswith("/"):
        text = ""
    return detect_language(text, hint=channel_hint if supported(channel_hint) else conversation_lang)
