"""The domain: the city's tables and everything that answers from them.

Holds the tables (`tables/`), the reply-card contract (`cards.py`), language handling (`language/`),
settings (`settings.py`), bot texts (`texts.py`), the term table and term search, the service catalogue
(`db/`, `loaders/`, `ptv/`, `search/`, `catalogue.py`) and its HTTP API (`api/`), geodata (`geo/`), the
Kokeilukiihdyttämö programme (`programme/`), and the answer to each kind of turn (`answers/`).
Imports nothing from `bot`, `actions` or `connectors`, nor Rasa (checked by import-linter).
"""
