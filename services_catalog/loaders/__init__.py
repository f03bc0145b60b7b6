"""Loaders: turn hand-written tables, PTV v11 JSON and the bundled PTV table into catalogue rows.

May import `services_catalog.db`, `.language` and `.table_io`.
"""
