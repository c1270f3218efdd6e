"""`scout serve [--host 127.0.0.1] [--port 8000] [--workers N]`: the JSON API under uvicorn.

With several workers (the default: one per core) the index loads once, in this process, which then
forks the workers: they share the loaded snapshot copy-on-write and accept on the one listening socket,
so searches run on every core (one Python process runs one search's Python at a time). Each worker
opens its own store connection and model session, and reloads its snapshot when the index changes.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import multiprocessing
import os
import signal
import socket
import sys
import time
import traceback
from dataclasses import dataclass
from threading import BrokenBarrierError
from typing import TYPE_CHECKING, Any

from models.errors import ScoutError
from models.settings import Settings

if TYPE_CHECKING:
    from multiprocessing.synchronize import Barrier

    from api.deps import Engine, EngineFactory

IDLE_SLOT = 2**31 - 1  # a dead worker's connection count, until its replacement starts
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
    parser.add_argument(
        "--workers",
        type=worker_count,
        default=os.cpu_count() or 1,
        help="serving processes, forked after the index loads once (default: one per core, here "
        f"{os.cpu_count() or 1}); 1 serves from this process",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    if not settings.db_path.exists():
        raise ScoutError(f"no index at {settings.db_path}: run `scout index` first or pass --data-dir")
    return run_server(settings, listen(args.host, args.port), workers=args.workers)


def worker_count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 64:
        raise argparse.ArgumentTypeError(f"{text!r} is not a worker count (1-64)")
    return int(text)


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


def run_server(
    settings: Settings, sock: socket.socket, engine_factory: EngineFactory | None = None, workers: int = 1
) -> int:
    """Serve on `sock` until interrupted; beyond loopback, API keys are required (create_app refuses otherwise)."""
    from api.app import create_app
    from api.guard import is_loopback
    from api.local_server import advertised

    host, port = sock.getsockname()[:2]
    forking = workers > 1 and hasattr(os, "fork")
    loaded = _Loaded()
    if forking and settings.embedding_threads == 0:
        # one model thread per worker: more would make the workers' threads fight for the same cores
        settings = settings.model_copy(update={"embedding_threads": max(1, (os.cpu_count() or 1) // workers)})
    app = create_app(
        settings, engine_factory=loaded.engine_for if forking else engine_factory, require_keys=not is_loopback(host)
    )
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s"))
    api_log = logging.getLogger("scout.api")
    api_log.addHandler(handler)
    api_log.setLevel(logging.INFO)
    api_log.propagate = False
    auth = "API keys required" if settings.api_keys else "no API keys (loopback only)"
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    processes = f", {workers} worker processes" if forking else ""
    print(f"scout: serving {url} (docs at /docs, {auth}{processes})", file=sys.stderr)
    with advertised(settings, url):
        if forking:
            loaded.load(settings, engine_factory)
            return _serve_forked(settings, app, sock, loaded, workers)
        _uvicorn(app, sock)
    return 0


def _uvicorn(app: Any, sock: socket.socket) -> None:
    import uvicorn

    uvicorn.Server(uvicorn.Config(app, access_log=False, log_level="warning")).run(sockets=[sock])


@dataclass
class _Loaded:
    """The engine loaded once before the workers fork (or why it did not load), which each worker's app serves."""

    engine: Engine | None = None
    error: ScoutError | None = None

    def load(self, settings: Settings, factory: EngineFactory | None) -> None:
        from api.deps import open_engine

        try:
            self.engine = (factory or open_engine)(settings)
            prepare = getattr(self.engine, "prepare_fork", None)
            if callable(prepare):
                prepare()
        except ScoutError as exc:
            # served as one process serves it: /healthz answers, /readyz and searches say why (503)
            self.engine, self.error = None, exc

    def engine_for(self, _settings: Settings) -> Engine:
        if self.engine is None:
            raise self.error or ScoutError("the index did not load")
        return self.engine


def _serve_forked(settings: Settings, app: Any, sock: socket.socket, loaded: _Loaded, workers: int) -> int:
    """Fork `workers` servers on `sock`, replace one that dies, and stop them all on SIGINT or SIGTERM."""
    gc.freeze()  # the loaded objects stay out of the collector's sweeps, so workers do not copy their pages
    children: dict[int, float] = {}
    stopping = False

    def stop(_signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True
        for pid in children:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGTERM)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    # The first workers start accepting together, once all are warm: clients that connect while one is still
    # loading its model would all stay on the others.
    together = multiprocessing.get_context("fork").Barrier(workers)
    counts = multiprocessing.get_context("fork").Array("i", workers, lock=False)  # open connections per worker
    slots: dict[int, int] = {}
    try:
        for slot in range(workers):
            pid = _fork_worker(settings, app, Worker(sock, counts, slot), loaded, previous, together)
            children[pid], slots[pid] = time.monotonic(), slot
        while children:
            try:
                pid, status = os.wait()
            except ChildProcessError:
                break
            started, slot = children.pop(pid, None), slots.pop(pid, 0)
            if started is None or stopping:
                continue
            counts[slot] = IDLE_SLOT  # no one waits for a dead worker to take its share
            print(f"scout: worker {pid} ended ({os.waitstatus_to_exitcode(status)}); starting another", file=sys.stderr)
            if time.monotonic() - started < 5:
                time.sleep(1)  # a worker that dies at once is not restarted in a tight loop
            if not stopping:
                pid = _fork_worker(settings, app, Worker(sock, counts, slot), loaded, previous, None)
                children[pid], slots[pid] = time.monotonic(), slot
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if loaded.engine is not None:
            loaded.engine.close()
    return 0


class Balanced(socket.socket):
    """The listening socket as one worker sees it: it takes a connection only while it holds no more open
    connections than the least loaded worker (shared counts), and one per wake-up of its event loop.

    asyncio accepts every queued connection in one go, so 50 clients connecting at once went 45/5, 40/10 and
    29/21 to two workers (whichever the OS ran first took most), and the clients of the busier one waited
    several times longer (p50 846 against 228 ms). A worker over its share yields for a moment instead, at
    most MAX_WAIT_S per connection, so one that has stopped answering holds no connection back."""

    WAIT_S = 0.002
    MAX_WAIT_S = 0.05

    def setup(self, counts: Any, me: int) -> Balanced:
        self.counts, self.me = counts, me
        self.counts[me] = 0
        self._rest, self._waited = False, 0.0
        return self

    def accept(self) -> tuple[socket.socket, Any]:
        if self._rest:
            self._rest = False
            raise BlockingIOError  # asyncio stops accepting until the next wake-up
        mine = self.counts[self.me]
        if mine > min(self.counts) and self._waited < self.MAX_WAIT_S:
            time.sleep(self.WAIT_S)  # let a less loaded worker take this one
            self._waited += self.WAIT_S
            raise BlockingIOError
        conn, address = super().accept()
        self._rest, self._waited = True, 0.0
        self.counts[self.me] += 1
        counted = _Counted(conn.family, conn.type, conn.proto, fileno=conn.detach())
        return counted.counting(self.counts, self.me), address


class _Counted(socket.socket):
    """An accepted connection that takes itself off its worker's count when it closes."""

    def counting(self, counts: Any, me: int) -> _Counted:
        self._counts, self._me = counts, me
        return self

    def close(self) -> None:
        if getattr(self, "_counts", None) is not None:
            self._counts[self._me] -= 1
            self._counts = None
        super().close()


@dataclass
class Worker:
    """Where a worker listens: the shared socket, every worker's open connections and its own slot in them."""

    sock: socket.socket
    counts: Any  # multiprocessing.Array of int, shared by the workers
    slot: int

    def listener(self) -> Balanced:
        s = self.sock
        return Balanced(s.family, s.type, s.proto, fileno=os.dup(s.fileno())).setup(self.counts, self.slot)


def _fork_worker(
    settings: Settings,
    app: Any,
    worker: Worker,
    loaded: _Loaded,
    handlers: dict[signal.Signals, Any],
    together: Barrier | None,
) -> int:
    pid = os.fork()
    if pid:
        return pid
    code = 1
    try:
        for s, handler in handlers.items():
            signal.signal(s, handler)  # uvicorn installs its own, for a graceful stop
        forked = getattr(loaded.engine, "forked", None)
        if callable(forked):
            forked()
        if together is not None:
            with contextlib.suppress(BrokenBarrierError):  # a worker that died at start-up holds no one up
                together.wait(timeout=120)
        _uvicorn(app, worker.listener())
        code = 0
    except BaseException:
        traceback.print_exc()  # the parent says the worker ended and starts another
    finally:
        sys.stderr.flush()
        os._exit(code)  # never back into the parent's loop, and the parent's objects are not closed here
