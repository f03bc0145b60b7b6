"""The one settings object and the one card contract: generated docs agree with them, and they reject bad values."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest

from bot.cli import generated_docs
from services_catalog.cards import (
    CARD_TYPES,
    BotMessage,
    CampaignCard,
    ExperimentCard,
    FallbackCard,
    GeoCountCard,
    GeoRankingCard,
    MessageCard,
    ProfileCard,
    RankingItem,
    ServiceItem,
    ServiceListCard,
    Suggestion,
    TermCard,
    json_schema,
    message,
    parse_card,
)
from services_catalog.settings import REPO_ROOT, Settings, env_name, settings_table

EXAMPLES = [
    TermCard(id="kela", title="Kela", text="Kela hoitaa perusturvaa.", url="https://www.kela.fi", lang="fi"),
    ServiceListCard(items=[ServiceItem(id="x", name="Uimahalli")], query="uimaan", total=1, lang="fi"),
    GeoCountCard(dataset="puut", division="kaupunginosa", area="Berghäll", area_id="Kallio", count=3, source="s",
                 lang="sv"),
    GeoRankingCard(items=[RankingItem(label="Kallio", count=3)], dataset="puut", division="kaupunginosa",
                   field="kaupunginosa", source="s", lang="fi"),
    CampaignCard(id="c", facts={"budget_eur": 90000}, lang="en"),
    ExperimentCard(id="rakki", facts={"partners": ["IBM"]}, lang="fi"),
    FallbackCard(suggestions=[Suggestion(id="kela", title="Kela", payload="Mikä on Kela?")], contact="c", lang="fi"),
    MessageCard(id="greet", lang="fi"),
    ProfileCard(municipality="Turku", groups=["student"], lang="fi"),
]


def test_generated_docs_are_current() -> None:
    stale = [str(path.relative_to(REPO_ROOT)) for path, text in generated_docs().items()
             if path.read_text(encoding="utf-8") != text]
    assert not stale, f"run `citybot docs`: {stale}"


def test_readme_table_lists_every_setting_with_help() -> None:
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    assert settings_table() in readme
    for name, field in Settings.__fields__.items():
        assert f"`{env_name(name)}`" in readme and field.field_info.description


def test_no_module_reads_the_environment_for_settings() -> None:
    readers = []
    for path in [*REPO_ROOT.glob("bot/**/*.py"), *REPO_ROOT.glob("actions/**/*.py"),
                 *REPO_ROOT.glob("connectors/**/*.py"), *REPO_ROOT.glob("services_catalog/**/*.py")]:
        text = path.read_text(encoding="utf-8")
        if re.search(r"os\.environ(?:\.get)?\s*[\[(]\s*[\"'](?:CITYBOT_|SLACK_|MICROSOFT_|TEAMS_)", text) or \
                re.search(r"getenv\(\s*[\"']CITYBOT_", text):
            readers.append(str(path.relative_to(REPO_ROOT)))
    assert readers == []


def test_settings_defaults_and_empty_means_default(tmp_path) -> None:
    settings = Settings.parse_obj({"var_dir": tmp_path, "api_url": "", "city": "Oulu"})
    assert settings.api_url == "http://127.0.0.1:8000" and settings.city == "Oulu"
    assert settings.db_url == f"sqlite:///{tmp_path / 'citybot.db'}"
    assert settings.environment()["CITYBOT_CITY"] == "Oulu"
    with pytest.raises(ValueError):
        Settings.parse_obj({"api_timeout": -1})


@pytest.mark.parametrize("card", EXAMPLES, ids=lambda c: c.type)
def test_every_card_type_round_trips_the_wire_and_the_schema(card) -> None:
    wire = BotMessage(text="t", card=card).to_wire()
    jsonschema.validate({"text": wire["text"], "card": wire["custom"], "buttons": []}, json_schema())
    assert parse_card(json.loads(json.dumps(wire["custom"]))) == card
    assert BotMessage.from_wire(wire) == BotMessage(text="t", card=card)


def test_examples_cover_every_card_type() -> None:
    assert sorted(c.type for c in EXAMPLES) == sorted(CARD_TYPES)


@pytest.mark.parametrize("bad", [
    {"type": "term", "lang": "de", "id": "x", "title": "t", "text": "d"},
    {"type": "term", "lang": "fi", "id": "x", "title": "t"},
    {"type": "message", "lang": "fi", "id": "x", "extra": "not in the contract"},
    {"type": "no_such_card", "lang": "fi"},
    {"lang": "fi", "id": "greet"},
    {"type": "service_list", "lang": "fi", "items": [{"id": str(i), "name": "n"} for i in range(6)]},
])
def test_cards_that_break_the_contract_are_refused(bad: dict) -> None:
    assert parse_card(bad) is None
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"text": "t", "card": bad, "buttons": []}, json_schema())


def test_message_card_takes_its_text_from_the_bot_texts() -> None:
    reply = message("greet", "sv")
    assert reply.card == MessageCard(id="greet", lang="sv") and reply.text.startswith("Hej")
