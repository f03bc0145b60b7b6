"""Geodata counts by area (RAKKI): config (geodata.yml), place names, WFS 2.0 and local-file backends.

Entry point for the answers: `services_catalog.geo.service.get_service()`. May import shapely, httpx,
`services_catalog.language`, `.cards`, `.texts` and `.settings`.
"""
