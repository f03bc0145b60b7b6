"""Runtime settings, read from the environment so that no secret or host name lives in the repo."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("CITYBOT_VAR_DIR", REPO_ROOT / "var"))


def db_url() -> str:
    """SQLAlchemy URL of the catalogue and query-log database (SQLite by default)."""
    return os.environ.get("CITYBOT_DB_URL", f"sqlite:///{VAR_DIR / 'citybot.db'}")


def api_url() -> str:
    """Base URL of the catalogue HTTP API that actions call."""
    return os.environ.get("CITYBOT_API_URL", "http://127.0.0.1:8000").rstrip("/")


def geodata_config() -> Path:
    return Path(os.environ.get("CITYBOT_GEODATA", REPO_ROOT / "geodata.yml"))


def default_city() -> str:
    """Municipality used for service searches when the user has not said where they live."""
    return os.environ.get("CITYBOT_CITY", "Turku")


def human_contact() -> str:
    """How a user reaches a person when the bot cannot help; cities override it per deployment."""
    return os.environ.get("CITYBOT_HUMAN_CONTACT", "")
