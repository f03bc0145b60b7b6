"""Posting a user's thumbs-up or thumbs-down from a workspace channel to the catalogue API's feedback endpoint."""

from __future__ import annotations

import logging

import httpx

from services_catalog.settings import get_settings

log = logging.getLogger(__name__)
FEEDBACK_TIMEOUT_SECONDS = 10.0
RATINGS = ("up", "down")


async def send_feedback(answer_id: str, rating: str, client: httpx.AsyncClient | None = None) -> bool:
    """POST /feedback with the bridge's API token; True when the API stored it (201)."""
    if rating not in RATINGS or not answer_id:
        return False
    settings = get_settings()
    headers = {"Authorization": f"Bearer {settings.api_token.get_secret_value()}"} if settings.api_token else {}
    body = {"answer_id": answer_id, "rating": rating, "comment": None}
    own_client = client is None
    client = client or httpx.AsyncClient(timeout=FEEDBACK_TIMEOUT_SECONDS)
    try:
        response = await client.post(f"{settings.api_url}/feedback", json=body, headers=headers)
    except httpx.HTTPError as error:
        log.warning("feedback for %s not sent: %s", answer_id, error)
        return False
    finally:
        if own_client:
            await client.aclose()
    if response.status_code != 201:
        log.warning("feedback for %s refused: %s %s", answer_id, response.status_code, response.text[:200])
    return response.status_code == 201
