"""A running `scout serve` tells the CLI where it is: <data dir>/server.json, written while it serves.

`scout search` asks that server instead of loading the model and the index itself (seconds, and
embedded Qdrant admits one process at a time). The file names the server's process, so one left
behind by a killed server is recognised and ignored.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass

from models.settings import Settings


@dataclass(frozen=True)
class LocalServer:
    url: str
    pid: int


@contextlib.contextmanager
def advertised(settings: Settings, url: str) -> Iterator[None]:
    """Publish `url` for this data directory while the block runs; the file goes when the server stops."""
    path = settings.server_path
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"url": url, "pid": os.getpid()}) + "\n")
    tmp.replace(path)  # readers never see half a file
    try:
        yield
    finally:
        if (found := _read(settings)) is not None and found.pid == os.getpid():
            path.unlink(missing_ok=True)


def running(settings: Settings) -> LocalServer | None:
    """The server serving this data directory, if its process is alive."""
    found = _read(settings)
    if found is None or not _alive(found.pid):
        return None
    return found


def _read(settings: Settings) -> LocalServer | None:
    try:
        raw = json.loads(settings.server_path.read_text())
        return LocalServer(url=str(raw["url"]), pid=int(raw["pid"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # alive, another user's
    return True
