"""Kokeilukiihdyttämö (Helsinki's experimentation accelerator) facts: tables and question answering.

May import `services_catalog.cards`, `.language` and `.texts`.
"""

from services_catalog.programme.answer import Answer, answer
from services_catalog.programme.tables import Programme, load_programme, read_programme

__all__ = ["Answer", "Programme", "answer", "load_programme", "read_programme"]
