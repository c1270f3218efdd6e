"""On-disk ETag cache for GitHub GET requests, keyed by URL.

A conditional request answered 304 does not count against the REST quota, so a re-run over an
unchanged repository costs (almost) nothing. The cache is a small SQLite file in the data
directory (`<data_dir>/github-cache/etags.sqlite`), separate from the index: deleting it only costs
quota, never data.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from models.errors import ScoutError


@dataclass(frozen=True)
class CachedResponse:
    etag: str
    body: bytes
    link: str  # the Link header, so pagination still works when the page is answered 304


class EtagCache:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    @classmethod
    def open(cls, directory: Path) -> EtagCache:
        path = directory / "etags.sqlite"
        try:
            directory.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute(
                "CREATE TABLE IF NOT EXISTS etags (url TEXT PRIMARY KEY, etag TEXT NOT NULL, body BLOB NOT NULL,"
                " link TEXT NOT NULL DEFAULT '')"
            )
        except (OSError, sqlite3.Error) as exc:
            raise ScoutError(
                f"cannot open the GitHub cache {path} ({exc}): delete it or use another --data-dir"
            ) from exc
        return cls(conn)

    def get(self, url: str) -> CachedResponse | None:
        row = self._conn.execute("SELECT etag, body, link FROM etags WHERE url = ?", (url,)).fetchone()
        return CachedResponse(row[0], bytes(row[1]), row[2] or "") if row else None

    def put(self, url: str, etag: str, body: bytes, link: str) -> None:
        with self._conn:
            self._conn.execute(
                "INSERT INTO etags (url, etag, body, link) VALUES (?, ?, ?, ?) ON CONFLICT(url) DO UPDATE SET"
                " etag = excluded.etag, body = excluded.body, link = excluded.link",
                (url, etag, body, link),
            )

    def close(self) -> None:
        self._conn.close()
