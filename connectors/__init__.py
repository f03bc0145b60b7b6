"""Rasa input/output channels: REST with merged reply cards, web widget, Slack and Teams."""
