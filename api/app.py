"""The JSON API: `create_app(settings)` wires a SearchEngine, loaded once at startup, into FastAPI.

No business logic here or in the routers (api/routers/, one per area): routes validate, call the engine or
a core module and shape errors as RFC 9457 application/problem+json (api/problems.py). Every response
carries X-Request-ID, and each request logs one JSON line (api/guard.py).
"""

from __future__ import annotations

import importlib
import importlib.util
import json
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import anyio.to_thread
from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from api.deps import EngineFactory, open_engine
from api.guard import Guard, RequestContext
from api.problems import PROBLEMS, install_error_handlers
from api.routers import map as map_routes
from api.routers import ops, people, reference, search, shortlists
from models.errors import ScoutError
from models.settings import Settings

log = logging.getLogger("scout.api")

DOCS_ASSETS = "/docs-assets"
PAGES = "api.routers.pages"  # the web pages, where this build has them


def create_app(
    settings: Settings,
    *,
    engine_factory: EngineFactory | None = None,
    require_keys: bool = False,
) -> FastAPI:
    """The app. `require_keys` (set when bound beyond loopback) refuses to build without API keys."""
    keys = [k.encode() for k in settings.api_keys if k]
    if require_keys and not keys:
        raise ScoutError(
            "refusing to serve beyond 127.0.0.1 without API keys: set SCOUT_API_KEYS=key1,key2 or bind to 127.0.0.1"
        )
    factory = engine_factory or open_engine

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        app.state.engine = None
        app.state.engine_error = None
        try:
            app.state.engine = factory(settings)
        except ScoutError as exc:
            # Stay up so /healthz answers and /readyz says why; searches get a 503 with the reason.
            app.state.engine_error = str(exc)
            log.error(json.dumps({"event": "engine_failed", "error": str(exc)}))
        try:
            yield
        finally:
            if app.state.engine is not None:
                app.state.engine.close()

    app = FastAPI(
        title="Scout",
        version="0.1.0",
        summary="Find ML systems engineers from their real code.",
        lifespan=lifespan,
        responses={422: PROBLEMS[422]},
        docs_url=None,  # served below from local assets: the default pages load them from a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.add_middleware(Guard, keys=keys, max_body_bytes=settings.max_body_bytes)
    app.add_middleware(RequestContext)  # outermost: every answer, the guard's too, has a request id
    install_error_handlers(app)
    for area in (search, people, shortlists, map_routes, reference, ops):
        app.include_router(area.router)
    if importlib.util.find_spec(PAGES) is not None:
        app.include_router(importlib.import_module(PAGES).router)
    _install_docs(app)
    return app


def _install_docs(app: FastAPI) -> None:
    """/docs (Swagger UI) and /redoc with their scripts and styles served by Scout, so they work offline."""
    app.mount(DOCS_ASSETS, StaticFiles(directory=_docs_assets()), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=root + openapi_url,
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=root + openapi_url,
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{DOCS_ASSETS}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{DOCS_ASSETS}/favicon.png",
            with_google_fonts=False,
        )


def _docs_assets() -> Path:
    """The Swagger UI and ReDoc files the fastapi-offline package ships (its `static` folder)."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or spec.origin is None:
        raise ScoutError("the fastapi-offline package is missing: install Scout's dependencies (pip install -e .)")
    return Path(spec.origin).parent / "static"
