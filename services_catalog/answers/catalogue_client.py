"""The catalogue API as the answers use it: async HTTP with timeouts, one connection pool per event loop."""

from __future__ import annotations

import asyncio
import re
import weakref
from typing import Any, NamedTuple

import httpx

from services_catalog.settings import get_settings

PAGE = 5
TIMEOUT_SECONDS = 8.0
MAX_QUERY_CHARS = 500
SERVICE_ID = re.compile(r"[A-Za-z0-9_\-][A-Za-z0-9_.\-]{0,63}")
MAX_IDS = 20  # the API's limit for one request

_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, httpx.AsyncClient] = weakref.WeakKeyDictionary()


class CatalogueUnavailable(RuntimeError):
    """The catalogue API did not answer, or answered with an error."""


class TextVector(NamedTuple):
    """A message's text and the e5 query vector the NLU computed of it (services_catalog.search.embed)."""

    text: str
    vector: str


def _client() -> httpx.AsyncClient:
    # A client is bound to the event loop it first ran in; the action server has one loop, tests several.
    loop = asyncio.get_running_loop()
    client = _clients.get(loop)
    if client is None:
        client = httpx.AsyncClient(base_url=get_settings().api_url, timeout=TIMEOUT_SECONDS)
        _clients[loop] = client
    return client


async def _get(path: str, params: dict[str, Any]) -> httpx.Response:
    try:
        return await _client().get(path, params=params)
    except httpx.HTTPError as err:
        raise CatalogueUnavailable(f"{path}: {err!r}") from err


async def search_services(q: str, lang: str, municipality: str | None, offset: int = 0,
                          embedded: TextVector | None = None) -> dict[str, Any]:
    """One page of ranked services; an unknown municipality falls back to the default area.

    `embedded`: the vector of the user's message, sent when the query is that message as the API reads it (it
    strips the query), so that the API need not embed it again; any other query is embedded by the API.
    """
    params: dict[str, Any] = {"q": q[:MAX_QUERY_CHARS], "lang": lang, "limit": PAGE, "offset": offset}
    if embedded is not None and params["q"].strip() == embedded.text:
        params["qvec"] = embedded.vector
    if municipality:
        params["municipality"] = municipality
    response = await _get("/services", params)
    if response.status_code == 422 and municipality:
        params.pop("municipality")
        response = await _get("/services", params)
    if response.status_code != 200:
        raise CatalogueUnavailable(f"/services answered {response.status_code}")
    return response.json()


async def services_by_ids(service_ids: list[str], lang: str) -> list[dict[str, Any]]:
    """These services as list items with their related terms, in the order given, in one request (unknown and
    malformed ids left out)."""
    ids = [i for i in service_ids if SERVICE_ID.fullmatch(i)][:MAX_IDS]
    if not ids:
        return []
    response = await _get("/services", {"ids": ids, "lang": lang})
    if response.status_code != 200:
        raise CatalogueUnavailable(f"/services?ids answered {response.status_code}")
    return response.json()["items"]


async def service_detail(service_id: str, lang: str) -> dict[str, Any] | None:
    """One service with its related terms, or None when the catalogue has no such service."""
    if not SERVICE_ID.fullmatch(service_id):  # ids come from button payloads: never let one become a path
        return None
    response = await _get(f"/services/{service_id}", {"lang": lang})
    if response.status_code in (404, 422):
        return None
    if response.status_code != 200:
        raise CatalogueUnavailable(f"/services/{service_id} answered {response.status_code}")
    return response.json()
