import os
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


def _healthy(db: Path) -> None:
    store = Store.open(db)
    with store.transaction() as conn:
        conn.execute("INSERT INTO repos (name, path) VALUES ('o/r', '/x')")
        conn.executemany(
            "INSERT INTO changes (change_id, author_email, author_name, authored_at, subject, message)"
            " VALUES (?, 'a@example.com', 'A', '2024-01-01T00:00:00+00:00', 's', ?)",
            [(f"p:{i}", "m" * 2000) for i in range(400)],
        )
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    store.close()


def test_zero_byte_database_is_refused_and_not_written(tmp_path: Path) -> None:
    db = tmp_path / "scout.db"
    db.write_bytes(b"")
    for read_only in (True, False):
        with pytest.raises(StoreError, match="empty"):
            Store.open(db, read_only=read_only)
    assert db.stat().st_size == 0


def test_read_open_never_creates_a_schema(tmp_path: Path) -> None:
    db = tmp_path / "scout.db"
    with pytest.raises(StoreError, match="no index"):
        Store.open(db, read_only=True)
    assert not db.exists()


def test_corrupted_pages_are_refused_before_any_write(tmp_path: Path) -> None:
    db = tmp_path / "scout.db"
    _healthy(db)
    data = bytearray(db.read_bytes())
    page = 4096
    for offset in range(page * 3, min(len(data), page * 60), page):  # leave the header page, trash the middle
        data[offset : offset + 200] = b"\xa5" * 200
    db.write_bytes(bytes(data))
    before = db.read_bytes()
    with pytest.raises(StoreError, match=r"damaged.*restore"):
        Store.open(db)
    assert db.read_bytes() == before


def test_unwritable_data_directory_is_called_read_only_not_foreign(tmp_path: Path, monkeypatch) -> None:
    db = tmp_path / "scout.db"
    _healthy(db)
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if mode & os.W_OK else real_access(p, mode))
    with pytest.raises(StoreError, match="read-only") as err:
        Store.open(db)
    assert "not a Scout database" not in str(err.value)
    store = Store.open(db, read_only=True)
    assert store.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 400
    store.close()


def test_read_only_data_directory_serves_reads_with_an_accurate_message_for_writes(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root ignores permissions (the test above covers the message)")
    data = tmp_path / "data"
    db = data / "scout.db"
    _healthy(db)
    db.chmod(0o444)
    data.chmod(0o555)
    try:
        store = Store.open(db, read_only=True)
        assert store.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 400
        store.close()
        with pytest.raises(StoreError, match="read-only") as err:
            Store.open(db)
        assert "not a Scout database" not in str(err.value)
    finally:
        data.chmod(0o755)
        db.chmod(0o644)


def test_reading_an_older_index_upgrades_it_once(tmp_path: Path) -> None:
    db = tmp_path / "scout.db"
    _healthy(db)
    conn = sqlite3.connect(db)
    # Undo the newest migration (v7 adds the shortlist tables), then read: the upgrade runs once.
    conn.executescript("DROP TABLE shortlist_members; DROP TABLE shortlists; DROP INDEX changes_identity;")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION - 1}")
    conn.commit()
    conn.close()
    store = Store.open(db, read_only=True)
    assert store.schema_version() == SCHEMA_VERSION
    store.close()
