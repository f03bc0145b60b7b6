"""The top layer: the `citybot` CLI, training-data generation, Rasa NLU components, training, and the stack.

Holds what runs Rasa and the service: `cli.py` (console script `citybot`), `generate/` (tables ->
Rasa YAML), `nlu/` (custom NLU components), `training.py`, `stack.py` (starts the processes),
`evaluation.py`, `tracker_store.py`, and the Rasa domain, rules and endpoints (`domain/`, `data/`).
May import anything: `services_catalog`, Rasa, and (by process name only) `actions` and `connectors`.
"""
