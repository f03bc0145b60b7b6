"""Geodata counts by area (RAKKI): config (geodata.yml), place names, WFS 2.0 and local-file backends.

Entry point for the bot: `services_catalog.geo.service.get_service()`.
"""
