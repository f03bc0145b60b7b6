"""Reply cards as Slack Block Kit and Adaptive Cards (connectors/card_render.py).

The answers come from the real bot (`recorded_replies`), so a change of a card's fields shows here;
the hostile and malformed messages are written by hand.
"""

from __future__ import annotations

import json

from connectors.card_render import (
    ADAPTIVE_CARD_TYPE,
    SLACK_BUTTON_ACTION,
    SLACK_FEEDBACK_ACTION,
    SLACK_SECTION_CHARS,
    adaptive_card,
    slack_blocks,
    slack_fallback_text,
    teams_activity_fields,
)
from tests.support.channel_standins import FALLBACK_QUESTION, Replies, first_card, table_text

TERM_Q, SERVICE_Q, GEO_Q, RANKING_Q, PROGRAMME_Q = (
    "Mikä on Kela?", "Tarvitsen asumistukea", "Montako puuta on Kalliossa?", "Missä kaupunginosassa on eniten puita?",
    "Mitä Kokeilukiihdyttämö on?",
)


def message_with(replies: Replies, question: str, card_type: str) -> dict:
    card = first_card(replies, question, card_type)
    return next(m for m in replies[question] if m.get("custom") is card)


def actions(blocks: list[dict]) -> list[dict]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def block_texts(blocks: list[dict]) -> str:
    found = []
    for block in blocks:
        if block["type"] in ("section", "header"):
            found.append(block["text"]["text"])
        if block["type"] == "context":
            found += [e["text"] for e in block["elements"]]
    return "\n".join(found)


def card_texts(card: dict) -> str:
    found: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if node.get("type") == "TextBlock":
                found.append(node["text"])
            if node.get("type") == "FactSet":
                found.extend(f"{f['title']} {f['value']}" for f in node["facts"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(card["body"])
    return "\n".join(found)


def feedback_ids(blocks: list[dict]) -> list[tuple[str, str]]:
    return [(e["action_id"], json.loads(e["value"])["a"]) for b in blocks if b["type"] == "actions"
            for e in b["elements"] if e["action_id"].startswith(SLACK_FEEDBACK_ACTION)]


def test_term_is_a_titled_card_with_its_link_feedback_and_no_repeated_text(recorded_replies: Replies) -> None:
    message = message_with(recorded_replies, TERM_Q, "term")
    card = message["custom"]
    blocks = slack_blocks(message)
    assert blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": card["title"], "emoji": True}}
    assert card["text"] in block_texts(blocks)
    assert card["url"] not in block_texts(blocks), "the raw URL of the text is not repeated under the card"
    link = next(e for e in actions(blocks) if "url" in e)
    assert (link["text"]["text"], link["url"]) == (table_text("channel_more", "fi"), card["url"])
    assert feedback_ids(blocks) == [(f"{SLACK_FEEDBACK_ACTION}_up", card["answer_id"]),
                                    (f"{SLACK_FEEDBACK_ACTION}_down", card["answer_id"])]

    fields = teams_activity_fields(message)
    assert "text" not in fields and fields["summary"] == message["text"][:300]
    (attachment,) = fields["attachments"]
    adaptive = attachment["content"]
    assert attachment["contentType"] == ADAPTIVE_CARD_TYPE and adaptive["version"] == "1.4"
    assert adaptive["body"][0]["text"] == card["title"]
    assert {"type": "Action.OpenUrl", "title": table_text("channel_more", "fi"), "url": card["url"]} \
        in adaptive["actions"]
    (rating,) = [b for b in adaptive["body"] if b["type"] == "ActionSet"]
    assert [a["data"] for a in rating["actions"]] == [
        {"citybot": "feedback", "answer_id": card["answer_id"], "rating": r, "lang": "fi"} for r in ("up", "down")]


def test_swedish_answer_has_swedish_labels(recorded_replies: Replies) -> None:
    message = message_with(recorded_replies, "Vad är FPA?", "term")
    assert message["custom"]["lang"] == "sv"
    link = next(e for e in actions(slack_blocks(message)) if "url" in e)
    assert link["text"]["text"] == table_text("channel_more", "sv")
    feedback = [e["text"]["text"] for e in actions(slack_blocks(message)) if e["action_id"].startswith(
        SLACK_FEEDBACK_ACTION)]
    assert feedback == [table_text("channel_feedback_up", "sv"), table_text("channel_feedback_down", "sv")]


def test_service_list_shows_each_service_with_provider_and_link(recorded_replies: Replies) -> None:
    message = message_with(recorded_replies, SERVICE_Q, "service_list")
    items = message["custom"]["items"]
    assert items, "the recorded search found services"
    blocks = slack_blocks(message)
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert sections[0] == message["text"].splitlines()[0]
    for item, section in zip(items, sections[1:], strict=False):
        assert item["name"].replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") in section
        if item.get("provider"):
            assert item["provider"] in section
        if item.get("url"):
            assert f"<{item['url']}|" in section
    containers = [b for b in adaptive_card(message)["body"] if b["type"] == "Container"]
    assert len(containers) == len(items)
    assert [c["items"][0]["text"].replace("\\", "") for c in containers] == [
        i["name"].replace("\\", "") for i in items]


def test_show_more_button_keeps_the_conversation_language(recorded_replies: Replies) -> None:
    message = message_with(recorded_replies, SERVICE_Q, "service_list")
    payloads = [b["payload"] for b in message.get("buttons", [])]
    assert "/show_more" in payloads
    values = [json.loads(e["value"]) for e in actions(slack_blocks(message))
              if e["action_id"].startswith(SLACK_BUTTON_ACTION)]
    assert {"p": "/show_more", "l": "fi"} in values
    submits = [a for a in adaptive_card(message)["actions"] if a["type"] == "Action.Submit"]
    assert {"citybot": "choice", "payload": "/show_more", "lang": "fi"} in [
        a["data"]["msteams"]["value"] for a in submits]


def test_geo_count_shows_the_map_image_with_its_count_in_the_alt_text(recorded_replies: Replies) -> None:
    message = message_with(recorded_replies, GEO_Q, "geo_count")
    card = message["custom"]
    assert str(card["count"]) in card["map_alt"] and card["map_image_url"].startswith("http")
    blocks = slack_blocks(message)
    (image,) = [b for b in blocks if b["type"] == "image"]
    assert image == {"type": "image", "image_url": card["map_image_url"], "alt_text": card["map_alt"]}
    link = next(e for e in actions(blocks) if "url" in e)
    assert (link["text"]["text"], link["url"]) == (table_text("channel_map_link", "fi"), card["map_url"])
    assert link["text"]["text"] == "Näytä kartalla (avautuu uuteen ikkunaan)"
    assert table_text("channel_source", "fi").format(source=card["source"]) in block_texts(blocks)
    adaptive = adaptive_card(message)
    (picture,) = [b for b in adaptive["body"] if b["type"] == "Image"]
    assert (picture["url"], picture["altText"]) == (card["map_image_url"], card["map_alt"])


def test_ranking_is_a_table_with_a_map(recorded_replies: Replies) -> None:
    message = message_with(recorded_replies, RANKING_Q, "geo_ranking")
    card = message["custom"]
    blocks = slack_blocks(message)
    text = block_texts(blocks)
    for n, item in enumerate(card["items"], 1):
        assert f"{n}. {item['label']} — *{item['count']}*" in text
    assert [b["image_url"] for b in blocks if b["type"] == "image"] == [card["map_image_url"]]
    (facts,) = [b for b in adaptive_card(message)["body"] if b["type"] == "FactSet"]
    assert [f["value"] for f in facts["facts"]] == [str(i["count"]) for i in card["items"]]


def test_programme_answer_names_and_links_its_source(recorded_replies: Replies) -> None:
    card = first_card(recorded_replies, PROGRAMME_Q)
    assert card["type"] in ("campaign", "experiment") and card["source"] and card["source_url"]
    message = message_with(recorded_replies, PROGRAMME_Q, card["type"])
    blocks = slack_blocks(message)
    assert table_text("channel_source", "fi").format(source=card["source"]) in block_texts(blocks)
    link = next(e for e in actions(blocks) if "url" in e)
    assert (link["text"]["text"], link["url"]) == (table_text("channel_source_link", "fi"), card["source_url"])
    assert {"type": "Action.OpenUrl", "title": table_text("channel_source_link", "fi"), "url": card["source_url"]} \
        in adaptive_card(message)["actions"]


def test_fallback_offers_its_suggestions_and_a_contact(recorded_replies: Replies) -> None:
    message = message_with(recorded_replies, FALLBACK_QUESTION, "fallback")
    card = message["custom"]
    blocks = slack_blocks(message)
    choices = [json.loads(e["value"]) for e in actions(blocks) if e["action_id"].startswith(SLACK_BUTTON_ACTION)]
    assert choices == [{"p": s["payload"], "l": card["lang"]} for s in card["suggestions"]]
    assert card["contact"] in block_texts(blocks)
    assert block_texts(blocks).count(card["contact"]) == 1
    assert card["contact"] in card_texts(adaptive_card(message)).replace("\\", "")


def test_user_text_echoed_by_the_bot_cannot_mention_or_link() -> None:
    hostile_text = "En tunne <!channel> <@U123> <https://evil.example|klikkaa> & [klikkaa](https://evil.example) *x*"
    hostile = {"text": hostile_text, "buttons": [{"title": "Jatka", "payload": "/x"}],
               "custom": {"type": "message", "id": "x", "lang": "fi"}}
    text = slack_blocks(hostile)[0]["text"]["text"]
    assert "<" not in text and ">" not in text
    assert "&lt;!channel&gt;" in text and "&amp;" in text
    assert "<" not in slack_fallback_text(hostile)
    shown = adaptive_card(hostile)["body"][0]["text"]
    assert "\\[klikkaa\\]" in shown and "\\*x\\*" in shown


def test_service_items_link_only_to_web_urls() -> None:
    message = {"text": "Palveluita:", "custom": {"type": "service_list", "lang": "fi", "query": "q", "offset": 0,
               "total": 2, "items": [
                   {"id": "1", "name": "Asumistuki", "summary": "Tukea asumiseen", "provider": "Kela",
                    "url": "https://www.kela.fi/asumistuki", "channels": [{"phone": "020 692 210"}]},
                   {"id": "2", "name": "Paha <b>", "summary": "", "provider": "", "url": "javascript:alert(1)",
                    "channels": []}]}}
    blocks = slack_blocks(message)
    assert blocks[1]["text"]["text"] == \
        "*<https://www.kela.fi/asumistuki|Asumistuki>*\nKela\nTukea asumiseen\n020 692 210"
    assert blocks[2]["text"]["text"] == "*Paha &lt;b&gt;*"
    containers = [b for b in adaptive_card(message)["body"] if b["type"] == "Container"]
    assert containers[0]["selectAction"]["url"] == "https://www.kela.fi/asumistuki"
    assert "selectAction" not in containers[1]


def test_map_image_from_a_non_web_url_is_left_out() -> None:
    card = {"type": "geo_count", "dataset": "puut", "filter": None, "division": "kaupunginosa", "area": "Eira",
            "area_id": "Eira", "count": 42, "source": "S", "lang": "en", "map_url": "javascript:alert(1)",
            "map_image_url": "file:///etc/passwd", "map_alt": "42"}
    blocks = slack_blocks({"text": "There are 42 trees in Eira.\nSource: S.", "custom": card})
    assert [b["type"] for b in blocks] == ["section", "context"]
    assert blocks[0]["text"]["text"] == "There are 42 trees in Eira."


def test_unknown_or_missing_cards_render_as_text_only() -> None:
    for custom in ({"type": "weather", "lang": "fi", "url": "https://x.example"}, None, "not a card"):
        message = {"text": "Hei!", "custom": custom}
        assert slack_blocks(message) == [{"type": "section", "text": {"type": "mrkdwn", "text": "Hei!"}}]
        assert adaptive_card(message) is None
        assert teams_activity_fields(message) == {"text": "Hei!", "textFormat": "plain"}


def test_long_text_and_titles_stay_within_slack_limits() -> None:
    long_text = "\n".join(f"rivi {i} " + "x" * 90 for i in range(100))
    title = "Maahanmuuttajien palvelupiste ja kotoutumisen tuki maahanmuuton yhteyspisteessä Helsingissä " * 2
    message = {"text": long_text, "buttons": [{"title": title, "payload": "p"}],
               "custom": {"type": "message", "id": "help", "lang": "fi"}}
    blocks = slack_blocks(message)
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert len(sections) >= 4 and all(len(s) <= SLACK_SECTION_CHARS for s in sections)
    assert "\n".join(sections).replace("\n", "") == long_text.replace("\n", "")
    label = actions(blocks)[0]["text"]["text"]
    assert len(label) <= 75 and label.endswith("…") and title.startswith(label[:-1].rstrip())
    assert label[:-1].split()[-1] in title.split(), "cut at a word, not inside one"


def test_empty_message_renders_nothing() -> None:
    assert slack_blocks({}) == []
    assert adaptive_card({"text": None, "buttons": "junk", "custom": {"type": "term", "url": 5}}) is None


def test_profile_card_shows_its_words_and_its_buttons() -> None:
    message = {"text": "Otan huomioon: opiskelija, Helsinki.", "buttons": [{"title": "Unohda", "payload": "/forget"}],
               "custom": {"type": "profile", "lang": "fi", "municipality": "Helsinki", "groups": ["student"]}}
    blocks = slack_blocks(message)
    assert blocks[0]["text"]["text"] == message["text"]
    assert json.loads(actions(blocks)[0]["value"]) == {"p": "/forget", "l": "fi"}
    card = adaptive_card(message)
    assert card["body"][0]["text"] == "Otan huomioon: opiskelija, Helsinki."
    assert card["actions"][0]["data"]["msteams"]["text"] == "/forget"
