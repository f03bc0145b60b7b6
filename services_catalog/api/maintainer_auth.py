"""Login to the maintainers' page: the password from CITYBOT_ADMIN_PASSWORD, a signed session cookie.

Outside production mode a missing password is generated once and kept in the var directory
(services_catalog/local_secrets.py); production mode refuses to start without it. The cookie
holds an expiry time and an HMAC of it keyed by the password, so changing the password ends
every session, and it is HttpOnly and SameSite=Strict, so another site's page cannot use it.
Machine clients may send the API token instead.
"""

from __future__ import annotations

import hashlib
import hmac
import time

from fastapi import Depends, HTTPException, Request, Response
from fastapi.security import HTTPAuthorizationCredentials

from services_catalog.api.auth import require_api_token
from services_catalog.local_secrets import secret
from services_catalog.settings import Settings, get_settings

COOKIE = "citybot_maintainer"
SESSION_SECONDS = 12 * 3600


def password(settings: Settings) -> str:
    return secret("admin_password", settings, announce=True)


def _signature(expiry: int, settings: Settings) -> str:
    key = hashlib.sha256(f"citybot maintainer session\x00{password(settings)}".encode()).digest()
    return hmac.new(key, str(expiry).encode(), hashlib.sha256).hexdigest()


def password_matches(given: str, settings: Settings) -> bool:
    return hmac.compare_digest(given.encode("utf-8", "replace"), password(settings).encode("utf-8"))


def start_session(response: Response, settings: Settings) -> None:
    expiry = int(time.time()) + SESSION_SECONDS
    response.set_cookie(COOKIE, f"{expiry}.{_signature(expiry, settings)}", max_age=SESSION_SECONDS,
                        httponly=True, samesite="strict", secure=settings.production, path="/maintainer")


def end_session(response: Response) -> None:
    response.delete_cookie(COOKIE, path="/maintainer")


def session_valid(cookie: str | None, settings: Settings) -> bool:
    expiry, _, signature = (cookie or "").partition(".")
    if not expiry.isdigit() or int(expiry) < time.time():
        return False
    return hmac.compare_digest(signature, _signature(int(expiry), settings))


def require_maintainer(request: Request, settings: Settings = Depends(get_settings)) -> None:  # noqa: B008
    """A dependency: the maintainer's session cookie, or the API token of a machine client; else 401."""
    if session_valid(request.cookies.get(COOKIE), settings):
        return
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and settings.api_token:
        require_api_token(request, HTTPAuthorizationCredentials(scheme=scheme, credentials=token.strip()), settings)
        return
    raise HTTPException(401, "log in first")
