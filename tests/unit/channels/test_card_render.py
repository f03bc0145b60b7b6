"""Reply cards as Slack blocks and Adaptive Cards (connectors/card_render.py)."""

from __future__ import annotations

import json

from connectors.card_render import (
    ADAPTIVE_CARD_TYPE,
    SLACK_BUTTON_ACTION,
    SLACK_SECTION_CHARS,
    adaptive_card,
    slack_blocks,
    slack_fallback_text,
    teams_activity_fields,
)

TERM = {
    "text": "Kela: Kansaneläkelaitos.\nLisätietoa: https://www.kela.fi",
    "custom": {"type": "term", "id": "kela", "title": "Kela", "text": "Kansaneläkelaitos.",
               "url": "https://www.kela.fi", "lang": "fi", "related_services": []},
}
FALLBACK = {
    "text": "En ymmärtänyt.",
    "buttons": [{"title": "Kela", "payload": "Mikä on Kela?"}],
    "custom": {"type": "fallback", "lang": "fi", "contact": "",
               "suggestions": [{"id": "kela", "title": "Kela", "payload": "Mikä on Kela?"}]},
}


def actions(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def test_term_gets_a_link_button_in_the_card_language() -> None:
    blocks = slack_blocks(TERM)
    assert blocks[0] == {"type": "section", "text": {"type": "mrkdwn", "text": TERM["text"]}}
    assert [(a["text"]["text"], a["url"]) for a in actions(blocks)] == [("Lisätietoa", "https://www.kela.fi")]
    swedish = {**TERM, "custom": {**TERM["custom"], "lang": "sv"}}
    card = adaptive_card(swedish)
    assert card["actions"] == [{"type": "Action.OpenUrl", "title": "Mer information", "url": "https://www.kela.fi"}]
    assert card["version"] == "1.4" and card["body"] == []


def test_choices_become_buttons_that_send_the_payload_back() -> None:
    (button,) = actions(slack_blocks(FALLBACK))
    assert button["value"] == "Mikä on Kela?" and button["action_id"].startswith(SLACK_BUTTON_ACTION)
    (action,) = adaptive_card(FALLBACK)["actions"]
    assert action["data"] == {"msteams": {"type": "imBack", "value": "Mikä on Kela?"}}


def test_fallback_suggestions_are_used_when_the_message_has_no_buttons() -> None:
    without_buttons = {k: v for k, v in FALLBACK.items() if k != "buttons"}
    assert [b["value"] for b in actions(slack_blocks(without_buttons))] == ["Mikä on Kela?"]


def test_user_text_echoed_by_the_bot_cannot_mention_or_link_in_slack() -> None:
    hostile = {"text": "En tunne <!channel> <@U123> <https://evil.example|klikkaa> & <img src=x onerror=alert(1)>",
               "custom": {"type": "message", "id": "x", "lang": "fi"}}
    text = slack_blocks(hostile)[0]["text"]["text"]
    assert "<" not in text and ">" not in text
    assert "&lt;!channel&gt;" in text and "&amp;" in text
    assert "<" not in slack_fallback_text(hostile)


def test_service_items_link_only_to_web_urls() -> None:
    message = {"text": "Palveluita:", "custom": {"type": "service_list", "lang": "fi", "query": "q", "offset": 0,
               "total": 2, "items": [
                   {"id": "1", "name": "Asumistuki", "summary": "Tukea asumiseen", "provider": "Kela",
                    "url": "https://www.kela.fi/asumistuki", "channels": []},
                   {"id": "2", "name": "Paha <b>", "summary": "", "provider": "", "url": "javascript:alert(1)",
                    "channels": []}]}}
    blocks = slack_blocks(message)
    assert blocks[1]["text"]["text"] == "*<https://www.kela.fi/asumistuki|Asumistuki>*\nKela\nTukea asumiseen"
    assert blocks[2]["text"]["text"] == "*Paha &lt;b&gt;*"
    containers = adaptive_card(message)["body"]
    assert containers[0]["selectAction"]["url"] == "https://www.kela.fi/asumistuki"
    assert "selectAction" not in containers[1]


def test_geo_count_map_link_and_source_only_when_the_text_lacks_it() -> None:
    card = {"type": "geo_count", "dataset": "trees", "filter": None, "division": "kaupunginosa", "area": "Eira",
            "area_id": "Eira", "count": 42, "source": "Helsingin puurekisteri", "lang": "en", "map_url": "https://kartta.example/eira"}
    blocks = slack_blocks({"text": "There are 42 trees in Eira.", "custom": card})
    assert blocks[1] == {"type": "context", "elements": [{"type": "mrkdwn", "text": "Source: Helsingin puurekisteri"}]}
    assert actions(blocks)[0]["url"] == "https://kartta.example/eira"
    with_source = slack_blocks({"text": "42 trees. Source: Helsingin puurekisteri", "custom": card})
    assert [b["type"] for b in with_source] == ["section", "actions"]


def test_unknown_or_missing_cards_render_as_text_only() -> None:
    for custom in ({"type": "weather", "lang": "fi", "url": "https://x.example"}, None, "not a card"):
        message = {"text": "Hei!", "custom": custom}
        assert slack_blocks(message) == [{"type": "section", "text": {"type": "mrkdwn", "text": "Hei!"}}]
        assert adaptive_card(message) is None
        assert teams_activity_fields(message) == {"text": "Hei!", "textFormat": "plain"}


def test_term_activity_carries_text_and_an_adaptive_card_attachment() -> None:
    fields = teams_activity_fields(TERM)
    assert fields["text"] == TERM["text"]
    (attachment,) = fields["attachments"]
    assert attachment["contentType"] == ADAPTIVE_CARD_TYPE and attachment["content"]["type"] == "AdaptiveCard"
    json.dumps(fields)  # must be JSON as sent to the Bot Connector


def test_long_text_and_titles_stay_within_slack_limits() -> None:
    long_text = "\n".join(f"rivi {i} " + "x" * 90 for i in range(100))
    message = {"text": long_text, "buttons": [{"title": "t" * 200, "payload": "p"}],
               "custom": {"type": "message", "id": "help", "lang": "fi"}}
    blocks = slack_blocks(message)
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert len(sections) >= 4 and all(len(s) <= SLACK_SECTION_CHARS for s in sections)
    assert "\n".join(sections).replace("\n", "") == long_text.replace("\n", "")
    assert len(actions(blocks)[0]["text"]["text"]) <= 75


def test_empty_message_renders_nothing() -> None:
    assert slack_blocks({}) == []
    assert adaptive_card({"text": None, "buttons": "junk", "custom": {"type": "term", "url": 5}}) is None
