"""The catalogue HTTP API (FastAPI): terms, services, search and the query log."""
