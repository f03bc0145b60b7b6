"""Custom Rasa NLU components for Finnish (lexicon lemmas, the term selector).

Run inside Rasa's training and server processes. May import Rasa and `services_catalog.language`.
"""
