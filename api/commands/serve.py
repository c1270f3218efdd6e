"""`scout serve [--host 127.0.0.1] [--port 8000]`: the JSON API under uvicorn."""

from __future__ import annotations

import argparse
import logging
import sys
from typing import TYPE_CHECKING

from models.errors import ScoutError
from models.settings import Settings

if TYPE_CHECKING:
    from api.app import EngineFactory


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the JSON API (OpenAPI at /docs)",
        description="Serve the JSON API. Beyond 127.0.0.1 it requires API keys (SCOUT_API_KEYS=key1,key2).",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.db_path.exists():
        raise ScoutError(f"no index at {settings.db_path}: run `scout index` first or pass --data-dir")
    return run_server(settings, args.host, args.port)


def run_server(settings: Settings, host: str, port: int, engine_factory: EngineFactory | None = None) -> int:
    """Serve until interrupted; beyond loopback, API keys are required (create_app refuses otherwise)."""
    import uvicorn

    from api.app import create_app, is_loopback

    app = create_app(settings, engine_factory=engine_factory, require_keys=not is_loopback(host))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    api_log = logging.getLogger("scout.api")
    api_log.addHandler(handler)
    api_log.setLevel(logging.INFO)
    api_log.propagate = False
    auth = "API keys required" if settings.api_keys else "no API keys (loopback only)"
    print(f"scout: serving http://{host}:{port} (docs at /docs, {auth})", file=sys.stderr)
    uvicorn.run(app, host=host, port=port, access_log=False, log_level="warning")
    return 0
