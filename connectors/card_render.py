"""Bot reply messages (text + card + buttons, docs/ARCHITECTURE.md) as Slack blocks and Adaptive Cards.

Pure functions, shared by the Slack and Teams adapters. A message's `text`
always carries the whole answer, so the card only adds what plain text does
badly: links as buttons, service items, clickable choices, and the source when
the text does not already name it. Unknown card types add nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from services_catalog.cards import (
    AnyCard,
    CampaignCard,
    ExperimentCard,
    FallbackCard,
    GeoCountCard,
    GeoRankingCard,
    ServiceListCard,
    TermCard,
    parse_card,
)
from services_catalog.language import DEFAULT_LANG
from services_catalog.texts import text as bot_text

# Slack Block Kit limits (api.slack.com/reference/block-kit): longer values make chat.postMessage fail.
SLACK_SECTION_CHARS = 3000
SLACK_BUTTON_TEXT_CHARS = 75
SLACK_BUTTON_VALUE_CHARS = 2000
SLACK_URL_CHARS = 3000
SLACK_MAX_BLOCKS = 50
SLACK_MAX_ELEMENTS = 25
SLACK_FALLBACK_TEXT_CHARS = 4000
# Prefix of a reply button's action_id; the Slack app routes clicks on it back to the bot.
SLACK_BUTTON_ACTION = "citybot_choice"
# Teams shows at most six top-level card actions.
TEAMS_MAX_ACTIONS = 6
ADAPTIVE_CARD_TYPE = "application/vnd.microsoft.card.adaptive"


@dataclass(frozen=True)
class Item:
    name: str
    url: str | None
    provider: str
    summary: str


@dataclass
class Parts:
    """What a channel shows for one bot message, independent of the channel."""

    text: str
    lang: str
    links: list[tuple[str, str]] = field(default_factory=list)  # (label, http(s) url)
    items: list[Item] = field(default_factory=list)
    choices: list[tuple[str, str]] = field(default_factory=list)  # (title, payload sent back to the bot)
    note: str = ""


def _str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _web_url(value: Any) -> str | None:
    """Only http(s) links: a card field must never become a javascript: or file: link."""
    url = _str(value)
    return url if url.lower().startswith(("https://", "http://")) else None


def _choices(message: dict[str, Any], card: AnyCard | None) -> list[tuple[str, str]]:
    raw = message.get("buttons") if isinstance(message.get("buttons"), list) else []
    buttons = [(_str(b.get("title")), _str(b.get("payload"))) for b in raw if isinstance(b, dict)]
    if not buttons and isinstance(card, FallbackCard):
        buttons = [(s.title.strip(), s.payload.strip()) for s in card.suggestions]
    choices: list[tuple[str, str]] = []
    for title, payload in buttons:
        if title and payload and (title, payload) not in choices:
            choices.append((title, payload))
    return choices


def _items(card: ServiceListCard) -> list[Item]:
    return [Item(item.name.strip(), _web_url(item.url), _str(item.provider), _str(item.summary))
            for item in card.items[:5] if item.name.strip()]


def message_parts(message: dict[str, Any]) -> Parts:
    """The channel-neutral parts of one Rasa reply message (`text`, `custom`, `buttons`).

    The card is read through the card contract (services_catalog.cards): a card
    that breaks it adds nothing, and the message's text is still shown.
    """
    card = parse_card(message.get("custom"))
    lang = card.lang if card is not None else DEFAULT_LANG
    parts = Parts(text=_str(message.get("text")), lang=lang, choices=_choices(message, card))
    if isinstance(card, TermCard) and _web_url(card.url):
        parts.links.append((bot_text("channel_more", lang), _web_url(card.url)))
    elif isinstance(card, ServiceListCard):
        parts.items = _items(card)
    elif isinstance(card, GeoCountCard) and _web_url(card.map_url):
        parts.links.append((bot_text("channel_map", lang), _web_url(card.map_url)))
    source = _str(getattr(card, "source", None))
    if isinstance(card, GeoCountCard | GeoRankingCard | CampaignCard | ExperimentCard) and source \
            and source not in parts.text:
        parts.note = bot_text("channel_source", lang, source=source)
    return parts


# ---- Slack

def slack_escape(value: str) -> str:
    """Slack mrkdwn control characters; user text echoed by the bot must not become links or mentions."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _chunks(value: str, size: int) -> list[str]:
    """Split at line ends where possible, so long answers stay readable across sections."""
    chunks: list[str] = []
    while len(value) > size:
        cut = value.rfind("\n", 0, size)
        cut = cut if cut > 0 else size
        chunks.append(value[:cut])
        value = value[cut:].lstrip("\n")
    if value:
        chunks.append(value)
    return chunks


def _plain(value: str, limit: int) -> dict[str, Any]:
    return {"type": "plain_text", "text": value if len(value) <= limit else value[: limit - 1] + "…", "emoji": True}


def _slack_item(item: Item) -> dict[str, Any]:
    name = slack_escape(item.name)
    title = f"*<{item.url}|{name}>*" if item.url and len(item.url) <= SLACK_URL_CHARS else f"*{name}*"
    lines = [title] + [slack_escape(v) for v in (item.provider, item.summary) if v]
    return {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:SLACK_SECTION_CHARS]}}


def slack_blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Block Kit blocks for one bot message."""
    parts = message_parts(message)
    blocks: list[dict[str, Any]] = [
        {"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
        for chunk in _chunks(slack_escape(parts.text), SLACK_SECTION_CHARS)
    ]
    blocks += [_slack_item(item) for item in parts.items]
    if parts.note:
        blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": slack_escape(parts.note)}]})
    elements: list[dict[str, Any]] = [
        {"type": "button", "text": _plain(label, SLACK_BUTTON_TEXT_CHARS), "url": url,
         "action_id": f"citybot_link_{i}"}
        for i, (label, url) in enumerate(parts.links) if len(url) <= SLACK_URL_CHARS
    ]
    elements += [
        {"type": "button", "text": _plain(title, SLACK_BUTTON_TEXT_CHARS), "value": payload,
         "action_id": f"{SLACK_BUTTON_ACTION}_{i}"}
        for i, (title, payload) in enumerate(parts.choices) if len(payload) <= SLACK_BUTTON_VALUE_CHARS
    ]
    if elements:
        blocks = blocks[: SLACK_MAX_BLOCKS - 1]
        blocks.append({"type": "actions", "elements": elements[:SLACK_MAX_ELEMENTS]})
    return blocks[:SLACK_MAX_BLOCKS]


def slack_fallback_text(message: dict[str, Any]) -> str:
    """chat.postMessage `text`: shown in notifications and by clients that cannot show blocks."""
    return slack_escape(message_parts(message).text)[:SLACK_FALLBACK_TEXT_CHARS]


# ---- Teams (Adaptive Cards 1.4, the version Teams renders on every client)

def _adaptive_item(item: Item) -> dict[str, Any]:
    body: list[dict[str, Any]] = [{"type": "TextBlock", "text": item.name, "weight": "Bolder", "wrap": True}]
    if item.provider:
        body.append({"type": "TextBlock", "text": item.provider, "isSubtle": True, "spacing": "None", "wrap": True})
    if item.summary:
        body.append({"type": "TextBlock", "text": item.summary, "wrap": True, "maxLines": 3})
    container: dict[str, Any] = {"type": "Container", "items": body, "separator": True}
    if item.url:
        container["selectAction"] = {"type": "Action.OpenUrl", "url": item.url, "title": item.name}
    return container


def adaptive_card(message: dict[str, Any]) -> dict[str, Any] | None:
    """An Adaptive Card with what the message's text cannot show, or None when there is nothing to add."""
    parts = message_parts(message)
    body = [_adaptive_item(item) for item in parts.items]
    if parts.note:
        body.append({"type": "TextBlock", "text": parts.note, "isSubtle": True, "size": "Small", "wrap": True})
    actions: list[dict[str, Any]] = [{"type": "Action.OpenUrl", "title": label, "url": url}
                                     for label, url in parts.links]
    # imBack makes Teams send the payload as the user's next message, like a typed answer.
    actions += [{"type": "Action.Submit", "title": title, "data": {"msteams": {"type": "imBack", "value": payload}}}
                for title, payload in parts.choices]
    if not body and not actions:
        return None
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": "1.4",
        "lang": parts.lang,
        "body": body,
        "actions": actions[:TEAMS_MAX_ACTIONS],
    }


def teams_activity_fields(message: dict[str, Any]) -> dict[str, Any]:
    """`text` and `attachments` of the reply activity for one bot message."""
    fields: dict[str, Any] = {"text": message_parts(message).text, "textFormat": "plain"}
    card = adaptive_card(message)
    if card is not None:
        fields["attachments"] = [{"contentType": ADAPTIVE_CARD_TYPE, "content": card}]
    return fields
