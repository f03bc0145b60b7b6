"""FastAPI app `services_catalog.api.app:app`: terms, services, search, the query log, and the widget's files."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from services_catalog.api.routes import health, queries, services, terms, widget
from services_catalog.catalogue import BadFilter, Catalogue
from services_catalog.db.setup import ensure_catalogue
from services_catalog.settings import Settings, get_settings


def create_app(catalogue: Catalogue | None = None, settings: Settings | None = None) -> FastAPI:
    """The API over `catalogue`, or over the configured database, brought up to date at start-up."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if getattr(app.state, "catalogue", None) is None:
            await asyncio.to_thread(ensure_catalogue, settings.db_url)
            app.state.catalogue = Catalogue(settings.db_url)
        await asyncio.to_thread(app.state.catalogue.index)
        yield

    app = FastAPI(title="City chatbot catalogue API", version="1", lifespan=lifespan)
    app.state.catalogue = catalogue
    app.dependency_overrides[get_settings] = lambda: settings

    @app.middleware("http")
    async def deadline(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        try:
            return await asyncio.wait_for(call_next(request), timeout=settings.api_timeout)
        except asyncio.TimeoutError:
            return JSONResponse({"detail": "the catalogue did not answer in time"}, status_code=503)

    @app.exception_handler(BadFilter)
    async def bad_filter(_request: Request, err: BadFilter) -> JSONResponse:
        return JSONResponse({"detail": str(err)}, status_code=422)

    for module in (health, terms, services, queries, widget):
        app.include_router(module.router)
    if settings.widget_dir.is_dir():
        # Last: the widget page answers `/` and every path no API route took.
        app.mount("/", StaticFiles(directory=settings.widget_dir, html=True), name="widget")
    return app


app = create_app()
