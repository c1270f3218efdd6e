"""Identity decisions, name-rule merges and suppression (split from indexer/store.py; `Store` inherits these).

Tables (migration 5): `identity_decisions` (hand merges and splits), `identity_merges` (the joins name
rules made at the last resolution, for review) and `suppressed` (SHA-256 hex of a suppressed person's
lower-cased emails and 'gh:<login>' keys; nothing else about them is kept).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager

# Where a forgotten person's changes are attributed: nobody (indexer/identity.is_bot says so).
ANONYMOUS_EMAIL = "anonymous@forgotten.invalid"
ANONYMOUS_NAME = "anonymous"


class PeopleQueries:
    conn: sqlite3.Connection
    transaction: Callable[[], AbstractContextManager[sqlite3.Connection]]  # Store's

    # --- decisions ---

    def people_add_decision(self, kind: str, pairs: list[tuple[str, str]], at: str) -> None:
        """kind 'merge': pairs (key, key); 'split': pairs (group, email). Keys: 'gh:<login>' or an email."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO identity_decisions (kind, a, b, decided_at) VALUES (?, ?, ?, ?)",
                [(kind, a, b, at) for a, b in pairs],
            )

    def people_decisions(self) -> list[tuple[str, str, str, str]]:
        """(kind, a, b, decided_at), oldest first: a later decision is applied after an earlier one."""
        return self.conn.execute("SELECT kind, a, b, decided_at FROM identity_decisions ORDER BY id").fetchall()

    def people_replace_decisions(self, rows: list[tuple[str, str, str, str]]) -> None:
        """Replace every decision with rows (kind, a, b, decided_at): an imported identities.toml."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM identity_decisions")
            conn.executemany("INSERT INTO identity_decisions (kind, a, b, decided_at) VALUES (?, ?, ?, ?)", rows)

    def people_drop_split(self, email: str) -> None:
        """A later merge naming `email` ends any split that kept it apart."""
        self.conn.execute("DELETE FROM identity_decisions WHERE kind = 'split' AND b = ?", (email,))

    # --- name-rule merges ---

    def people_replace_merges(self, rows: list[tuple[str, str, str, str, str | None]]) -> None:
        """rows: (person_id, rule, side_a_json, side_b_json, last_at); side = [[email, name, commits], ...]."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM identity_merges")
            conn.executemany(
                "INSERT INTO identity_merges (person_id, rule, side_a, side_b, last_at) VALUES (?, ?, ?, ?, ?)", rows
            )

    def people_merges(self) -> list[tuple[str, str, list, list, str | None]]:
        """(person_id, rule, side a, side b, last_at), the newest activity first."""
        rows = self.conn.execute(
            "SELECT person_id, rule, side_a, side_b, last_at FROM identity_merges"
            " ORDER BY last_at IS NULL, last_at DESC, person_id"
        ).fetchall()
        return [(pid, rule, json.loads(a), json.loads(b), last) for pid, rule, a, b, last in rows]

    def people_identity_last_dates(self) -> dict[tuple[str, str], str]:
        """(email, name) -> the newest author date of a change it authored or co-authored."""
        rows = self.conn.execute(
            "SELECT email, name, max(at) FROM ("
            " SELECT author_email AS email, author_name AS name, authored_at AS at FROM changes"
            " UNION ALL SELECT a.email, a.name, c.authored_at FROM co_authors a JOIN changes c"
            " ON c.change_id = a.change_id) GROUP BY email, name"
        )
        return {(e, n): at for e, n, at in rows}

    # --- suppression ---

    def people_suppressed(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT hash FROM suppressed")}

    def people_forgotten(self) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT hash FROM suppressed WHERE forgotten = 1")}

    def people_suppress(self, hashes: list[str], group: str, reason: str, forgotten: bool, at: str) -> None:
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO suppressed (hash, person, reason, forgotten, at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(hash) DO UPDATE SET forgotten = max(forgotten, excluded.forgotten)",
                [(h, group, reason, int(forgotten), at) for h in hashes],
            )

    def people_suppression_group(self, hashes: list[str]) -> tuple[str, bool] | None:
        """(group, forgotten) of the suppression any of `hashes` belongs to, else None."""
        row = self.conn.execute(
            "SELECT person, max(forgotten) FROM suppressed WHERE hash IN (SELECT value FROM json_each(?))"
            " GROUP BY person",
            (json.dumps(hashes),),
        ).fetchone()
        return (str(row[0]), bool(row[1])) if row else None

    def people_unsuppress(self, group: str) -> int:
        with self.transaction() as conn:
            return conn.execute("DELETE FROM suppressed WHERE person = ? AND forgotten = 0", (group,)).rowcount

    def people_forget(self, identities: list[tuple[str, str]], logins: list[str], person_id: str) -> None:
        """Delete what the index holds about these identities: their changes become anonymous (and lose
        their evidence), co-authorships, logins, lookups, .mailmap lines, per-login signals and the profile."""
        emails = sorted({e for e, _ in identities})
        args = (json.dumps([[e, n] for e, n in identities]),)
        mine = (
            "SELECT change_id FROM changes"
            " WHERE json_array(author_email, author_name) IN (SELECT value FROM json_each(?))"
        )
        em, lg = (json.dumps(emails),), (json.dumps(logins),)
        with self.transaction() as conn:
            conn.execute(f"DELETE FROM signals WHERE change_id IN ({mine})", args)
            conn.execute(
                f"UPDATE changes SET author_email = ?, author_name = ? WHERE change_id IN ({mine})",
                (ANONYMOUS_EMAIL, ANONYMOUS_NAME, *args),
            )
            conn.execute(
                "DELETE FROM co_authors WHERE json_array(email, name) IN (SELECT value FROM json_each(?))", args
            )
            conn.execute("DELETE FROM identities WHERE email IN (SELECT value FROM json_each(?))", em)
            for table in ("logins", "github_login_lookups"):
                conn.execute(f"DELETE FROM {table} WHERE email IN (SELECT value FROM json_each(?))", em)
            conn.execute(
                "DELETE FROM mailmap WHERE alias_email IN (SELECT value FROM json_each(?1))"
                " OR canonical_email IN (SELECT value FROM json_each(?1))",
                em,
            )
            conn.execute("DELETE FROM github_signals WHERE lower(login) IN (SELECT value FROM json_each(?))", lg)
            in_logins = " IN (SELECT value FROM json_each(?))"
            conn.execute("UPDATE pull_requests SET author_login = NULL WHERE lower(author_login)" + in_logins, lg)
            conn.execute("UPDATE reviews SET reviewer_login = NULL WHERE lower(reviewer_login)" + in_logins, lg)
            conn.execute(
                "UPDATE pr_commits SET author_email = NULL, author_login = NULL"
                " WHERE author_email IN (SELECT value FROM json_each(?1))"
                " OR lower(author_login) IN (SELECT value FROM json_each(?2))",
                (*em, *lg),
            )
            conn.execute("DELETE FROM profiles WHERE person_id = ?", (person_id,))
            conn.execute("DELETE FROM shortlist_members WHERE person_id = ?", (person_id,))

    def people_identities_of(self, person_id: str) -> list[tuple[str, str]]:
        return self.conn.execute(
            "SELECT email, name FROM identities WHERE person_id = ? ORDER BY email, name", (person_id,)
        ).fetchall()

    # --- activity ---

    def people_month_counts(self, person_id: str) -> tuple[list[tuple[str, int]], list[tuple[str, str, int]]]:
        """The person's commits (authored or co-authored) per month of author time: ([(YYYY-MM, commits)],
        [(repo, YYYY-MM, commits)]); a change that landed in two repositories counts once in the first list."""
        mine = (
            "WITH mine AS (SELECT c.change_id, substr(c.authored_at, 1, 7) AS month FROM changes c"
            " JOIN identities i ON i.email = c.author_email AND i.name = c.author_name WHERE i.person_id = ?1"
            " UNION SELECT c.change_id, substr(c.authored_at, 1, 7) FROM co_authors a"
            " JOIN changes c ON c.change_id = a.change_id"
            " JOIN identities i ON i.email = a.email AND i.name = a.name WHERE i.person_id = ?1) "
        )
        months = self.conn.execute(
            mine + "SELECT month, count(DISTINCT change_id) FROM mine GROUP BY month ORDER BY month", (person_id,)
        ).fetchall()
        by_repo = self.conn.execute(
            mine + "SELECT m.repo, mine.month, count(DISTINCT mine.change_id) FROM mine"
            " JOIN commits m ON m.change_id = mine.change_id GROUP BY m.repo, mine.month ORDER BY m.repo, mine.month",
            (person_id,),
        ).fetchall()
        return months, by_repo
