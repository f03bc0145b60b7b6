"""Who may use the catalogue API's private routes (the query log): machine clients with `CITYBOT_API_TOKEN`.

The public routes (terms, services, the widget) need nothing. The private ones
need `Authorization: Bearer <CITYBOT_API_TOKEN>`. Without a configured token
(development) only clients on this machine are let in, so a developer's laptop
does not publish the questions its testers asked; production mode refuses to
start without the token (Settings.production_problems).
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import Depends, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from services_catalog.settings import Settings, get_settings

_bearer = HTTPBearer(auto_error=False, description="CITYBOT_API_TOKEN")


def _local(request: Request) -> bool:
    host = request.client.host if request.client else ""
    if host == "testclient":  # Starlette's in-process TestClient; a socket peer is always an address
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def bearer_headers(settings: Settings) -> dict[str, str]:
    """The header a machine client sends (nothing when no token is configured)."""
    token = settings.api_token
    return {"Authorization": f"Bearer {token.get_secret_value()}"} if token else {}


def require_api_token(
    request: Request,
    credentials: HTTPAuthorizationCredentials | None = Depends(_bearer),  # noqa: B008 - FastAPI's idiom
    settings: Settings = Depends(get_settings),  # noqa: B008
) -> None:
    """A dependency: 401 unless the request carries the API token (or, with none configured, comes from here)."""
    expected = settings.api_token.get_secret_value() if settings.api_token else ""
    if not expected:
        if _local(request):
            return
        raise HTTPException(403, "the query log is open only to this machine until CITYBOT_API_TOKEN is set")
    given = credentials.credentials if credentials else ""
    if not hmac.compare_digest(given.encode("utf-8", "replace"), expected.encode("utf-8")):
        raise HTTPException(401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"})
