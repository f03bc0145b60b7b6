"""The reply-card contract: every bot message is readable `text`, a typed `card`, and optional buttons.

This module is the one definition of what a channel may rely on. Answers build
cards only through these classes; the REST channel, the Slack and Teams
renderers, the widget and the evaluation read only the fields defined here.
`docs/cards.schema.json` is generated from it (`citybot docs`).

On the wire (Rasa's REST channel and `connectors/card_rest.py`) a message is
`{"text": ..., "buttons": [{"title", "payload"}], "custom": <card>}`.
"""

from __future__ import annotations

import json
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel, Extra, Field, ValidationError, parse_obj_as

from services_catalog.language import Lang
from services_catalog.texts import text as bot_text


def _schema_extra(schema: dict[str, Any], model: type[BaseModel]) -> None:
    """JSON Schema as the wire really is: optional fields may be null (pydantic 1 leaves that out),
    and a card always carries its `type`."""
    properties = schema.get("properties", {})
    for name, field in model.__fields__.items():
        if field.allow_none and name in properties:
            prop = properties[name]
            properties[name] = {"anyOf": [prop, {"type": "null"}],
                                **{k: prop[k] for k in ("title", "description") if k in prop}}
    if "type" in properties and "lang" in properties:
        schema["required"] = sorted({"type", *schema.get("required", [])})


class _Model(BaseModel):
    class Config:
        extra = Extra.forbid
        schema_extra = _schema_extra


class Button(_Model):
    """A choice the user can click; its payload is sent back to the bot as the user's next message."""

    title: str = Field(..., min_length=1)
    payload: str = Field(..., min_length=1)


class Card(_Model):
    """Fields every card has: `type` says which kind, `lang` the language it is written in.

    `answer_id` names the answer a user can rate (POST /feedback); only a reply's first card has one.
    """

    type: str
    lang: Lang
    answer_id: str | None = Field(None, max_length=64, description="id of the answer, for feedback")


class TermCard(Card):
    """A definition from the term table."""

    type: Literal["term"] = "term"
    id: str
    title: str
    text: str
    url: str | None = None
    related_services: list[str] = Field(default_factory=list, description="ids of services linked to the term")


class ServiceChannel(_Model):
    """One way to use a service: a web page, a phone number, an office."""

    id: str | None = None
    type: str | None = None
    name: str | None = None
    url: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


class ServiceItem(_Model):
    id: str
    name: str
    summary: str | None = None
    provider: str | None = None
    url: str | None = None
    channels: list[ServiceChannel] = Field(default_factory=list)
    lang: Lang | None = Field(None, description="language of the item's texts (Finnish when untranslated)")


class RelatedTerm(_Model):
    id: str
    title: str


PROFILE_GROUPS = ("student", "youth", "senior", "family", "unemployed", "immigrant", "retired")
ProfileGroup = Literal["student", "youth", "senior", "family", "unemployed", "immigrant", "retired"]


class ProfileFacts(_Model):
    """What the user has told about themselves and the bot takes into account."""

    municipality: str | None = Field(None, description="home municipality (its Finnish name)")
    groups: list[ProfileGroup] = Field(default_factory=list, description="groups the user belongs to")


class ServiceListCard(Card):
    """One page of services found for a need."""

    type: Literal["service_list"] = "service_list"
    items: list[ServiceItem] = Field(default_factory=list, max_items=5)
    query: str = ""
    offset: int = Field(0, ge=0)
    total: int = Field(0, ge=0)
    related_terms: list[RelatedTerm] = Field(default_factory=list)
    profile: ProfileFacts | None = Field(None, description="the facts about the user this search used")


class ProfileCard(Card):
    """What the bot knows about the user: after a statement about oneself, on request, or after forgetting."""

    type: Literal["profile"] = "profile"
    municipality: str | None = Field(None, description="home municipality (its Finnish name)")
    groups: list[ProfileGroup] = Field(default_factory=list)


class GeoFilter(_Model):
    field: str
    value: str
    label: str


class GeoCountCard(Card):
    """How many features of a dataset lie in one area."""

    type: Literal["geo_count"] = "geo_count"
    dataset: str
    filter: GeoFilter | None = None
    division: str
    area: str = Field(..., description="the area's name in the card's language")
    area_id: str = Field(..., description="the area's key (its Finnish name) in the division")
    count: int = Field(..., ge=0)
    source: str
    map_url: str | None = Field(None, description="a web map framing the area (opens in a new window)")
    map_image_url: str | None = Field(
        None, description="PNG map of the area and the counted points; a path on the catalogue API, or a URL"
    )
    map_alt: str | None = Field(None, description="text alternative of the map image; says the count")


class RankingItem(_Model):
    label: str
    count: int = Field(..., ge=0)


class GeoRankingCard(Card):
    """Counts per value in one area (top species), or per area of a division (ranking, table)."""

    type: Literal["geo_ranking"] = "geo_ranking"
    items: list[RankingItem]
    dataset: str
    filter: GeoFilter | None = None
    division: str
    area: str | None = None
    field: str
    source: str
    map_image_url: str | None = Field(
        None, description="PNG map of the ranked areas and the counted points; a path on the catalogue API, or a URL"
    )
    map_alt: str | None = Field(None, description="text alternative of the map image")


class CampaignCard(Card):
    """A Kokeilukiihdyttämö answer about campaigns or the programme as a whole."""

    type: Literal["campaign"] = "campaign"
    id: str | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    source: str | None = None
    source_url: str | None = Field(None, description="public page where the facts can be checked")


class ExperimentCard(Card):
    """A Kokeilukiihdyttämö answer about one experiment or a list of experiments."""

    type: Literal["experiment"] = "experiment"
    id: str | None = None
    facts: dict[str, Any] = Field(default_factory=dict)
    source: str | None = None
    source_url: str | None = Field(None, description="public page where the facts can be checked")


class Suggestion(_Model):
    id: str
    title: str
    payload: str


class FallbackCard(Card):
    """Not understood: the closest things the bot knows, and how to reach a person."""

    type: Literal["fallback"] = "fallback"
    suggestions: list[Suggestion] = Field(default_factory=list)
    contact: str


class MessageCard(Card):
    """Small talk, help, a question the bot asks, or a notice; `id` is the bot text's key."""

    type: Literal["message"] = "message"
    id: str


AnyCard = Annotated[
    Union[  # noqa: UP007 - pydantic 1.10 needs typing.Union for a discriminated union
        TermCard, ServiceListCard, GeoCountCard, GeoRankingCard, CampaignCard, ExperimentCard, FallbackCard,
        MessageCard, ProfileCard,
    ],
    Field(discriminator="type"),
]
CARD_TYPES: tuple[str, ...] = tuple(
    model.__fields__["type"].default
    for model in (TermCard, ServiceListCard, GeoCountCard, GeoRankingCard, CampaignCard, ExperimentCard,
                  FallbackCard, MessageCard, ProfileCard)
)


class BotMessage(_Model):
    """One message of the bot: text for people, a card for machines, buttons to answer with."""

    text: str
    card: AnyCard
    buttons: list[Button] = Field(default_factory=list)

    def to_wire(self) -> dict[str, Any]:
        """The message as the REST channel sends it: `text`, `buttons`, and the card as `custom`."""
        # A card without an answer id leaves the field out rather than sending null.
        exclude = {"answer_id"} if self.card.answer_id is None else None
        out: dict[str, Any] = {"text": self.text, "custom": json.loads(self.card.json(exclude=exclude))}
        if self.buttons:
            out["buttons"] = [b.dict() for b in self.buttons]
        return out

    @classmethod
    def from_wire(cls, message: dict[str, Any]) -> BotMessage | None:
        """A received message as a BotMessage, or None when it breaks the contract."""
        try:
            return cls.parse_obj(
                {"text": message.get("text") or "", "card": message.get("custom"),
                 "buttons": message.get("buttons") or []}
            )
        except (ValidationError, AttributeError):
            return None


def parse_card(raw: Any) -> AnyCard | None:
    """A card from its JSON form, or None when it is not a valid card."""
    try:
        return parse_obj_as(AnyCard, raw)  # type: ignore[arg-type]
    except ValidationError:
        return None


def message(key: str, lang: Lang, buttons: list[Button] | None = None, **fmt: object) -> BotMessage:
    """A `message` card whose text is the bot text `key` (tables/texts/*.csv) in `lang`."""
    return BotMessage(text=bot_text(key, lang, **fmt), card=MessageCard(id=key, lang=lang), buttons=buttons or [])


def json_schema() -> dict[str, Any]:
    """JSON Schema of a bot message on the wire (docs/cards.schema.json)."""
    schema = BotMessage.schema()
    schema["title"] = "citybot bot message"
    schema["description"] = (
        "One bot message as the REST channel returns it is {text, buttons, custom}; `custom` is `card` here."
    )
    return schema
