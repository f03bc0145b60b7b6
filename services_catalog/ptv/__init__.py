"""sync-ptv: import a municipality's services from the PTV read API (v11)."""
