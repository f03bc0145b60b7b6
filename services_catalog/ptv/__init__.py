"""sync-ptv: import a municipality's services from the PTV read API (v11).

May import httpx, `services_catalog.db`, `.loaders` and `.settings`.
"""
