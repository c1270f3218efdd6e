"""`scout serve [--host 127.0.0.1] [--port 8000]`: the JSON API under uvicorn."""

from __future__ import annotations

import argparse
import logging
import socket
import sys
from typing import TYPE_CHECKING

from models.errors import ScoutError
from models.settings import Settings

if TYPE_CHECKING:
    from api.deps import EngineFactory

LISTEN_BACKLOG = 2048  # uvicorn's default; requests that arrive while the index loads wait in it


def add_listen_options(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    parser.add_argument("--host", default="127.0.0.1", help=f"{prefix}address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=port_number, default=8000, help=f"{prefix}port (default 8000)")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="serve the JSON API (OpenAPI at /docs)",
        description="Serve the JSON API. Beyond 127.0.0.1 it requires API keys (SCOUT_API_KEYS=key1,key2). "
        "While it runs, `scout search` on the same data directory asks it instead of loading the model.",
    )
    add_listen_options(parser)
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.db_path.exists():
        raise ScoutError(f"no index at {settings.db_path}: run `scout index` first or pass --data-dir")
    return run_server(settings, listen(args.host, args.port))


def port_number(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number (1-65535)")
    return int(text)


def listen(host: str, port: int) -> socket.socket:
    """The server's socket, bound now: a taken port fails in a second, before anything loads."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as exc:
        raise ScoutError(f"cannot serve on {host!r}: not an address of this machine ({exc.strerror})") from exc
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn does: restart without waiting
    try:
        sock.bind(address)
        sock.listen(LISTEN_BACKLOG)  # now: a bound socket not yet listening would let a second server bind too
    except OSError as exc:
        sock.close()
        raise ScoutError(
            f"cannot serve on {host}:{port}: {exc.strerror.lower() if exc.strerror else exc}; "
            f"pick another port with --port N (make demo PORT=N)"
        ) from exc
    return sock


def run_server(settings: Settings, sock: socket.socket, engine_factory: EngineFactory | None = None) -> int:
    """Serve on `sock` until interrupted; beyond loopback, API keys are required (create_app refuses otherwise)."""
    import uvicorn

    from api.app import create_app
    from api.guard import is_loopback
    from api.local_server import advertised

    host, port = sock.getsockname()[:2]
    app = create_app(settings, engine_factory=engine_factory, require_keys=not is_loopback(host))
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    api_log = logging.getLogger("scout.api")
    api_log.addHandler(handler)
    api_log.setLevel(logging.INFO)
    api_log.propagate = False
    auth = "API keys required" if settings.api_keys else "no API keys (loopback only)"
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    print(f"scout: serving {url} (docs at /docs, {auth})", file=sys.stderr)
    server = uvicorn.Server(uvicorn.Config(app, access_log=False, log_level="warning"))
    with advertised(settings, url):
        server.run(sockets=[sock])
    return 0
