"""The SQLite system of record: repos, commits, file changes, signals, people and profiles.

One Store per process. Every write path commits per repo batch inside a transaction, so an
interrupted run leaves either a whole batch or nothing, and a re-run resumes from `repos.last_sha`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from indexer.store_map import MapQueries
from indexer.store_people import PeopleQueries
from indexer.store_shortlists import ShortlistQueries
from models.errors import ScoutError
from models.privacy import public_id

SCHEMA_VERSION = 7

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
    # v3: every key a change is known by (indexer/git): 'p:' + patch id for each repo layout it landed in,
    # and 'k:' + a sync key (author email, author time, subject without PR refs) that finds the same change
    # re-applied under another directory (ggml synced into whisper.cpp). key -> change_id.
    """
    CREATE TABLE change_keys (
        key TEXT PRIMARY KEY,
        change_id TEXT NOT NULL REFERENCES changes(change_id)
    );
    CREATE INDEX change_keys_change ON change_keys(change_id);
    """,
    # v4: the talent map finds each change's first landing (earliest committer time) from the index alone.
    """
    CREATE INDEX commits_landing ON commits(change_id, committed_at, repo);
    """,
    # v5: people (indexer/store_people.py): hand identity decisions, the joins name rules made (for review),
    # and suppressed people, remembered only as SHA-256 hashes of their lower-cased emails and 'gh:<login>'.
    """
    CREATE TABLE identity_decisions (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,                 -- 'merge' (a, b: keys) or 'split' (a: group, b: one email of it)
        a TEXT NOT NULL,                    -- keys are 'gh:<login>' or an email
        b TEXT NOT NULL,
        decided_at TEXT NOT NULL
    );
    CREATE TABLE identity_merges (
        person_id TEXT NOT NULL,
        rule TEXT NOT NULL,
        side_a TEXT NOT NULL,               -- JSON [[email, name, commits], ...]
        side_b TEXT NOT NULL,
        last_at TEXT                        -- newest author date on either side
    );
    CREATE TABLE suppressed (
        hash TEXT PRIMARY KEY,              -- sha256 hex of a lower-cased email or 'gh:<login>'
        person TEXT NOT NULL,               -- the group: sha256 of the person id when suppressed
        reason TEXT NOT NULL DEFAULT '',
        forgotten INTEGER NOT NULL DEFAULT 0,
        at TEXT NOT NULL
    );
    """,
    # v6: the talent map reads each change's author and author time from an index in change_id order (next to
    # commits_landing), not from the table, whose rows carry the whole message.
    """
    CREATE INDEX changes_author ON changes(change_id, author_email, author_name, authored_at);
    """,
    # v7: shortlists (indexer/store_shortlists.py): named lists of people with a note each, kept by the server
    # and `scout shortlist`. Members hold the person id; a forgotten person's rows are deleted with them.
    # And an index from an author identity to its changes, for a person's activity by month.
    """
    CREATE TABLE shortlists (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE COLLATE NOCASE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE shortlist_members (
        shortlist_id INTEGER NOT NULL REFERENCES shortlists(id),
        person_id TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        added_at TEXT NOT NULL,
        PRIMARY KEY (shortlist_id, person_id)
    );
    CREATE INDEX shortlist_members_person ON shortlist_members(person_id);
    -- a person's changes by their identities (the profile page's activity chart; a scan of changes without it)
    CREATE INDEX changes_identity ON changes(author_email, author_name, authored_at);
    """,
]


RECOVER = (
    "restore scout.db from a backup, or move it away and run `scout index --rebuild` on the repositories to rebuild it"
)


class StoreError(ScoutError):
    """The data directory or database cannot be used; the message says what and where."""


def _connect(db_path: Path, *, read_only: bool) -> sqlite3.Connection:
    if not read_only:
        return sqlite3.connect(db_path, timeout=30, check_same_thread=False)
    # A WAL database in a directory nobody can write to has no writer and cannot get its -shm file:
    # read it as immutable. Otherwise read-only mode still sees a running writer's commits.
    frozen = not os.access(db_path.parent, os.W_OK) and not db_path.with_name(db_path.name + "-wal").exists()
    uri = f"{db_path.resolve().as_uri()}?mode=ro" + ("&immutable=1" if frozen else "")
    return sqlite3.connect(uri, uri=True, timeout=30, check_same_thread=False)


def _check_writable(db_path: Path) -> None:
    """A writer needs the directory (for the journal) and the file: say so instead of blaming the file."""
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise StoreError(f"cannot create the data directory {db_path.parent}: {exc.strerror}") from exc
    for target in (db_path.parent, db_path):
        if target.exists() and not os.access(target, os.W_OK):
            raise StoreError(
                f"{target} is read-only: reading commands work, but indexing needs write access to"
                f" {db_path.parent} and {db_path.name}: fix the permissions or copy the data directory elsewhere"
            )


def first_line(exc: BaseException) -> str:
    """SQLite's message for `exc` on one line (an integrity report spans many; its banner says nothing)."""
    lines = [line for line in str(exc).splitlines() if line.strip() and not line.startswith("***")]
    return lines[0] if lines else type(exc).__name__


def _database_error(db_path: Path, exc: sqlite3.DatabaseError) -> StoreError:
    if "malformed" in str(exc) or "corrupt" in str(exc) or "***" in str(exc):
        return StoreError(f"{db_path} is damaged ({first_line(exc)}): {RECOVER}")
    return StoreError(f"{db_path} is not a Scout database ({first_line(exc)}): move it away or use another --data-dir")


class Store(MapQueries, PeopleQueries, ShortlistQueries):
    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path

    @classmethod
    def open(cls, db_path: Path, *, create: bool = True, read_only: bool = False, check: bool = True) -> Store:
        """Open for writing (creating the file when `create`; integrity checked unless not `check`, and migrated
        first) or, with `read_only`, for reading: never created, migrated or written, so reads work in a read-only
        directory. A small write beside a reader that opened the file checked (a shortlist) skips the check."""
        existed = db_path.exists()
        if not existed and (read_only or not create):
            raise StoreError(f"no index at {db_path}: run `scout index` first")
        if existed and db_path.stat().st_size == 0:
            raise StoreError(f"{db_path} is empty (0 bytes), so the index is damaged: {RECOVER}")
        if not read_only:
            _check_writable(db_path)
        try:
            conn = _connect(db_path, read_only=read_only)
            conn.execute("PRAGMA schema_version").fetchone()  # fails fast on a foreign file
            if not read_only:
                conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
        except sqlite3.DatabaseError as exc:
            raise _database_error(db_path, exc) from exc
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the index database {db_path}: {exc}") from exc
        store = cls(conn, db_path)
        if read_only:
            if store._check_version() < SCHEMA_VERSION:
                # An index from an older Scout: upgrade it once (a writer's step, under the writer's checks).
                store.close()
                cls.open(db_path, create=False).close()
                return cls.open(db_path, read_only=True)
            return store
        if existed and check:
            store._check_integrity()
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

    def _check_integrity(self) -> None:
        """Refuse a damaged database before anything writes into it (a write could spread the damage)."""
        try:
            verdict = self.integrity_problems(quick=True)
        except sqlite3.DatabaseError as exc:
            raise _database_error(self.path, exc) from exc
        if verdict:
            raise StoreError(f"{self.path} is damaged ({verdict[0]}): {RECOVER}")

    def integrity_problems(self, *, quick: bool) -> list[str]:
        """SQLite's own check of every page and index: [] when the file is sound."""
        pragma = "quick_check" if quick else "integrity_check"
        try:
            rows = [str(r[0]) for r in self.conn.execute(f"PRAGMA {pragma}").fetchall()]
        except sqlite3.DatabaseError as exc:  # damage bad enough that the check itself stops
            return [first_line(exc)]
        lines = [line for row in rows for line in row.splitlines() if not line.startswith("***")]
        return [] if lines == ["ok"] else lines

    def _version(self) -> int:
        try:
            version = self.schema_version()
        except sqlite3.DatabaseError as exc:
            raise _database_error(self.path, exc) from exc
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} has schema version {version}, newer than this Scout ({SCHEMA_VERSION}): "
                "upgrade Scout or point --data-dir elsewhere"
            )
        return version

    def _check_version(self) -> int:
        """A reader's check: the file holds a Scout schema (reads never create one)."""
        version = self._version()
        if version == 0:
            raise StoreError(
                f"{self.path} holds no Scout index (no schema): run `scout index` or use another --data-dir"
            )
        return version

    def _migrate(self) -> None:
        version = self._version()
        for step in range(version, SCHEMA_VERSION):
            try:
                self.conn.executescript("BEGIN;\n" + MIGRATIONS[step] + f"\nPRAGMA user_version={step + 1};\nCOMMIT;")
            except sqlite3.Error as exc:
                self.conn.rollback()
                raise StoreError(f"cannot migrate {self.path} to schema {step + 1}: {exc}") from exc

    # --- doctor ---
    # Rows that a correct run never leaves: signals written twice (two writers at once, before the writer
    # lock) and rows whose change is gone. Counted by `scout doctor`, deleted by `scout doctor --repair`.

    _SIGNAL_COLUMNS = "change_id, kind, weight, language, repo, sha, path, line, snippet, title, detail_json"
    _CHANGE_TABLES = ("commits", "co_authors", "file_changes", "signals", "change_keys")

    def duplicate_signal_count(self) -> int:
        return int(
            self.conn.execute(
                "SELECT count(*) - (SELECT count(*) FROM (SELECT 1 FROM signals GROUP BY "
                + self._SIGNAL_COLUMNS
                + ")) FROM signals"
            ).fetchone()[0]
        )

    def orphan_counts(self) -> dict[str, int]:
        """Rows per table whose change_id names no change."""
        return {
            table: int(
                self.conn.execute(
                    f"SELECT count(*) FROM {table} WHERE change_id NOT IN (SELECT change_id FROM changes)"
                ).fetchone()[0]
            )
            for table in self._CHANGE_TABLES
        }

    def repair_rows(self) -> int:
        """Delete doubled signals (keeping the first copy) and orphaned rows, in one transaction."""
        before = self.conn.total_changes
        with self.transaction() as conn:
            conn.execute(
                "DELETE FROM signals WHERE rowid NOT IN (SELECT min(rowid) FROM signals GROUP BY "
                + self._SIGNAL_COLUMNS
                + ")"
            )
            for table in self._CHANGE_TABLES:
                conn.execute(f"DELETE FROM {table} WHERE change_id NOT IN (SELECT change_id FROM changes)")
        return self.conn.total_changes - before

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

    def change_text_rows(self, change_ids: list[str] | None = None) -> list[tuple[str, str, str | None]]:
        """(change_id, message, pr_text): the prose of each change, for the lexical index."""
        return self._rows_for("SELECT change_id, message, pr_text FROM changes", change_ids, "")

    def evidence_token(self) -> tuple[int, str | None, int, int]:
        """Changes when what profiles are built from changes: (profiles, newest build, changes, signals).
        A re-index that found nothing new leaves it as it was (unchanged profiles are not rewritten)."""
        profiles = self.conn.execute("SELECT count(*), max(built_at) FROM profiles").fetchone()
        changes = self.conn.execute("SELECT max(rowid) FROM changes").fetchone()[0] or 0
        signals = self.conn.execute("SELECT max(rowid) FROM signals").fetchone()[0] or 0
        return (int(profiles[0]), profiles[1], int(changes), int(signals))

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

    def profile_digests(self) -> dict[str, tuple[str, str]]:
        """person_id -> (sha1 of profile_json, sha1 of summary): what the vector index should hold.
        Streamed, so the profile texts are never all in memory at once."""
        out: dict[str, tuple[str, str]] = {}
        for person_id, profile_json, summary in self.conn.execute(
            "SELECT person_id, profile_json, summary FROM profiles"
        ):
            out[person_id] = (_sha1(profile_json), _sha1(summary))
        return out

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
        """The person id for a person id, its public 'p:' form, `gh:login`, login or email (case-insensitive),
        else None."""
        q = query.strip().lower()
        if q.startswith("p:"):
            ids = self.conn.execute("SELECT DISTINCT person_id FROM identities WHERE person_id != ''")
            return next((str(pid) for (pid,) in ids if public_id(pid) == q), None)
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

    # --- repositories ---

    def repo_rows(self) -> list[tuple[str, str | None, int, int, str | None]]:
        """(name, stored category or None, commits landed, people, indexed_at) per repository; people are the
        resolved persons (bots left out) who authored or co-authored a change that landed there."""
        return self.conn.execute(
            "SELECT r.name, r.category, coalesce(n.commits, 0), coalesce(p.people, 0), r.indexed_at FROM repos r"
            " LEFT JOIN (SELECT repo, count(*) AS commits FROM commits GROUP BY repo) n ON n.repo = r.name"
            " LEFT JOIN (SELECT m.repo, count(DISTINCT i.person_id) AS people FROM commits m"
            "  JOIN (SELECT change_id, author_email AS email, author_name AS name FROM changes"
            "        UNION ALL SELECT change_id, email, name FROM co_authors) w ON w.change_id = m.change_id"
            "  JOIN identities i ON i.email = w.email AND i.name = w.name"
            "  WHERE i.person_id != '' GROUP BY m.repo) p ON p.repo = r.name"
            " ORDER BY r.name"
        ).fetchall()

    def repo_category_rows(self) -> list[tuple[str, str | None]]:
        """(name, stored category or None) per repository."""
        return self.conn.execute("SELECT name, category FROM repos ORDER BY name").fetchall()

    def set_repo_category(self, repo: str, category: str) -> bool:
        """Set a repository's category (nothing else changes); False when the repository is not indexed."""
        with self.transaction() as conn:
            cur = conn.execute("UPDATE repos SET category = ? WHERE name = ?", (category, repo))
        return cur.rowcount > 0

    # --- github ---
    # Pull requests, reviews and per-login signals from the GitHub API (indexer/github). Writers run
    # inside `store.transaction()` so one fetched page is committed whole or not at all.

    def github_cursor(self, repo: str) -> tuple[str | None, str | None, str | None, str | None]:
        """(since, pending_after, pending_since, pending_high) for `repo`; all None before the first run."""
        row = self.conn.execute(
            "SELECT since, pending_after, pending_since, pending_high FROM github_cursors WHERE repo = ?", (repo,)
        ).fetchone()
        return (row[0], row[1], row[2], row[3]) if row else (None, None, None, None)

    def github_set_cursor(
        self,
        repo: str,
        since: str | None,
        pending_after: str | None,
        pending_since: str | None,
        pending_high: str | None,
        now: str,
    ) -> None:
        self.conn.execute(
            "INSERT INTO github_cursors (repo, since, pending_after, pending_since, pending_high, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(repo) DO UPDATE SET since = excluded.since,"
            " pending_after = excluded.pending_after, pending_since = excluded.pending_since,"
            " pending_high = excluded.pending_high, updated_at = excluded.updated_at",
            (repo, since, pending_after, pending_since, pending_high, now),
        )

    def github_put_pull(
        self,
        row: tuple,
        commits: list[tuple[str, str | None, str | None]],
        files: list[tuple[str, int, int, str | None, str | None]],
        reviews: list[tuple[int, str | None, str, str, str | None]],
    ) -> None:
        """Replace one PR: row = (repo, number, title, body, author_login, state, merged, merge_sha, head_sha,
        labels_json, additions, deletions, created_at, merged_at, updated_at); commits (sha, email, login);
        files (path, additions, deletions, language, path_class); reviews (id, login, state, body, submitted_at)."""
        repo, number = row[0], row[1]
        self.conn.execute(
            "INSERT OR REPLACE INTO pull_requests (repo, number, title, body, author_login, state, merged, merge_sha,"
            " head_sha, labels_json, additions, deletions, created_at, merged_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            row,
        )
        for table in ("pr_commits", "pr_files", "reviews"):
            self.conn.execute(f"DELETE FROM {table} WHERE repo = ? AND number = ?", (repo, number))
        self.conn.executemany(
            "INSERT OR IGNORE INTO pr_commits (repo, number, sha, author_email, author_login) VALUES (?, ?, ?, ?, ?)",
            [(repo, number, *c) for c in commits],
        )
        self.conn.executemany(
            "INSERT OR IGNORE INTO pr_files (repo, number, path, additions, deletions, language, path_class)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(repo, number, *f) for f in files],
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO reviews (repo, number, review_id, reviewer_login, state, body, submitted_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(repo, number, *r) for r in reviews],
        )

    def github_replace_login_signals(self, repo: str, number: int, rows: list[tuple], kinds: list[str] | None) -> None:
        """Replace the PR's per-login signals (all, or only `kinds`): rows = (login, kind, weight, language, sha,
        path, snippet, title, detail_json, at)."""
        if kinds is None:
            self.conn.execute("DELETE FROM github_signals WHERE repo = ? AND number = ?", (repo, number))
        else:
            self.conn.execute(
                "DELETE FROM github_signals WHERE repo = ? AND number = ? AND kind IN (SELECT value FROM json_each(?))",
                (repo, number, json.dumps(kinds)),
            )
        self.conn.executemany(
            "INSERT INTO github_signals (repo, number, login, kind, weight, language, sha, path, snippet, title,"
            " detail_json, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(repo, number, *r) for r in rows],
        )

    def github_drop_text_login_signals(self, repo: str, number: int, review_kind: str) -> None:
        """The PR's text signals now live on joined changes: drop the per-login copies (reviews stay)."""
        self.conn.execute(
            "DELETE FROM github_signals WHERE repo = ? AND number = ? AND kind != ?", (repo, number, review_kind)
        )

    def github_put_logins(self, pairs: list[tuple[str, str]]) -> int:
        """email -> login learned from the API; a login from another source (noreply, mailmap) wins."""
        before = self.conn.total_changes
        self.conn.executemany(
            "INSERT INTO logins (email, login, source) VALUES (?, ?, 'github') ON CONFLICT(email) DO UPDATE SET"
            " login = excluded.login WHERE logins.source = 'github' AND logins.login != excluded.login",
            pairs,
        )
        return self.conn.total_changes - before

    def github_pr_changes(
        self, repo: str, numbers: list[int] | None = None
    ) -> list[tuple[int, str, str, str, str, str, str, str | None]]:
        """Indexed changes that PRs of `repo` merged, by merge sha or PR commit sha: (number, change_id, sha,
        author_email, author_name, authored_at, message, pr_text); merge-sha matches first."""
        where = "" if numbers is None else " AND j.number IN (SELECT value FROM json_each(?))"
        sql = (
            "SELECT j.number, c.change_id, c.sha, ch.author_email, ch.author_name, ch.authored_at, ch.message,"
            " ch.pr_text FROM (SELECT number, merge_sha AS sha, 0 AS via FROM pull_requests"
            " WHERE repo = ?1 AND merge_sha IS NOT NULL"
            " UNION SELECT number, sha, 1 AS via FROM pr_commits WHERE repo = ?1) j"
            " JOIN commits c ON c.repo = ?1 AND c.sha = j.sha JOIN changes ch ON ch.change_id = c.change_id"
            " WHERE 1 = 1" + where.replace("?", "?2") + " ORDER BY j.via, j.number"
        )
        params: tuple = (repo,) if numbers is None else (repo, json.dumps(numbers))
        return self.conn.execute(sql, params).fetchall()

    def github_pull_text(self, repo: str, number: int) -> tuple[str, str] | None:
        row = self.conn.execute(
            "SELECT title, body FROM pull_requests WHERE repo = ? AND number = ?", (repo, number)
        ).fetchone()
        return (row[0], row[1]) if row else None

    def github_set_pr_text(self, change_id: str, text: str) -> None:
        self.conn.execute("UPDATE changes SET pr_text = ? WHERE change_id = ?", (text, change_id))

    def github_replace_text_signals(self, change_id: str, kinds: list[str], rows: list[tuple]) -> None:
        """Replace a change's text signals (path NULL) of `kinds`: rows = (kind, weight, language, repo, sha,
        path, line, snippet, title, detail_json)."""
        self.conn.execute(
            "DELETE FROM signals WHERE change_id = ? AND path IS NULL AND kind IN (SELECT value FROM json_each(?))",
            (change_id, json.dumps(kinds)),
        )
        self.conn.executemany(
            "INSERT INTO signals (change_id, kind, weight, language, repo, sha, path, line, snippet, title,"
            " detail_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(change_id, *r) for r in rows],
        )

    def github_unlooked_emails(self, repo: str, limit: int) -> list[tuple[str, str]]:
        """(email, latest sha) of authors of `repo`'s indexed commits with no login and not yet looked up."""
        # SQLite takes the bare column c.sha from the row holding max(authored_at).
        rows = self.conn.execute(
            "SELECT ch.author_email, c.sha, max(ch.authored_at) FROM commits c"
            " JOIN changes ch ON ch.change_id = c.change_id"
            " WHERE c.repo = ?1 AND ch.author_email NOT IN (SELECT email FROM logins)"
            " AND ch.author_email NOT IN (SELECT email FROM github_login_lookups WHERE repo = ?1)"
            " GROUP BY ch.author_email ORDER BY ch.author_email LIMIT ?2",
            (repo, limit),
        ).fetchall()
        return [(email, sha) for email, sha, _ in rows]

    def github_record_lookups(self, repo: str, rows: list[tuple[str, str, str | None]]) -> None:
        """Remember (email, sha, login or None) lookups so a re-run does not repeat them."""
        self.conn.executemany(
            "INSERT OR REPLACE INTO github_login_lookups (repo, email, sha, login) VALUES (?, ?, ?, ?)",
            [(repo, *r) for r in rows],
        )

    def github_login_signals(self, logins: list[str] | None = None) -> list[tuple]:
        """Per-login signals for profiles: (login, at, kind, weight, language, repo, number, sha, path, snippet,
        title, detail_json), oldest first. Reviews given and text signals of PRs not in the local index."""
        select = (
            "SELECT login, at, kind, weight, language, repo, number, sha, path, snippet, title, detail_json"
            " FROM github_signals"
        )
        if logins is None:
            return self.conn.execute(select + " ORDER BY at, rowid").fetchall()
        return self.conn.execute(
            select + " WHERE login IN (SELECT value FROM json_each(?)) ORDER BY at, rowid", (json.dumps(logins),)
        ).fetchall()

    # --- indexing (git) ---
    # Writers and readers for indexer/pipeline.py and indexer/identity.py. A batch of commits is written
    # by `git_put_batch` inside one transaction, so an interrupted run keeps whole batches only.

    def git_repo_state(self, repo: str) -> tuple[str, str | None] | None:
        """(path, head_sha) of an indexed repo; head_sha is None until a run over it completed."""
        row = self.conn.execute("SELECT path, head_sha FROM repos WHERE name = ?", (repo,)).fetchone()
        return (row[0], row[1]) if row else None

    def git_repo_names(self) -> list[str]:
        return [r[0] for r in self.conn.execute("SELECT name FROM repos ORDER BY name")]

    def git_start_repo(self, repo: str, path: str, category: str | None) -> None:
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO repos (name, path, category) VALUES (?, ?, ?) ON CONFLICT(name) DO UPDATE SET"
                " path = excluded.path, category = coalesce(excluded.category, repos.category)",
                (repo, path, category),
            )

    def git_finish_repo(self, repo: str, head_sha: str | None, skipped_json: str, indexed_at: str) -> int:
        """Mark a completed run: the tip it reached, what it skipped; returns the repo's commit count."""
        with self.transaction() as conn:
            count = conn.execute("SELECT count(*) FROM commits WHERE repo = ?", (repo,)).fetchone()[0]
            conn.execute(
                "UPDATE repos SET head_sha = ?, indexed_at = ?, commits = ?, skipped_json = ? WHERE name = ?",
                (head_sha, indexed_at, count, skipped_json, repo),
            )
        return int(count)

    def git_indexed_shas(self, repo: str) -> set[str]:
        return {r[0] for r in self.conn.execute("SELECT sha FROM commits WHERE repo = ?", (repo,))}

    def git_change_for_keys(self, keys: list[str]) -> str | None:
        """The change already indexed under any of these keys (patch id or sync key), else None."""
        for key in keys:
            row = self.conn.execute("SELECT change_id FROM change_keys WHERE key = ?", (key,)).fetchone()
            if row:
                return str(row[0])
        return None

    def git_change_is_vendored_only(self, change_id: str) -> bool:
        """True when every file the change touched is a vendored copy (so a non-vendored landing is better)."""
        row = self.conn.execute(
            "SELECT count(*), sum(CASE WHEN path_class = 'vendored' OR instr(flags, 'vendored') > 0 THEN 1 ELSE 0 END)"
            " FROM file_changes WHERE change_id = ?",
            (change_id,),
        ).fetchone()
        return bool(row[0]) and row[0] == row[1]

    def git_put_batch(
        self,
        changes: list[tuple],
        keys: list[tuple[str, str]],
        commits: list[tuple[str, str, str, str | None]],
        co_authors: list[tuple[str, str, str]],
        file_changes: list[tuple],
        signals: list[tuple],
        replaced: list[str],
    ) -> None:
        """One batch in one transaction. changes: (change_id, author_email, author_name, authored_at, subject,
        message, added, removed, class_json); keys: (key, change_id); commits: (repo, sha, change_id,
        committed_at); co_authors: (change_id, email, name); file_changes: (change_id, path, old_path, kind,
        language, added, removed, flags, path_class); signals: (change_id, kind, weight, language, repo, sha,
        path, line, snippet, title, detail_json); replaced: change ids whose files, signals and class are
        rewritten from this batch (a vendored copy superseded by the original)."""
        with self.transaction() as conn:
            for change_id in replaced:
                conn.execute("DELETE FROM file_changes WHERE change_id = ?", (change_id,))
                conn.execute("DELETE FROM signals WHERE change_id = ?", (change_id,))
            conn.executemany(
                "INSERT INTO changes (change_id, author_email, author_name, authored_at, subject, message, added,"
                " removed, class_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(change_id) DO UPDATE SET"
                " added = excluded.added, removed = excluded.removed, class_json = excluded.class_json",
                changes,
            )
            conn.executemany("INSERT OR IGNORE INTO change_keys (key, change_id) VALUES (?, ?)", keys)
            conn.executemany(
                "INSERT OR IGNORE INTO commits (repo, sha, change_id, committed_at) VALUES (?, ?, ?, ?)", commits
            )
            conn.executemany("INSERT OR IGNORE INTO co_authors (change_id, email, name) VALUES (?, ?, ?)", co_authors)
            conn.executemany(
                "INSERT OR REPLACE INTO file_changes (change_id, path, old_path, kind, language, added, removed,"
                " flags, path_class) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                file_changes,
            )
            conn.executemany(
                "INSERT INTO signals (change_id, kind, weight, language, repo, sha, path, line, snippet, title,"
                " detail_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                signals,
            )

    def git_replace_mailmap(self, repo: str, rows: list[tuple[str, str, str, str]]) -> None:
        """rows: (alias_email, alias_name, canonical_email, canonical_name) from the repo's .mailmap."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM mailmap WHERE repo = ?", (repo,))
            conn.executemany(
                "INSERT OR REPLACE INTO mailmap (repo, alias_email, alias_name, canonical_email, canonical_name)"
                " VALUES (?, ?, ?, ?, ?)",
                [(repo, *r) for r in rows],
            )

    def git_mailmap_rows(self) -> list[tuple[str, str, str, str]]:
        return [row[1:] for row in self.git_mailmap_rows_by_repo()]

    def git_mailmap_rows_by_repo(self) -> list[tuple[str, str, str, str, str]]:
        """(repo, alias_email, alias_name, canonical_email, canonical_name): each repository's own entries."""
        return self.conn.execute(
            "SELECT repo, alias_email, alias_name, canonical_email, canonical_name FROM mailmap"
            " ORDER BY repo, alias_email"
        ).fetchall()

    def git_identity_counts(self) -> list[tuple[str, str, int]]:
        """(email, name, changes) for every author and co-author identity in the index."""
        return self.conn.execute(
            "SELECT email, name, sum(n) FROM ("
            " SELECT author_email AS email, author_name AS name, count(*) AS n FROM changes"
            " GROUP BY author_email, author_name"
            " UNION ALL SELECT email, name, count(*) FROM co_authors GROUP BY email, name"
            ") GROUP BY email, name ORDER BY email, name"
        ).fetchall()

    def git_identity_repos(self) -> list[tuple[str, str, str]]:
        """(email, name, repo) for every author and co-author identity and each repo it landed a change in."""
        return self.conn.execute(
            "SELECT DISTINCT c.author_email, c.author_name, m.repo FROM changes c"
            " JOIN commits m ON m.change_id = c.change_id"
            " UNION SELECT DISTINCT a.email, a.name, m.repo FROM co_authors a"
            " JOIN commits m ON m.change_id = a.change_id"
        ).fetchall()

    def git_put_noreply_logins(self, pairs: list[tuple[str, str]]) -> None:
        """email -> login read from GitHub noreply addresses; they win over logins from any other source."""
        with self.transaction() as conn:
            conn.executemany(
                "INSERT INTO logins (email, login, source) VALUES (?, ?, 'noreply') ON CONFLICT(email) DO UPDATE SET"
                " login = excluded.login, source = 'noreply'",
                pairs,
            )

    def git_replace_identities(self, rows: list[tuple[str, str, str]]) -> None:
        """Rewrite the identity -> person table: rows (email, name, person_id)."""
        with self.transaction() as conn:
            conn.execute("DELETE FROM identities")
            conn.executemany("INSERT OR REPLACE INTO identities (email, name, person_id) VALUES (?, ?, ?)", rows)

    def git_contributor_rows(self, repo: str | None = None) -> list[tuple[str, str, str, str, str]]:
        """(person_id, change_id, repo, authored_at, name) for each person's authored or co-authored landing."""
        where = "" if repo is None else " WHERE m.repo = ?"
        sql = (
            "SELECT i.person_id, c.change_id, m.repo, c.authored_at, i.name FROM changes c"
            " JOIN identities i ON i.email = c.author_email AND i.name = c.author_name"
            " JOIN commits m ON m.change_id = c.change_id" + where + " UNION ALL"
            " SELECT i.person_id, c.change_id, m.repo, c.authored_at, i.name FROM co_authors a"
            " JOIN changes c ON c.change_id = a.change_id JOIN identities i ON i.email = a.email AND i.name = a.name"
            " JOIN commits m ON m.change_id = c.change_id" + where
        )
        return self.conn.execute(sql, () if repo is None else (repo, repo)).fetchall()


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()
