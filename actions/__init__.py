"""The rasa-sdk action server: thin actions that turn catalogue and geodata answers into reply cards."""
