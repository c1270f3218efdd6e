"""Shortlist rows in the store: names unique in any case, members need their list, notes replace, deletes cascade."""

from pathlib import Path

from indexer.store import Store


def store(tmp_path: Path) -> Store:
    return Store.open(tmp_path / "scout.db")


def test_a_name_is_unique_without_regard_to_case_and_found_in_any_case(tmp_path: Path) -> None:
    s = store(tmp_path)
    assert s.shortlist_create("Kernel people", "2026-01-01T00:00:00Z")
    assert not s.shortlist_create("kernel PEOPLE", "2026-01-02T00:00:00Z")
    assert s.shortlist_row("KERNEL people") == ("Kernel people", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z")


def test_a_member_needs_the_list_and_a_second_put_replaces_the_note_only(tmp_path: Path) -> None:
    s = store(tmp_path)
    assert s.shortlist_put_member("nope", "gh:ada", "x", "2026-01-01T00:00:00Z") is None
    s.shortlist_create("team", "2026-01-01T00:00:00Z")
    assert s.shortlist_put_member("team", "gh:ada", "first", "2026-01-02T00:00:00Z") == (
        "gh:ada",
        "first",
        "2026-01-02T00:00:00Z",
    )
    assert s.shortlist_put_member("team", "gh:ada", "second", "2026-01-03T00:00:00Z") == (
        "gh:ada",
        "second",
        "2026-01-02T00:00:00Z",
    )
    s.shortlist_put_member("team", "gh:bo", "", "2026-01-03T00:00:00Z")
    assert [m[0] for m in s.shortlist_members("team")] == ["gh:ada", "gh:bo"]
    assert s.shortlist_rows() == [("team", "2026-01-01T00:00:00Z", "2026-01-03T00:00:00Z", ["gh:ada", "gh:bo"])]


def test_removing_members_and_deleting_a_list_take_its_rows_with_it(tmp_path: Path) -> None:
    s = store(tmp_path)
    s.shortlist_create("team", "2026-01-01T00:00:00Z")
    s.shortlist_put_member("team", "gh:ada", "", "2026-01-02T00:00:00Z")
    s.shortlist_put_member("team", "gh:bo", "", "2026-01-02T00:00:00Z")
    assert s.shortlist_remove_member("team", "gh:ada", "2026-01-04T00:00:00Z")
    assert not s.shortlist_remove_member("team", "gh:ada", "2026-01-04T00:00:00Z")
    assert s.shortlist_delete("team") and not s.shortlist_delete("team")
    assert s.conn.execute("SELECT count(*) FROM shortlist_members").fetchone()[0] == 0
    s.shortlist_create("team", "2026-01-05T00:00:00Z")
    assert s.shortlist_members("team") == []


def test_a_write_beside_a_reader_needs_no_integrity_check(tmp_path: Path) -> None:
    Store.open(tmp_path / "scout.db").close()
    reader = Store.open(tmp_path / "scout.db", read_only=True)
    writer = Store.open(tmp_path / "scout.db", create=False, check=False)
    assert writer.shortlist_create("team", "2026-01-01T00:00:00Z")
    assert reader.shortlist_row("team") is not None  # WAL: the reader sees the committed write
    reader.close()
    writer.close()


def test_a_write_waits_for_a_running_index_batch_instead_of_failing(tmp_path: Path) -> None:
    import threading
    import time

    indexer = store(tmp_path)
    indexer.conn.execute("BEGIN IMMEDIATE")  # `scout index` in the middle of a batch
    threading.Timer(0.5, indexer.conn.commit).start()
    writer = Store.open(tmp_path / "scout.db", create=False, check=False)
    started = time.monotonic()
    assert writer.shortlist_create("team", "2026-01-01T00:00:00Z")
    assert time.monotonic() - started >= 0.4
    writer.close()
    indexer.close()
