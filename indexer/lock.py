"""One writer per data directory: `scout index` holds an exclusive lock on `<data dir>/index.lock`.

Two runs that both listed the commits already indexed before either wrote would each add the same
signals (signal rows have no natural key), so a second writer is refused instead of waited for.
The operating system drops the lock when the holder exits, even after kill -9.
"""

from __future__ import annotations

import errno
import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from indexer.store import StoreError

LOCK_NAME = "index.lock"


@contextmanager
def writer_lock(data_dir: Path) -> Iterator[None]:
    """Hold the data directory's writer lock, or fail at once with a one-line error."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            raise StoreError(
                f"{data_dir} is read-only ({exc.strerror}): reading commands work, but indexing needs write access"
                " to it: fix the permissions or copy the data directory elsewhere"
            ) from exc
        raise StoreError(f"cannot lock {data_dir / LOCK_NAME} for writing: {exc.strerror}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            raise StoreError(
                f"another `scout index` (pid {holder}) is writing to {data_dir}: wait for it to finish, then run again"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
