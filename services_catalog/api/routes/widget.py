"""What the chat widget needs to know at start-up (its static files are mounted in app.py)."""
from __future__ import annotations

from fastapi import APIRouter

from services_catalog.api.deps import SettingsDep
from services_catalog.api.schemas import WidgetConfig

router = APIRouter(tags=["widget"])


@router.get("/widget-config.json", response_model=WidgetConfig, include_in_schema=False)
def widget_config(settings: SettingsDep) -> WidgetConfig:
    return WidgetConfig(rasa_url=settings.rasa_public_url)
