"""Channels: adapters between the one card contract and each platform.

Holds the Rasa REST channel with merged reply cards (`card_rest.py`), the Slack and Teams bridges and
their renderers (`card_render.py`), and the web widget's static files (`widget/`, served by the API).
May import `services_catalog.cards`, `.language`, `.texts` and `.settings`, Rasa's channel classes, and the
platforms' SDKs; never `actions`, `bot` or the domain's answers and database (pyproject.toml, import-linter).
"""
