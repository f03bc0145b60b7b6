"""What a channel shows for one bot message, independent of the channel: the card read into plain parts.

The card carries the answer's facts; the message `text` is the same answer as
plain text. A channel that can show the card shows it and only the words of the
text that the card does not hold (the lead line, notes), so nothing is shown twice.
Cards are read only through the card contract (services_catalog.cards): a card that
breaks it is ignored and the text is shown as it is.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from services_catalog.cards import (
    AnyCard,
    CampaignCard,
    ExperimentCard,
    FallbackCard,
    GeoCountCard,
    GeoRankingCard,
    ServiceChannel,
    ServiceListCard,
    TermCard,
    parse_card,
)
from services_catalog.language import DEFAULT_LANG, supported
from services_catalog.texts import text as bot_text

# Lines of a geo answer's text that the card shows itself: numbered items and table rows.
_LIST_LINE = re.compile(r"^\s*(\d+\.\s|\|)")


@dataclass(frozen=True)
class Item:
    """One service: its name and link, who provides it, a summary, and how to reach it."""

    name: str
    url: str | None
    provider: str
    summary: str
    contacts: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    """A button that sends `payload` back to the bot in the conversation's language `lang`."""

    title: str
    payload: str
    lang: str


@dataclass
class View:
    """The parts of one bot message a channel renders."""

    text: str  # the whole answer as plain text (notifications, clients without cards)
    lang: str
    kind: str = "text"  # the card type, or "text" when there is no usable card
    lead: str = ""  # the words to show beside the card
    title: str = ""
    body: str = ""
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, http(s) url)
    items: list[Item] = field(default_factory=list)
    rows: list[tuple[str, int]] = field(default_factory=list)
    image: tuple[str, str] | None = None  # (http(s) url, alt text)
    source: str = ""
    contact: str = ""
    choices: list[Choice] = field(default_factory=list)
    answer_id: str | None = None


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def web_url(value: Any) -> str | None:
    """Only http(s) links: a card field must never become a javascript: or file: link."""
    url = _str(value)
    return url if url.lower().startswith(("https://", "http://")) and not any(c.isspace() for c in url) else None


def _choices(message: dict[str, Any], card: AnyCard | None, lang: str) -> list[Choice]:
    raw = message.get("buttons") if isinstance(message.get("buttons"), list) else []
    buttons = [(_str(b.get("title")), _str(b.get("payload"))) for b in raw if isinstance(b, dict)]
    if not buttons and isinstance(card, FallbackCard):
        buttons = [(s.title.strip(), s.payload.strip()) for s in card.suggestions]
    choices: list[Choice] = []
    for title, payload in buttons:
        if title and payload and all((c.title, c.payload) != (title, payload) for c in choices):
            choices.append(Choice(title, payload, lang))
    return choices


def _contacts(channels: list[ServiceChannel]) -> tuple[str, ...]:
    found: list[str] = []
    for channel in channels:
        for value in (channel.phone, channel.email, channel.address):
            value = _str(value)
            if value and value not in found:
                found.append(value)
    return tuple(found[:3])


def _items(card: ServiceListCard) -> list[Item]:
    return [Item(item.name.strip(), web_url(item.url), _str(item.provider), _str(item.summary),
                 _contacts(item.channels))
            for item in card.items[:5] if item.name.strip()]


def _without(text: str, drop: str) -> str:
    return "\n".join(line for line in text.splitlines() if not drop or drop not in line).strip()


def _geo_lead(text: str, source: str) -> str:
    """The answer sentence and notes of a geo text, without the items, table and source line the card shows."""
    lines = [line for line in text.splitlines() if not _LIST_LINE.match(line) and not (source and source in line)]
    return "\n".join(lines).strip()


def _fill(view: View, card: AnyCard) -> None:
    lang = view.lang
    if isinstance(card, TermCard):
        view.title, view.body = card.title.strip(), card.text.strip()
        if web_url(card.url):
            view.links.append((bot_text("channel_more", lang), web_url(card.url)))  # type: ignore[arg-type]
    elif isinstance(card, ServiceListCard):
        view.items = _items(card)
        view.lead = view.text.splitlines()[0].strip() if view.items and view.text else view.text
    elif isinstance(card, GeoCountCard | GeoRankingCard):
        view.source = card.source.strip()
        view.lead = _geo_lead(view.text, view.source)
        if isinstance(card, GeoRankingCard):
            view.rows = [(item.label, item.count) for item in card.items]
        else:
            view.title = str(card.count)
        if web_url(card.map_image_url):
            alt = _str(card.map_alt) or (view.lead.splitlines()[0] if view.lead else "")
            view.image = (web_url(card.map_image_url), alt)  # type: ignore[assignment]
        if isinstance(card, GeoCountCard) and web_url(card.map_url):
            view.links.append((bot_text("channel_map_link", lang), web_url(card.map_url)))  # type: ignore[arg-type]
    elif isinstance(card, CampaignCard | ExperimentCard):
        view.source = _str(card.source)
        view.lead = _without(view.text, view.source)
        if web_url(card.source_url):
            view.links.append((bot_text("channel_source_link", lang), web_url(card.source_url)))  # type: ignore[arg-type]
    elif isinstance(card, FallbackCard):
        view.contact = card.contact.strip()
        view.lead = _without(view.text, view.contact)
    else:
        view.lead = view.text


def message_view(message: dict[str, Any]) -> View:
    """The view of one reply message of the REST channel (`text`, `buttons`, `custom`)."""
    card = parse_card(message.get("custom"))
    lang = card.lang if card is not None else DEFAULT_LANG
    view = View(text=_str(message.get("text")), lang=lang, choices=_choices(message, card, lang))
    if card is None:
        view.lead = view.text
        return view
    view.kind, view.answer_id = card.type, card.answer_id
    _fill(view, card)
    return view


# ---- what a button click carries back: the payload and the conversation's language

def choice_value(choice: Choice) -> str:
    """A button's value: the payload and the language, so a click does not switch the conversation's language."""
    return json.dumps({"p": choice.payload, "l": choice.lang}, ensure_ascii=False, separators=(",", ":"))


def read_choice(value: Any) -> tuple[str, str | None]:
    """(payload, language) from a button's value; a plain string is a payload without a language."""
    if isinstance(value, str):
        try:
            parsed = json.loads(value)
        except ValueError:
            return value, None
        if isinstance(parsed, dict) and isinstance(parsed.get("p"), str):
            lang = parsed.get("l")
            return parsed["p"], lang if supported(lang) else None
        return value, None
    return "", None


def feedback_value(answer_id: str, lang: str) -> str:
    return json.dumps({"a": answer_id, "l": lang}, separators=(",", ":"))


def read_feedback(value: Any) -> tuple[str, str] | None:
    """(answer id, language) from a feedback button's value, or None when it is not one."""
    try:
        parsed = json.loads(value) if isinstance(value, str) else None
    except ValueError:
        return None
    if not isinstance(parsed, dict) or not isinstance(parsed.get("a"), str) or not parsed["a"]:
        return None
    lang = parsed.get("l")
    return parsed["a"][:64], lang if supported(lang) else DEFAULT_LANG
