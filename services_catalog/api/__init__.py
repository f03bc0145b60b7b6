"""The catalogue HTTP API (FastAPI): a router per resource (`routes/`), dependencies (`deps.py`),
request and response models (`schemas.py`), and how rows are shown (`presenters.py`).

May import the rest of `services_catalog`, FastAPI and SQLAlchemy.
"""
