"""A small client for the PTV v11 read API (no key needed): id pages and detail batches."""
from __future__ import annotations

import time
from typing import Any

import httpx

from services_catalog.settings import get_settings

PAGE_SIZE = 100  # the API's page size; also the most guids one detail request may carry


class PTVError(RuntimeError):
    """The PTV API could not be read; the sync can be resumed later."""


class PTVClient:
    def __init__(self, base: str | None = None, timeout: float = 30.0, retries: int = 3,
                 backoff: float = 1.0) -> None:
        self.base = (base or get_settings().ptv_url).rstrip("/")
        self.retries, self.backoff = retries, backoff
        self.http = httpx.Client(timeout=timeout, headers={"Accept": "application/json"})

    def close(self) -> None:
        self.http.close()

    def _get(self, path: str, params: dict[str, Any]) -> Any:
        last: Exception | None = None
        for attempt in range(self.retries):
            try:
                response = self.http.get(self.base + path, params=params)
                if response.status_code >= 500 or response.status_code == 429:
                    raise PTVError(f"{path}: HTTP {response.status_code}")
                response.raise_for_status()
                return response.json()
            except (httpx.HTTPError, PTVError, ValueError) as err:
                last = err
                if attempt + 1 < self.retries:
                    time.sleep(self.backoff * (2 ** attempt))
        raise PTVError(f"GET {path} failed after {self.retries} tries: {last}")

    def service_page(self, municipality_code: str, page: int) -> tuple[list[str], int]:
        """Service ids on one page for a municipality (with nationwide services) and the page count."""
        data = self._get(f"/Service/area/Municipality/code/{municipality_code}",
                         {"includeWholeCountry": "true", "page": page})
        if not isinstance(data, dict) or not isinstance(data.get("itemList") or [], list):
            raise PTVError(f"page {page}: unexpected response shape")
        ids = [str(item["id"]) for item in data.get("itemList") or [] if isinstance(item, dict) and item.get("id")]
        return ids, int(data.get("pageCount") or 0)

    def services(self, guids: list[str]) -> list[Any]:
        """Full records (with general descriptions) of at most PAGE_SIZE services."""
        if len(guids) > PAGE_SIZE:
            raise ValueError(f"at most {PAGE_SIZE} guids per request")
        data = self._get("/Service/serviceWithGD/list", {"guids": ",".join(guids), "showHeader": "false"})
        if not isinstance(data, list):
            raise PTVError("detail batch: expected a JSON list")
        return data
