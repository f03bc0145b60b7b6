"""The rasa-sdk action server: thin actions between Rasa's tracker and the answers in services_catalog.

Each action reads the tracker into a `Turn` (actions/turns.py), calls one function
of `services_catalog.answers`, and sends the `Reply`: its messages through the
dispatcher, its slot changes as events. Imports only `rasa_sdk`, the standard
library and `services_catalog` (checked by import-linter, see pyproject.toml).
"""
