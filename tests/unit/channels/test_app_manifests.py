"""The Slack and Teams app manifests in docs/ and the Teams package command (scripts/teams_package.py)."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import yaml
from PIL import Image

from connectors.slack_app import EVENTS_PATH
from connectors.teams_app import MESSAGES_PATH
from services_catalog.settings import REPO_ROOT
from tests.support.processes import child_environment

# What each subscribed Slack event needs (api.slack.com/events): the bridge answers these two.
SCOPE_OF_EVENT = {"app_mention": "app_mentions:read", "message.im": "im:history"}
APP_ID = "11111111-2222-3333-4444-555555555555"


def test_slack_manifest_subscribes_to_what_the_bridge_answers_with_the_scopes_it_needs() -> None:
    manifest = yaml.safe_load((REPO_ROOT / "docs" / "slack-manifest.yml").read_text(encoding="utf-8"))
    settings = manifest["settings"]
    events = settings["event_subscriptions"]["bot_events"]
    assert sorted(events) == sorted(SCOPE_OF_EVENT)
    scopes = manifest["oauth_config"]["scopes"]["bot"]
    assert {SCOPE_OF_EVENT[e] for e in events} | {"chat:write"} == set(scopes), "no scope more than needed"
    for url in (settings["event_subscriptions"]["request_url"], settings["interactivity"]["request_url"]):
        assert url.startswith("https://") and url.endswith(EVENTS_PATH)
    assert settings["interactivity"]["is_enabled"] is True, "buttons need interactivity"
    assert manifest["features"]["app_home"]["messages_tab_enabled"] is True, "people can DM the bot"


def package(tmp_path: Path, *extra: str) -> subprocess.CompletedProcess:
    out = tmp_path / "citybot-teams.zip"
    return subprocess.run(
        [sys.executable, str(REPO_ROOT / "scripts" / "teams_package.py"), "--domain", "bot.example.fi",
         "--city", "Testikaupunki", "--website", "https://www.example.fi", "--privacy",
         "https://www.example.fi/tietosuoja", "--out", str(out), *extra],
        capture_output=True, text=True, timeout=60, env=child_environment(), cwd=REPO_ROOT,
    )


def test_teams_package_holds_a_filled_manifest_and_the_icons_teams_requires(tmp_path: Path) -> None:
    result = package(tmp_path, "--app-id", APP_ID)
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(result.stdout.strip()) as zipped:
        assert sorted(zipped.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(zipped.read("manifest.json"))
        color = Image.open(zipped.open("color.png"))
        outline = Image.open(zipped.open("outline.png")).convert("RGBA")
    assert "{{" not in json.dumps(manifest)
    assert manifest["id"] == manifest["bots"][0]["botId"] == APP_ID
    assert manifest["validDomains"] == ["bot.example.fi"]
    assert manifest["developer"]["privacyUrl"] == "https://www.example.fi/tietosuoja"
    assert set(manifest["bots"][0]["scopes"]) == {"personal", "team", "groupChat"}
    assert len(manifest["name"]["short"]) <= 30 and len(manifest["description"]["short"]) <= 80
    # Teams: a 192x192 colour icon, and a 32x32 outline icon that is white on transparent.
    assert color.size == (192, 192) and outline.size == (32, 32)
    colours = {pixel for pixel in outline.getdata() if pixel[3] > 0}
    assert colours and all(pixel[:3] == (255, 255, 255) for pixel in colours)
    assert any(pixel[3] == 0 for pixel in outline.getdata())
    assert MESSAGES_PATH == "/api/messages", "the messaging endpoint the set-up guide names"


def test_teams_package_refuses_missing_or_malformed_values(tmp_path: Path) -> None:
    result = package(tmp_path, "--app-id", "not-a-guid")
    assert result.returncode == 2 and "GUID" in result.stderr
    result = package(tmp_path, "--app-id", APP_ID, "--terms", "http://insecure.example.fi")
    assert result.returncode == 2 and "https" in result.stderr
    assert not (tmp_path / "citybot-teams.zip").exists()
