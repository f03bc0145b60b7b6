"""FastAPI app `services_catalog.api.app:app`: terms, services, search, the query log, and the widget's files."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from services_catalog.api import limits
from services_catalog.api.auth import require_api_token
from services_catalog.api.routes import feedback, health, maintainer, maps, queries, services, terms, widget
from services_catalog.catalogue import BadFilter, Catalogue
from services_catalog.cpu_threads import limit_cpu_threads
from services_catalog.db.setup import ensure_catalogue
from services_catalog.gc_freeze import freeze_loaded_objects
from services_catalog.settings import Settings, get_settings

MAINTAINER_PAGE = Path(__file__).resolve().parent / "maintainer"


def create_app(catalogue: Catalogue | None = None, settings: Settings | None = None) -> FastAPI:
    """The API over `catalogue`, or over the configured database, brought up to date at start-up."""
    settings = settings or get_settings()
    limit_cpu_threads(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if settings.production and settings.production_problems():
            raise RuntimeError("production mode refuses to start: " + "; ".join(settings.production_problems()))
        if getattr(app.state, "catalogue", None) is None:
            await asyncio.to_thread(ensure_catalogue, settings.db_url)
            app.state.catalogue = Catalogue(settings.db_url, on_ready=freeze_loaded_objects)
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

    limits.install(app)

    for module in (health, terms, services, widget):
        app.include_router(module.router)
    # The query log holds what people asked: machine clients with the API token only (api/auth.py).
    app.include_router(queries.router, dependencies=[Depends(require_api_token)])
    app.include_router(maps.router)
    # Ratings are public (the browser widget sends them) and rate-limited; the maintainers' page logs in.
    app.include_router(feedback.router)
    app.include_router(maintainer.router)
    app.mount("/maintainer", StaticFiles(directory=MAINTAINER_PAGE, html=True), name="maintainer")
    if settings.widget_dir.is_dir():
        # Last: the widget page answers `/` and every path no API route took.
        app.mount("/", StaticFiles(directory=settings.widget_dir, html=True), name="widget")
    return app


app = create_app()
