"""Build the Teams app package (a zip of manifest.json and the two icons) that a Teams admin uploads.

    .venv/bin/python scripts/teams_package.py --domain bot.example.fi --city "Example City" \
        --website https://www.example.fi --privacy https://www.example.fi/privacy --out var/citybot-teams.zip

The app id is MICROSOFT_APP_ID from the settings unless --app-id is given. The template is
docs/teams/manifest.json; every {{PLACEHOLDER}} in it must be filled, or the script stops and says which.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zipfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
TEMPLATE_DIR = REPO_ROOT / "docs" / "teams"
ICONS = ("color.png", "outline.png")
_GUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
_PLACEHOLDER = re.compile(r"\{\{([A-Z_]+)\}\}")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def fill(template: str, values: dict[str, str]) -> dict:
    """The manifest with every placeholder replaced (JSON-escaped); ValueError names any left unfilled."""
    missing = sorted(set(_PLACEHOLDER.findall(template)) - set(values))
    if missing:
        raise ValueError("no value for " + ", ".join(missing))
    text = _PLACEHOLDER.sub(lambda m: json.dumps(values[m.group(1)])[1:-1], template)
    return json.loads(text)


def check(values: dict[str, str]) -> list[str]:
    problems = []
    if not _GUID.match(values["MICROSOFT_APP_ID"]):
        problems.append("the app id must be the Azure Bot's Microsoft App ID (a GUID)")
    if not _DOMAIN.match(values["BOT_DOMAIN"]):
        problems.append("--domain must be a host name such as bot.example.fi (no https://, no path)")
    for key in ("WEBSITE_URL", "PRIVACY_URL", "TERMS_URL"):
        if not values[key].startswith("https://"):
            problems.append(f"{key.lower().replace('_', ' ')} must be an https:// address")
    return problems


def build(values: dict[str, str], out: Path, template_dir: Path = TEMPLATE_DIR) -> Path:
    """Write the package zip: manifest.json and the icons at the root, as Teams requires."""
    manifest = fill((template_dir / "manifest.json").read_text(encoding="utf-8"), values)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as package:
        package.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=2))
        for icon in ICONS:
            package.write(template_dir / icon, icon)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the Teams app package of the city chatbot.")
    parser.add_argument("--app-id", help="Microsoft App ID of the Azure Bot (default: MICROSOFT_APP_ID)")
    parser.add_argument("--domain", required=True, help="host name of the bot's public HTTPS endpoint")
    parser.add_argument("--city", required=True, help="the publisher's name shown in Teams")
    parser.add_argument("--website", required=True, help="https address of the city's site")
    parser.add_argument("--privacy", required=True, help="https address of the privacy statement")
    parser.add_argument("--terms", help="https address of the terms of use (default: the website)")
    parser.add_argument("--out", type=Path, default=REPO_ROOT / "var" / "citybot-teams.zip")
    args = parser.parse_args(argv)
    app_id = args.app_id
    if not app_id:
        sys.path.insert(0, str(REPO_ROOT))
        from services_catalog.settings import get_settings

        app_id = get_settings().microsoft_app_id
    values = {"MICROSOFT_APP_ID": app_id or "", "BOT_DOMAIN": args.domain.lower(), "CITY_NAME": args.city,
              "WEBSITE_URL": args.website, "PRIVACY_URL": args.privacy, "TERMS_URL": args.terms or args.website}
    problems = check(values)
    if problems:
        print("cannot build the Teams package:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 2
    print(build(values, args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
