"""Custom Rasa NLU components for Finnish."""
