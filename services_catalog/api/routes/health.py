"""Liveness and readiness of the catalogue API."""
from __future__ import annotations

from fastapi import APIRouter

from services_catalog.api.deps import CatalogueDep
from services_catalog.api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/health", response_model=Health)
def health(catalogue: CatalogueDep) -> Health:
    return Health(status="ok", services=catalogue.service_count(), retrieval=catalogue.retrieval)
