"""Bot Framework authentication: checking the JWT on incoming activities, and getting a token to reply with.

Follows Microsoft's "Authentication with the Bot Connector API": incoming
tokens are RS256, signed by a key from the JWKS named in the OpenID metadata,
issued by https://api.botframework.com for audience = the bot's app id; a key
may be endorsed for certain channels only. Replies carry an OAuth2
client-credentials token. Both URLs can be changed, so tests use local stand-ins.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt

ISSUER = "https://api.botframework.com"
TOKEN_SCOPE = "https://api.botframework.com/.default"
# Microsoft asks bots to refresh the key list at least daily, and to allow 5 minutes of clock skew.
KEY_CACHE_SECONDS = 24 * 3600
CLOCK_SKEW_SECONDS = 300
# An unknown key id triggers a refresh, but not more often than this: forged ids must not flood the key server.
MIN_REFRESH_SECONDS = 60
TOKEN_EARLY_RENEW_SECONDS = 120


class AuthError(Exception):
    """The request is not from the Bot Framework for this bot; answered with 401."""


@dataclass
class SigningKeys:
    """The Bot Framework's public keys by key id, fetched through the OpenID metadata and cached."""

    metadata_url: str
    http: httpx.AsyncClient
    keys: dict[str, tuple[jwt.PyJWK, list[str]]] = field(default_factory=dict)
    fetched_at: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def refresh(self) -> None:
        metadata = (await self.http.get(self.metadata_url)).raise_for_status().json()
        jwks = (await self.http.get(metadata["jwks_uri"])).raise_for_status().json()
        keys = {}
        for raw in jwks.get("keys", []):
            if raw.get("kty") == "RSA" and raw.get("kid"):
                keys[raw["kid"]] = (jwt.PyJWK(raw, algorithm="RS256"), list(raw.get("endorsements") or []))
        self.keys, self.fetched_at = keys, time.monotonic()

    async def get(self, kid: str) -> tuple[jwt.PyJWK, list[str]]:
        async with self.lock:
            age = time.monotonic() - self.fetched_at
            stale = not self.fetched_at or age > KEY_CACHE_SECONDS
            if stale or (kid not in self.keys and age > MIN_REFRESH_SECONDS):
                try:
                    await self.refresh()
                except (httpx.HTTPError, KeyError, ValueError, jwt.PyJWTError) as error:
                    if not self.keys:
                        raise AuthError(f"cannot load the Bot Framework signing keys: {error}") from error
        if kid not in self.keys:
            raise AuthError("token signed with an unknown key")
        return self.keys[kid]


@dataclass
class InboundValidator:
    app_id: str
    keys: SigningKeys

    async def validate(self, authorization: str | None, activity: dict[str, Any]) -> dict[str, Any]:
        """The token's claims, or AuthError when the request must be refused."""
        scheme, _, token = (authorization or "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            raise AuthError("missing bearer token")
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as error:
            raise AuthError(f"malformed token: {error}") from error
        if header.get("alg") != "RS256" or not header.get("kid"):
            raise AuthError("token must be RS256 with a key id")
        key, endorsements = await self.keys.get(header["kid"])
        try:
            claims = jwt.decode(
                token, key.key, algorithms=["RS256"], audience=self.app_id, issuer=ISSUER,
                leeway=CLOCK_SKEW_SECONDS, options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.PyJWTError as error:
            raise AuthError(f"invalid token: {error}") from error
        if endorsements and activity.get("channelId") not in endorsements:
            raise AuthError("signing key is not endorsed for this channel")
        # A token is issued for one service URL; without this check a valid token could make
        # the bot send its own reply credentials to any URL written in the activity.
        if claims.get("serviceUrl") and claims["serviceUrl"] != activity.get("serviceUrl"):
            raise AuthError("token was issued for another serviceUrl")
        return claims


@dataclass
class OutboundTokens:
    """Client-credentials access tokens for the Bot Connector API, renewed before they expire."""

    app_id: str
    app_password: str
    token_url: str
    http: httpx.AsyncClient
    token: str = ""
    expires_at: float = 0.0
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def get(self) -> str:
        async with self.lock:
            if not self.token or time.monotonic() > self.expires_at:
                response = await self.http.post(self.token_url, data={
                    "grant_type": "client_credentials", "client_id": self.app_id,
                    "client_secret": self.app_password, "scope": TOKEN_SCOPE,
                })
                response.raise_for_status()
                body = response.json()
                self.token = body["access_token"]
                lifetime = float(body.get("expires_in", 3600))
                self.expires_at = time.monotonic() + max(lifetime - TOKEN_EARLY_RENEW_SECONDS, 0.0)
            return self.token
