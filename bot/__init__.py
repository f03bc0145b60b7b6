"""Core of the city chatbot: CLI, settings, language handling and training-data generation."""
