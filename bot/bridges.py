"""App factories of the channel bridges, for `uvicorn --factory` on a socket the stack holds (bot/stack.py)."""

from __future__ import annotations

from fastapi import FastAPI


def teams_app() -> FastAPI:
    """The Teams bridge with its secrets from the settings, as `python -m connectors.teams_app` builds it."""
    from connectors.teams_app import TeamsSettings, create_app
    from services_catalog.settings import get_settings

    return create_app(TeamsSettings.from_settings(get_settings()))
