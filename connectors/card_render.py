"""Bot reply messages (text + card + buttons, docs/ARCHITECTURE.md) as Slack Block Kit and Adaptive Cards.

Pure functions, shared by the Slack and Teams bridges. Each card type gets its
own layout (connectors/card_view.py decides what is shown); the message text is
kept for notifications and for clients that cannot show the layout. Buttons carry
the conversation's language back, and every answer that can be rated gets
thumbs-up and thumbs-down buttons.
"""

from __future__ import annotations

import re
from typing import Any

from connectors.card_view import Choice, Item, View, choice_value, feedback_value, message_view
from services_catalog.texts import text as bot_text

# Slack Block Kit limits (api.slack.com/reference/block-kit): longer values make chat.postMessage fail.
SLACK_SECTION_CHARS = 3000
SLACK_BUTTON_TEXT_CHARS = 75
SLACK_BUTTON_VALUE_CHARS = 2000
SLACK_URL_CHARS = 3000
SLACK_ALT_CHARS = 2000
SLACK_MAX_BLOCKS = 50
SLACK_MAX_ELEMENTS = 25
SLACK_FALLBACK_TEXT_CHARS = 4000
# Prefixes of the buttons' action_ids; the Slack app routes clicks on them.
SLACK_BUTTON_ACTION = "citybot_choice"
SLACK_LINK_ACTION = "citybot_link"
SLACK_FEEDBACK_ACTION = "citybot_feedback"
# Teams shows at most six actions in one row; an Adaptive Card must stay under about 28 kB.
TEAMS_MAX_ACTIONS = 6
TEAMS_MAX_ROWS = 50
ADAPTIVE_CARD_TYPE = "application/vnd.microsoft.card.adaptive"
ADAPTIVE_CARD_VERSION = "1.4"  # the version every Teams client renders
RATINGS = ("up", "down")


def _cut(value: str, limit: int) -> str:
    """At most `limit` characters, cut at a word with an ellipsis, so a label never ends mid-word."""
    if len(value) <= limit:
        return value
    head = value[: limit - 1]
    return (head.rsplit(" ", 1)[0] if " " in head[limit // 2:] else head) + "…"


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
    return {"type": "plain_text", "text": _cut(value, limit), "emoji": True}


def _sections(value: str) -> list[dict[str, Any]]:
    return [{"type": "section", "text": {"type": "mrkdwn", "text": chunk}}
            for chunk in _chunks(slack_escape(value), SLACK_SECTION_CHARS)]


def _context(value: str) -> dict[str, Any]:
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": slack_escape(value)[:SLACK_SECTION_CHARS]}]}


def _slack_item(item: Item) -> dict[str, Any]:
    name = slack_escape(item.name)
    title = f"*<{item.url}|{name}>*" if item.url and len(item.url) <= SLACK_URL_CHARS else f"*{name}*"
    lines = [title] + [slack_escape(v) for v in (item.provider, item.summary) if v]
    if item.contacts:
        lines.append(" · ".join(slack_escape(c) for c in item.contacts))
    return {"type": "section", "text": {"type": "mrkdwn", "text": "\n".join(lines)[:SLACK_SECTION_CHARS]}}


def _slack_rows(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
    lines = "\n".join(f"{n}. {label} — *{count}*" for n, (label, count) in enumerate(rows, 1))
    return _sections(lines) if rows else []


def _slack_body(view: View) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if view.kind == "term":
        blocks.append({"type": "header", "text": _plain(view.title, 150)})
        blocks += _sections(view.body)
    if view.lead:
        blocks += _sections(view.lead)
    blocks += [_slack_item(item) for item in view.items]
    blocks += _slack_rows(view.rows)
    if view.image and len(view.image[0]) <= SLACK_URL_CHARS:
        url, alt = view.image
        alt = alt or view.text or bot_text("channel_map", view.lang)  # Slack refuses an image without alt text
        blocks.append({"type": "image", "image_url": url, "alt_text": _cut(alt, SLACK_ALT_CHARS)})
    if view.contact:
        blocks.append(_context(view.contact))
    if view.source:
        blocks.append(_context(bot_text("channel_source", view.lang, source=view.source)))
    return blocks


def _slack_buttons(view: View) -> list[dict[str, Any]]:
    elements: list[dict[str, Any]] = [
        {"type": "button", "text": _plain(label, SLACK_BUTTON_TEXT_CHARS), "url": url,
         "action_id": f"{SLACK_LINK_ACTION}_{i}"}
        for i, (label, url) in enumerate(view.links) if len(url) <= SLACK_URL_CHARS
    ]
    for i, choice in enumerate(view.choices):
        value = choice_value(choice)
        if len(value) <= SLACK_BUTTON_VALUE_CHARS:
            elements.append({"type": "button", "text": _plain(choice.title, SLACK_BUTTON_TEXT_CHARS), "value": value,
                             "action_id": f"{SLACK_BUTTON_ACTION}_{i}"})
    return elements[:SLACK_MAX_ELEMENTS]


def slack_feedback_block(answer_id: str, lang: str) -> dict[str, Any]:
    """Thumbs up and down for one answer; the click is posted to the feedback endpoint."""
    return {"type": "actions", "block_id": f"{SLACK_FEEDBACK_ACTION}_block", "elements": [
        {"type": "button", "text": _plain(bot_text(f"channel_feedback_{rating}", lang), SLACK_BUTTON_TEXT_CHARS),
         "value": feedback_value(answer_id, lang), "action_id": f"{SLACK_FEEDBACK_ACTION}_{rating}"}
        for rating in RATINGS
    ]}


def slack_blocks(message: dict[str, Any]) -> list[dict[str, Any]]:
    """Block Kit blocks for one bot message."""
    view = message_view(message)
    blocks = _slack_body(view)
    tail: list[dict[str, Any]] = []
    buttons = _slack_buttons(view)
    if buttons:
        tail.append({"type": "actions", "elements": buttons})
    if view.answer_id:
        tail.append(slack_feedback_block(view.answer_id, view.lang))
    if not blocks and not tail:
        return []
    return blocks[: SLACK_MAX_BLOCKS - len(tail)] + tail


def slack_fallback_text(message: dict[str, Any]) -> str:
    """chat.postMessage `text`: shown in notifications and by clients that cannot show blocks."""
    return slack_escape(message_view(message).text)[:SLACK_FALLBACK_TEXT_CHARS]


# ---- Teams (Adaptive Cards 1.4)

# Teams reads TextBlock text as Markdown; echoed user text must not turn into links or formatting.
_MARKDOWN = re.compile(r"([\\`*_\[\]~])")
_LINE_START = re.compile(r"^(\s*)([-+#>]|\d+\.)", re.MULTILINE)


def markdown_escape(value: str) -> str:
    """Text that Teams shows as written: no links, emphasis, lists or headings made of it."""
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), _MARKDOWN.sub(r"\\\1", value))


def _block(value: str, **style: Any) -> dict[str, Any]:
    return {"type": "TextBlock", "text": markdown_escape(value), "wrap": True, **style}


def _adaptive_item(item: Item) -> dict[str, Any]:
    body: list[dict[str, Any]] = [_block(item.name, weight="Bolder")]
    if item.provider:
        body.append(_block(item.provider, isSubtle=True, spacing="None"))
    if item.summary:
        body.append(_block(item.summary, maxLines=3))
    body += [_block(contact, spacing="None", size="Small") for contact in item.contacts]
    container: dict[str, Any] = {"type": "Container", "items": body, "separator": True}
    if item.url:
        container["selectAction"] = {"type": "Action.OpenUrl", "url": item.url, "title": item.name}
    return container


def _teams_choice(choice: Choice) -> dict[str, Any]:
    # messageBack: Teams shows the title as the user's message and sends the payload with the language.
    value = {"citybot": "choice", "payload": choice.payload, "lang": choice.lang}
    return {"type": "Action.Submit", "title": choice.title,
            "data": {"msteams": {"type": "messageBack", "displayText": choice.title, "text": choice.payload,
                                 "value": value}}}


def teams_feedback_actions(answer_id: str, lang: str) -> dict[str, Any]:
    return {"type": "ActionSet", "actions": [
        {"type": "Action.Submit", "title": bot_text(f"channel_feedback_{rating}", lang),
         "data": {"citybot": "feedback", "answer_id": answer_id, "rating": rating, "lang": lang}}
        for rating in RATINGS
    ]}


def _adaptive_body(view: View) -> list[dict[str, Any]]:
    body: list[dict[str, Any]] = []
    if view.kind == "term":
        body += [_block(view.title, size="Medium", weight="Bolder", style="heading"), _block(view.body)]
    if view.lead:
        body.append(_block(view.lead))
    body += [_adaptive_item(item) for item in view.items]
    if view.rows:
        facts = [{"title": markdown_escape(f"{n}. {label}"), "value": str(count)}
                 for n, (label, count) in enumerate(view.rows[:TEAMS_MAX_ROWS], 1)]
        body.append({"type": "FactSet", "facts": facts})
    if view.image:
        url, alt = view.image
        body.append({"type": "Image", "url": url, "altText": alt or view.text or bot_text("channel_map", view.lang),
                     "size": "Stretch"})
    if view.contact:
        body.append(_block(view.contact, weight="Bolder"))
    if view.source:
        body.append(_block(bot_text("channel_source", view.lang, source=view.source), isSubtle=True, size="Small"))
    return body


def adaptive_card(message: dict[str, Any]) -> dict[str, Any] | None:
    """The Adaptive Card of one bot message, or None for a message without a card or anything to show."""
    view = message_view(message)
    if view.kind in ("text", "message") and not view.choices and not view.answer_id:
        return None  # plain words: the activity's text shows them
    body = _adaptive_body(view)
    actions: list[dict[str, Any]] = [{"type": "Action.OpenUrl", "title": label, "url": url}
                                     for label, url in view.links]
    actions += [_teams_choice(choice) for choice in view.choices]
    if view.answer_id:
        body.append(teams_feedback_actions(view.answer_id, view.lang))
    if not body and not actions:
        return None
    return {
        "type": "AdaptiveCard",
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "version": ADAPTIVE_CARD_VERSION,
        "lang": view.lang,
        "body": body,
        "actions": actions[:TEAMS_MAX_ACTIONS],
    }


def teams_activity_fields(message: dict[str, Any]) -> dict[str, Any]:
    """`text` or an Adaptive Card attachment (with the text as its `summary`) for one bot message."""
    view = message_view(message)
    card = adaptive_card(message)
    if card is None:
        return {"text": view.text, "textFormat": "plain"}
    # The card shows the answer; the text as well would show it twice. `summary` is what notifications show.
    return {"summary": view.text[:300], "attachments": [{"contentType": ADAPTIVE_CARD_TYPE, "content": card}]}
