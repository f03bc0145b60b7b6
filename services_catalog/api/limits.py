"""Request limits of the catalogue API: body size, and JSON text that a database cannot store.

A lone surrogate (`"\\ud800"`) is valid JSON and becomes a Python string that no
UTF-8 database accepts; NUL is refused by PostgreSQL. Both are answered here
with 422 before a route sees them, instead of a 500 from the database driver.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse

MAX_BODY_BYTES = 64 * 1024  # the API's bodies are one query-log record or a rating: a few hundred bytes
MAX_JSON_DEPTH = 16


def unstorable(value: Any, depth: int = 0) -> str | None:
    """Why a decoded JSON value cannot be stored, or None."""
    if depth > MAX_JSON_DEPTH:
        return f"JSON nested deeper than {MAX_JSON_DEPTH} levels"
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return "text that is not valid UTF-8 (a lone surrogate)"
        return "text with a NUL character" if "\x00" in value else None
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        problem = (unstorable(key, depth + 1) if isinstance(key, str) else None) or unstorable(child, depth + 1)
        if problem:
            return problem
    return None


def _error(status: int, detail: str) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status)


def install(app: FastAPI) -> None:
    """Add the body checks to `app` (a middleware, so that every route has them)."""

    @app.middleware("http")
    async def check_body(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        if request.method not in ("POST", "PUT", "PATCH"):
            return await call_next(request)
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return _error(413, f"body larger than {MAX_BODY_BYTES} bytes")
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_BODY_BYTES:
                return _error(413, f"body larger than {MAX_BODY_BYTES} bytes")
        if "json" in request.headers.get("content-type", ""):
            try:
                problem = unstorable(json.loads(body)) if body else None
            except (ValueError, RecursionError):
                problem = None  # malformed JSON: the route's validation answers 422 with details
            if problem:
                return _error(422, f"the body holds {problem}")

        # Starlette's call_next replays only a body read through `request.body()`; the stream read above
        # must be handed on explicitly, or every route would see an empty body.
        request._body = body

        async def replay() -> dict[str, Any]:
            return {"type": "http.request", "body": body, "more_body": False}

        return await call_next(Request(request.scope, replay))
