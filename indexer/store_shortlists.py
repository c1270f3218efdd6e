"""Shortlists' SQL (split from indexer/store.py; `Store` inherits these methods).

Tables (migration 7): `shortlists` (a name, unique without regard to case, and its times) and
`shortlist_members` (person id, note, when added). Writers are one short transaction each, so a server can
keep shortlists while `scout index` writes (WAL; a writer waits for the other's transaction, not its run).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager

ShortlistRow = tuple[str, str, str]  # name, created_at, updated_at
MemberRow = tuple[str, str, str]  # person_id, note, added_at


class ShortlistQueries:
    conn: sqlite3.Connection
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]  # Store's

    def shortlist_rows(self) -> list[tuple[str, str, str, list[str]]]:
        """(name, created_at, updated_at, member person ids) per shortlist, by name."""
        lists = self.conn.execute("SELECT id, name, created_at, updated_at FROM shortlists ORDER BY name").fetchall()
        members: dict[int, list[str]] = {}
        for list_id, person_id in self.conn.execute(
            "SELECT shortlist_id, person_id FROM shortlist_members ORDER BY added_at, rowid"
        ):
            members.setdefault(list_id, []).append(person_id)
        return [(name, created, updated, members.get(list_id, [])) for list_id, name, created, updated in lists]

    def shortlist_row(self, name: str) -> ShortlistRow | None:
        row = self.conn.execute(
            "SELECT name, created_at, updated_at FROM shortlists WHERE name = ?", (name,)
        ).fetchone()
        return (row[0], row[1], row[2]) if row else None

    def shortlist_members(self, name: str) -> list[MemberRow]:
        """(person_id, note, added_at), oldest first."""
        return self.conn.execute(
            "SELECT m.person_id, m.note, m.added_at FROM shortlist_members m JOIN shortlists s"
            " ON s.id = m.shortlist_id WHERE s.name = ? ORDER BY m.added_at, m.rowid",
            (name,),
        ).fetchall()

    def shortlist_create(self, name: str, at: str) -> bool:
        """False when a shortlist of that name (in any case) exists."""
        with self.transaction() as conn:
            cur = conn.execute(
                "INSERT INTO shortlists (name, created_at, updated_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                (name, at, at),
            )
        return cur.rowcount > 0

    def shortlist_delete(self, name: str) -> bool:
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM shortlist_members WHERE shortlist_id IN (SELECT id FROM shortlists WHERE name = ?)",
                (name,),
            )
            return conn.execute("DELETE FROM shortlists WHERE name = ?", (name,)).rowcount > 0

    def shortlist_put_member(self, name: str, person_id: str, note: str, at: str) -> MemberRow | None:
        """Add the person or replace their note; None when there is no such shortlist."""
        with self.transaction() as conn:
            row = conn.execute("SELECT id FROM shortlists WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            conn.execute(
                "INSERT INTO shortlist_members (shortlist_id, person_id, note, added_at) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(shortlist_id, person_id) DO UPDATE SET note = excluded.note",
                (row[0], person_id, note, at),
            )
            conn.execute("UPDATE shortlists SET updated_at = ? WHERE id = ?", (at, row[0]))
            member = conn.execute(
                "SELECT person_id, note, added_at FROM shortlist_members WHERE shortlist_id = ? AND person_id = ?",
                (row[0], person_id),
            ).fetchone()
        return (member[0], member[1], member[2])

    def shortlist_remove_member(self, name: str, person_id: str, at: str) -> bool:
        with self.transaction() as conn:
            cur = conn.execute(
                "DELETE FROM shortlist_members WHERE person_id = ?"
                " AND shortlist_id = (SELECT id FROM shortlists WHERE name = ?)",
                (person_id, name),
            )
            if cur.rowcount:
                conn.execute("UPDATE shortlists SET updated_at = ? WHERE name = ?", (at, name))
        return cur.rowcount > 0
