"""Serving the chat widget page from the catalogue API, so `citybot run` has one URL to chat at."""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

WIDGET_DIR = Path(__file__).resolve().parent / "widget"


def rasa_public_url() -> str:
    """Where browsers reach the Rasa server (the stack sets it; a deployment sets its public URL)."""
    return os.environ.get("CITYBOT_RASA_PUBLIC_URL", "http://127.0.0.1:5005").rstrip("/")


def mount_widget(app: FastAPI) -> None:
    """Add the widget page at `/`; call after every API route is registered, since `/` catches the rest."""

    @app.get("/widget-config.json", include_in_schema=False)
    def widget_config() -> dict[str, str]:
        return {"rasa_url": rasa_public_url()}

    app.mount("/", StaticFiles(directory=WIDGET_DIR, html=True), name="widget")
