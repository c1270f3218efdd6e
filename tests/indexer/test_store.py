import sqlite3
from pathlib import Path

import pytest

from indexer.store import SCHEMA_VERSION, Store, StoreError


def test_new_store_is_migrated_to_current_schema(tmp_path: Path) -> None:
    store = Store.open(tmp_path / "scout.db")
    assert store.schema_version() == SCHEMA_VERSION
    assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "scout.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="newer than this Scout"):
        Store.open(db)
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_foreign_file_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "scout.db"
    db.write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="not a Scout database"):
        Store.open(db)
