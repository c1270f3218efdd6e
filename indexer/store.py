"""The SQLite system of record: repos, commits, file changes, signals, people and profiles.

One Store per process. Every write path commits per repo batch inside a transaction, so an
interrupted run leaves either a whole batch or nothing, and a re-run resumes from `repos.last_sha`.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from models.errors import ScoutError

SCHEMA_VERSION = 2

# Each entry migrates from version i to i+1. Append, never edit a released step.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE repos (
        name TEXT PRIMARY KEY,              -- owner/name
        path TEXT NOT NULL,
        category TEXT,
        head_sha TEXT,                      -- tip indexed last time; NULL until a run completes
        indexed_at TEXT,
        commits INTEGER NOT NULL DEFAULT 0,
        skipped_json TEXT NOT NULL DEFAULT '{}'  -- what the last run skipped and why (counts)
    );
    -- A change is one patch (by patch id) by one author; it may land in several repos.
    CREATE TABLE changes (
        change_id TEXT PRIMARY KEY,         -- 'p:' + patch id, or 's:' + repo + ':' + sha without a diff
        author_email TEXT NOT NULL,
        author_name TEXT NOT NULL,
        authored_at TEXT NOT NULL,          -- ISO 8601 with offset
        subject TEXT NOT NULL,
        message TEXT NOT NULL,
        pr_text TEXT,
        added INTEGER NOT NULL DEFAULT 0,
        removed INTEGER NOT NULL DEFAULT 0,
        class_json TEXT NOT NULL DEFAULT '{}'   -- models.records.CommitClass
    );
    CREATE TABLE commits (
        repo TEXT NOT NULL,
        sha TEXT NOT NULL,
        change_id TEXT NOT NULL REFERENCES changes(change_id),
        committed_at TEXT,
        PRIMARY KEY (repo, sha)
    );
    CREATE INDEX commits_change ON commits(change_id);
    CREATE TABLE co_authors (
        change_id TEXT NOT NULL REFERENCES changes(change_id),
        email TEXT NOT NULL,
        name TEXT NOT NULL,
        PRIMARY KEY (change_id, email)
    );
    CREATE TABLE file_changes (
        change_id TEXT NOT NULL REFERENCES changes(change_id),
        path TEXT NOT NULL,
        old_path TEXT,
        kind TEXT NOT NULL,
        language TEXT,
        added INTEGER NOT NULL,
        removed INTEGER NOT NULL,
        flags TEXT NOT NULL DEFAULT '',     -- comma list: binary, vendored, submodule, truncated, unreadable
        path_class TEXT,                    -- systems, application, docs, ci, tests, vendored, or NULL
        PRIMARY KEY (change_id, path)
    );
    CREATE TABLE signals (
        change_id TEXT NOT NULL REFERENCES changes(change_id),
        kind TEXT NOT NULL,
        weight REAL NOT NULL,
        language TEXT,
        repo TEXT NOT NULL,
        sha TEXT NOT NULL,
        path TEXT,
        line INTEGER,
        snippet TEXT NOT NULL,
        title TEXT NOT NULL,
        detail_json TEXT NOT NULL DEFAULT '{}'
    );
    CREATE INDEX signals_change ON signals(change_id);
    CREATE INDEX signals_kind ON signals(kind);
    -- GitHub logins learned from noreply addresses or the API: email -> login.
    CREATE TABLE logins (
        email TEXT PRIMARY KEY,
        login TEXT NOT NULL,
        source TEXT NOT NULL
    );
    -- .mailmap entries per repo: alias (name, email) -> canonical (name, email).
    CREATE TABLE mailmap (
        repo TEXT NOT NULL,
        alias_email TEXT NOT NULL,
        alias_name TEXT NOT NULL DEFAULT '',
        canonical_email TEXT NOT NULL,
        canonical_name TEXT NOT NULL DEFAULT '',
        PRIMARY KEY (repo, alias_email, alias_name)
    );
    -- Identity resolution output, recomputed after every index run: identity -> person.
    CREATE TABLE identities (
        email TEXT NOT NULL,
        name TEXT NOT NULL,
        person_id TEXT NOT NULL,            -- 'gh:<login>' or the primary email; '' for bots
        PRIMARY KEY (email, name)
    );
    CREATE INDEX identities_person ON identities(person_id);
    CREATE TABLE profiles (
        person_id TEXT PRIMARY KEY,
        profile_json TEXT NOT NULL,         -- models.records.Profile
        summary TEXT NOT NULL,
        fingerprint TEXT NOT NULL,          -- hash of the inputs; unchanged -> not rebuilt or re-embedded
        built_at TEXT NOT NULL
    );
    """,
    # v2: GitHub pull requests, reviews, per-login signals, cursors (indexer/github).
    """
    CREATE TABLE pull_requests (
        repo TEXT NOT NULL,
        number INTEGER NOT NULL,
        title TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        author_login TEXT,                  -- NULL for a deleted user
        state TEXT NOT NULL,                -- OPEN, CLOSED, MERGED
        merged INTEGER NOT NULL DEFAULT 0,
        merge_sha TEXT,
        head_sha TEXT,
        labels_json TEXT NOT NULL DEFAULT '[]',
        additions INTEGER NOT NULL DEFAULT 0,
        deletions INTEGER NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL,
        merged_at TEXT,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (repo, number)
    );
    CREATE TABLE pr_commits (
        repo TEXT NOT NULL,
        number INTEGER NOT NULL,
        sha TEXT NOT NULL,
        author_email TEXT,
        author_login TEXT,
        PRIMARY KEY (repo, number, sha)
    );
    CREATE INDEX pr_commits_sha ON pr_commits(repo, sha);
    CREATE TABLE pr_files (
        repo TEXT NOT NULL,
        number INTEGER NOT NULL,
        path TEXT NOT NULL,
        additions INTEGER NOT NULL DEFAULT 0,
        deletions INTEGER NOT NULL DEFAULT 0,
        language TEXT,
        path_class TEXT,
        PRIMARY KEY (repo, number, path)
    );
    CREATE TABLE reviews (
        repo TEXT NOT NULL,
        number INTEGER NOT NULL,
        review_id INTEGER NOT NULL,
        reviewer_login TEXT,                -- NULL for a deleted user
        state TEXT NOT NULL,
        body TEXT NOT NULL DEFAULT '',
        submitted_at TEXT,
        PRIMARY KEY (repo, review_id)
    );
    CREATE INDEX reviews_pr ON reviews(repo, number);
    -- Signals that belong to a GitHub login rather than to an indexed change: reviews given, and the
    -- text signals of PRs whose commits are not in the local index. Rewritten per (repo, number).
    CREATE TABLE github_signals (
        repo TEXT NOT NULL,
        number INTEGER NOT NULL,
        login TEXT NOT NULL,
        kind TEXT NOT NULL,
        weight REAL NOT NULL,
        language TEXT,
        sha TEXT NOT NULL DEFAULT '',
        path TEXT,
        snippet TEXT NOT NULL,
        title TEXT NOT NULL,
        detail_json TEXT NOT NULL DEFAULT '{}',
        at TEXT NOT NULL                    -- when: review submitted, or PR merged/created (for recency)
    );
    CREATE INDEX github_signals_login ON github_signals(login);
    CREATE INDEX github_signals_pr ON github_signals(repo, number);
    -- Incremental state per repo: PRs updated at or after `since` are fetched next time; `pending_*`
    -- is the page cursor of an interrupted run, so a re-run continues where it stopped.
    CREATE TABLE github_cursors (
        repo TEXT PRIMARY KEY,
        since TEXT,
        pending_after TEXT,
        pending_since TEXT,
        pending_high TEXT,
        updated_at TEXT NOT NULL
    );
    -- Commit author lookups already made (login NULL: the email has no GitHub account), so a re-run
    -- does not ask again.
    CREATE TABLE github_login_lookups (
        repo TEXT NOT NULL,
        email TEXT NOT NULL,
        sha TEXT NOT NULL,
        login TEXT,
        PRIMARY KEY (repo, email)
    );
    """,
]


class StoreError(ScoutError):
    """The data directory or database cannot be used; the message says what and where."""


class Store:
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, db_path: Path, *, create: bool = True) -> Store:
        if not db_path.exists() and not create:
            raise StoreError(f"no index at {db_path}: run `scout index` first")
        try:
            db_path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(db_path, timeout=30, check_same_thread=False)
            conn.execute("PRAGMA schema_version").fetchone()  # fails fast on a foreign file
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"{db_path} is not a Scout database ({exc}): move it away or use another --data-dir"
            ) from exc
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the index database {db_path}: {exc}") from exc
        store = cls(conn, db_path)
        store._migrate()
        return store

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
            yield self.conn
        except BaseException:
            self.conn.rollback()
            raise
        else:
            self.conn.commit()

    def schema_version(self) -> int:
        return int(self.conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        try:
            version = self.schema_version()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path} is not a Scout database: {exc}") from exc
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this Scout ({SCHEMA_VERSION}): "
                "upgrade Scout or point --data-dir elsewhere"
            )
        for step in range(version, SCHEMA_VERSION):
            try:
                self.conn.executescript("BEGIN;\n" + MIGRATIONS[step] + f"\nPRAGMA user_version={step + 1};\nCOMMIT;")
            except sqlite3.Error as exc:
                self.conn.rollback()
                raise StoreError(f"cannot migrate {self.path} to schema {step + 1}: {exc}") from exc

    # --- profiles ---
    # Readers for profile aggregation and writers for the `profiles` table. `change_ids`, where given,
    # restricts a reader to those changes (passed as one JSON array so the query plan stays one statement).

    def identity_rows(self) -> list[tuple[str, str, str]]:
        """(email, name, person_id) for every identity, bots ('' person) included."""
        return self.conn.execute("SELECT email, name, person_id FROM identities ORDER BY email, name").fetchall()

    def login_map(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT email, login FROM logins").fetchall())

    def change_rows(self) -> list[tuple[str, str, str, str, str, str]]:
        """(change_id, author_email, author_name, authored_at, subject, class_json) for every change."""
        return self.conn.execute(
            "SELECT change_id, author_email, author_name, authored_at, subject, class_json FROM changes"
        ).fetchall()

    def co_author_rows(self) -> list[tuple[str, str, str]]:
        return self.conn.execute("SELECT change_id, email, name FROM co_authors").fetchall()

    def change_shape_rows(self) -> list[tuple[str, int, int]]:
        """(change_id, landed commits, signals) per change: what a profile fingerprint covers besides ids."""
        return self.conn.execute(
            "SELECT c.change_id,"
            " (SELECT count(*) FROM commits m WHERE m.change_id = c.change_id),"
            " (SELECT count(*) FROM signals s WHERE s.change_id = c.change_id)"
            " FROM changes c"
        ).fetchall()

    def commit_rows(self, change_ids: list[str] | None = None) -> list[tuple[str, str, str]]:
        """(change_id, repo, sha) for each landing of a change."""
        return self._rows_for("SELECT change_id, repo, sha FROM commits", change_ids, "ORDER BY repo, sha")

    def file_change_rows(
        self, change_ids: list[str] | None = None
    ) -> list[tuple[str, str, str | None, int, str, str | None]]:
        """(change_id, path, language, added, flags, path_class)."""
        return self._rows_for(
            "SELECT change_id, path, language, added, flags, path_class FROM file_changes", change_ids, ""
        )

    def signal_rows(self, change_ids: list[str] | None = None) -> list[tuple]:
        """(change_id, kind, weight, language, repo, sha, path, line, snippet, title, detail_json)."""
        return self._rows_for(
            "SELECT change_id, kind, weight, language, repo, sha, path, line, snippet, title, detail_json FROM signals",
            change_ids,
            "ORDER BY rowid",
        )

    def _rows_for(self, select: str, change_ids: list[str] | None, order: str) -> list[tuple]:
        if change_ids is None:
            return self.conn.execute(f"{select} {order}").fetchall()
        where = " WHERE change_id IN (SELECT value FROM json_each(?)) "
        return self.conn.execute(select + where + order, (json.dumps(change_ids),)).fetchall()

    def newest_authored_at(self) -> str | None:
        row = self.conn.execute("SELECT max(authored_at) FROM changes").fetchone()
        return row[0] if row else None

    def profile_fingerprints(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT person_id, fingerprint FROM profiles").fetchall())

    def profile_summaries(self) -> dict[str, str]:
        return dict(self.conn.execute("SELECT person_id, summary FROM profiles").fetchall())

    def invalidate_profiles(self, person_ids: list[str]) -> None:
        """Blank these fingerprints so the next refresh rebuilds them (their vectors failed to write)."""
        with self.transaction() as conn:
            conn.executemany("UPDATE profiles SET fingerprint = '' WHERE person_id = ?", [(p,) for p in person_ids])

    def save_profiles(self, rows: list[tuple[str, str, str, str]], removed: list[str], built_at: str) -> None:
        """Write (person_id, profile_json, summary, fingerprint) rows and drop `removed`, in one transaction."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO profiles (person_id, profile_json, summary, fingerprint, built_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT(person_id) DO UPDATE SET profile_json = excluded.profile_json,"
                " summary = excluded.summary, fingerprint = excluded.fingerprint, built_at = excluded.built_at",
                [(*row, built_at) for row in rows],
            )
            conn.executemany("DELETE FROM profiles WHERE person_id = ?", [(p,) for p in removed])

    def profile_json(self, person_id: str) -> str | None:
        row = self.conn.execute("SELECT profile_json FROM profiles WHERE person_id = ?", (person_id,)).fetchone()
        return row[0] if row else None

    def profile_jsons(self, person_ids: list[str] | None = None) -> list[str]:
        if person_ids is None:
            return [r[0] for r in self.conn.execute("SELECT profile_json FROM profiles ORDER BY person_id")]
        return [
            r[0]
            for r in self.conn.execute(
                "SELECT profile_json FROM profiles WHERE person_id IN (SELECT value FROM json_each(?))"
                " ORDER BY person_id",
                (json.dumps(person_ids),),
            )
        ]

    def find_person(self, query: str) -> str | None:
        """The person id for a person id, `gh:login`, login or email (case-insensitive), else None."""
        q = query.strip().lower()
        login = q[3:] if q.startswith("gh:") else q
        for sql, arg in (
            ("SELECT person_id FROM profiles WHERE lower(person_id) = ?", q),
            ("SELECT person_id FROM profiles WHERE lower(person_id) = ?", f"gh:{login}"),
            ("SELECT person_id FROM identities WHERE email = ? AND person_id != ''", q),
            (
                "SELECT i.person_id FROM logins l JOIN identities i ON i.email = l.email"
                " WHERE lower(l.login) = ? AND i.person_id != ''",
                login,
            ),
        ):
            row = self.conn.execute(sql, (arg,)).fetchone()
            if row:
                return str(row[0])
        return None
