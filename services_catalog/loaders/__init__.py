"""Loaders: turn hand-written tables, PTV v11 JSON and the bundled PTV table into catalogue rows."""
