"""The talent map's SQL (split from indexer/store.py; `Store` inherits these methods).

`map_prepare` builds per-connection temporary tables from the indexed commits in a handful of set-based
statements; every figure is then a GROUP BY over them. The definitions are docs/TALENT_MAP.md's:
  temp.map_change  one row per counted commit (a change, in the repository where it first landed, author
                   not a bot): the change's rowid, repository, category, quarter and ISO week of the UTC author
                   date, person, and the domain of the author's e-mail.
  temp.map_work    one row per (counted commit, person): its author and co-authors (bots left out).
  temp.map_scope_person  per (category 'c' or repository 'r', scope, person, quarter): commits, active weeks.
Repositories, categories and people are small integers there (temp.map_repo, map_category, map_person, numbered
in the sort order of their names, so integer order is name order and every tie-break stays the same); the
readers turn them back into names.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

# The UTC author time, its quarter ("2026Q2") and its ISO week, from an ISO 8601 time with offset. The per-commit
# tables hold integers and short strings only, which keeps their sorts and GROUP BYs over the newsletter's
# 150,000 commits cheap (about 1.6x less CPU than with names and change ids, the same figures).
_PREPARE = """
DROP TABLE IF EXISTS temp.map_change;
DROP TABLE IF EXISTS temp.map_work;
DROP TABLE IF EXISTS temp.map_scope_person;
DROP TABLE IF EXISTS temp.map_person;
DROP TABLE IF EXISTS temp.map_identity;
CREATE TEMP TABLE map_person (pid INTEGER PRIMARY KEY, person_id TEXT NOT NULL UNIQUE);
INSERT INTO map_person (person_id)
SELECT DISTINCT person_id FROM identities WHERE person_id != '' ORDER BY person_id;
-- identity -> person number, bots left out: one covering lookup per commit
CREATE TEMP TABLE map_identity (email TEXT NOT NULL, name TEXT NOT NULL, pid INTEGER NOT NULL,
    PRIMARY KEY (email, name)) WITHOUT ROWID;
INSERT INTO map_identity SELECT i.email, i.name, p.pid FROM identities i JOIN map_person p ON p.person_id = i.person_id;
CREATE TEMP TABLE map_change (
    ch INTEGER PRIMARY KEY,  -- changes.rowid
    rid INTEGER NOT NULL, cid INTEGER NOT NULL, quarter TEXT NOT NULL,
    week INTEGER NOT NULL,  -- the ISO week: days since the Monday of Julian day 0, over 7
    pid INTEGER NOT NULL,
    domain TEXT NOT NULL  -- of the author's lower-cased e-mail
);
INSERT INTO map_change (ch, rid, cid, quarter, week, pid, domain)
WITH base AS (
    SELECT c.rowid AS ch, datetime(c.authored_at) AS utc, i.pid,
        substr(lower(c.author_email), instr(c.author_email, '@') + 1) AS domain,
        -- the first landing: the earliest committer time in UTC (ties: repository name), from commits_landing
        (SELECT d.repo FROM commits d WHERE d.change_id = c.change_id
         ORDER BY coalesce(datetime(d.committed_at), '9999-12-31'), d.repo LIMIT 1) AS repo
    FROM changes c  -- in rowid order, so map_change is written in key order
    JOIN map_identity i ON i.email = c.author_email AND i.name = c.author_name
)
SELECT b.ch, r.rid, r.cid,
    substr(b.utc, 1, 4) || 'Q' || ((CAST(substr(b.utc, 6, 2) AS INTEGER) + 2) / 3),
    -- Julian day 0 began at noon on a Monday: + 0.5 counts days from midnight, so weeks run Monday to Sunday
    CAST((julianday(b.utc) + 0.5) / 7 AS INTEGER),
    b.pid, b.domain
FROM base b JOIN map_repo r ON r.repo = b.repo
WHERE b.utc IS NOT NULL;
-- covering for the per-quarter figures (totals, commits per repository and category, domains, work mix)
CREATE INDEX temp.map_change_quarter ON map_change(quarter, cid, rid, domain);
CREATE TEMP TABLE map_work AS
SELECT ch, rid, cid, quarter, week, pid FROM map_change
UNION ALL
SELECT DISTINCT m.ch, m.rid, m.cid, m.quarter, m.week, i.pid
FROM co_authors a
JOIN changes c ON c.change_id = a.change_id
JOIN map_change m ON m.ch = c.rowid
JOIN map_identity i ON i.email = a.email AND i.name = a.name
WHERE i.pid != m.pid;  -- a co-author who is the author (another address) counts once
CREATE INDEX temp.map_work_quarter ON map_work(quarter, rid, ch, pid);  -- covering, in concentration's order
-- map_work holds each (change, person) once, so count(*) counts a person's commits
CREATE TEMP TABLE map_scope_person AS
SELECT 'c' AS kind, cid AS scope, pid, quarter, count(*) AS commits, count(DISTINCT week) AS weeks
FROM map_work GROUP BY cid, pid, quarter
UNION ALL
SELECT 'r', rid, pid, quarter, count(*), count(DISTINCT week) FROM map_work GROUP BY rid, pid, quarter;
CREATE INDEX temp.map_scope_person_key ON map_scope_person(kind, scope, pid, quarter);
CREATE INDEX temp.map_scope_person_quarter ON map_scope_person(quarter, kind, pid);
ANALYZE temp;  -- without the sizes the planner joins people to people by scanning (minutes at 150,000 rows)
"""


class MapQueries:
    """Readers for talent/map.py. Call `map_prepare` first; the other methods read its temporary tables."""

    conn: sqlite3.Connection

    def map_prepare(
        self, categories: dict[str, str], skill_of_kind: dict[str, str], is_tests_path: Callable[[str], bool]
    ) -> None:
        """Build the counted-commit tables: `categories` repo -> category, `skill_of_kind` signal kind -> skill."""
        self.conn.create_function("is_tests_path", 1, is_tests_path, deterministic=True)
        # The temporary tables and their sorts stay in memory (tens of MB at the newsletter's scale), not temp files.
        self.conn.execute("PRAGMA temp_store = MEMORY")
        self.conn.execute("PRAGMA cache_size = -131072")
        self.conn.executescript(
            "DROP TABLE IF EXISTS temp.map_repo; DROP TABLE IF EXISTS temp.map_category;"
            " DROP TABLE IF EXISTS temp.map_skill; DROP TABLE IF EXISTS temp.map_scope;"
            " CREATE TEMP TABLE map_category (cid INTEGER PRIMARY KEY, category TEXT NOT NULL UNIQUE);"
            " CREATE TEMP TABLE map_repo (rid INTEGER PRIMARY KEY, repo TEXT NOT NULL UNIQUE, cid INTEGER NOT NULL);"
            " CREATE TEMP TABLE map_skill (kind TEXT PRIMARY KEY, skill TEXT NOT NULL);"
        )
        # Numbered in sort order (Python's code point order is SQLite's BINARY order of UTF-8).
        cid = {name: i for i, name in enumerate(sorted(set(categories.values())))}
        self.conn.executemany(
            "INSERT INTO temp.map_category (cid, category) VALUES (?, ?)", [(i, c) for c, i in cid.items()]
        )
        self.conn.executemany(
            "INSERT INTO temp.map_repo (rid, repo, cid) VALUES (?, ?, ?)",
            [(i, repo, cid[categories[repo]]) for i, repo in enumerate(sorted(categories))],
        )
        self.conn.executemany("INSERT INTO temp.map_skill (kind, skill) VALUES (?, ?)", sorted(skill_of_kind.items()))
        self.conn.executescript(
            "CREATE TEMP TABLE map_scope (kind TEXT NOT NULL, scope INTEGER NOT NULL, name TEXT NOT NULL,"
            " PRIMARY KEY (kind, scope));"
            " INSERT INTO map_scope SELECT 'c', cid, category FROM map_category;"
            " INSERT INTO map_scope SELECT 'r', rid, repo FROM map_repo;"
        )
        self.conn.executescript(_PREPARE)

    def map_quarters(self) -> list[str]:
        """Quarters with at least one counted commit, oldest first."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT quarter FROM map_change ORDER BY quarter")]

    def map_totals(self, quarter: str) -> tuple[int, int, int]:
        """(commits, contributors, active repositories) in the quarter."""
        row = self.conn.execute(
            "SELECT count(*), count(DISTINCT rid), (SELECT count(DISTINCT pid) FROM map_scope_person"
            " WHERE quarter = ?1 AND kind = 'c') FROM map_change WHERE quarter = ?1",
            (quarter,),
        ).fetchone()
        return int(row[0]), int(row[2]), int(row[1])

    def map_scope_figures(self, quarters: list[str]) -> list[tuple[str, str, str, int, int, int]]:
        """(kind 'c'|'r', scope, quarter, commits, contributors, active repos) for each category and repository."""
        return self.conn.execute(
            "WITH q AS (SELECT value AS quarter FROM json_each(?1)),"
            " per_repo AS MATERIALIZED (SELECT rid, cid, quarter, count(*) AS commits FROM map_change"
            "  WHERE quarter IN q GROUP BY rid, quarter),"
            " changes AS (SELECT 'c' AS kind, cid AS scope, quarter, sum(commits) AS commits, count(*) AS repos"
            "  FROM per_repo GROUP BY cid, quarter"
            "  UNION ALL SELECT 'r', rid, quarter, commits, 1 FROM per_repo),"
            " people AS (SELECT kind, scope, quarter, count(*) AS people FROM map_scope_person"
            "  WHERE quarter IN q GROUP BY kind, scope, quarter)"
            " SELECT c.kind, s.name, c.quarter, c.commits, p.people, c.repos FROM changes c"
            " JOIN people p ON p.kind = c.kind AND p.scope = c.scope AND p.quarter = c.quarter"
            " JOIN map_scope s ON s.kind = c.kind AND s.scope = c.scope",
            (json.dumps(quarters),),
        ).fetchall()

    def map_mean_active_weeks(self, quarter: str) -> list[tuple[str, str, float]]:
        """(kind, scope, mean distinct ISO weeks with a counted commit in the scope) over the quarter's people."""
        return self.conn.execute(
            "SELECT w.kind, s.name, w.mean FROM (SELECT kind, scope, avg(weeks) AS mean FROM map_scope_person"
            " WHERE quarter = ? GROUP BY kind, scope) w JOIN map_scope s ON s.kind = w.kind AND s.scope = w.scope",
            (quarter,),
        ).fetchall()

    def map_new_contributors(self, quarter: str) -> list[tuple[str, str, int]]:
        """(kind, scope, people whose first counted commit in the scope falls in the quarter)."""
        return self.conn.execute(
            "SELECT n.kind, s.name, n.people FROM (SELECT p.kind, p.scope, count(*) AS people FROM map_scope_person p"
            " WHERE p.quarter = ?1 AND NOT EXISTS (SELECT 1 FROM map_scope_person e WHERE e.kind = p.kind"
            "  AND e.scope = p.scope AND e.pid = p.pid AND e.quarter < ?1) GROUP BY p.kind, p.scope) n"
            " JOIN map_scope s ON s.kind = n.kind AND s.scope = n.scope",
            (quarter,),
        ).fetchall()

    def map_left(self, quarter: str, previous: str) -> list[tuple[str, str, int]]:
        """(kind, scope, the previous quarter's people with no counted commit in the scope in the quarter)."""
        return self.conn.execute(
            "SELECT n.kind, s.name, n.people FROM (SELECT p.kind, p.scope, count(*) AS people FROM map_scope_person p"
            " WHERE p.quarter = ?2 AND NOT EXISTS (SELECT 1 FROM map_scope_person q WHERE q.kind = p.kind"
            "  AND q.scope = p.scope AND q.pid = p.pid AND q.quarter = ?1) GROUP BY p.kind, p.scope) n"
            " JOIN map_scope s ON s.kind = n.kind AND s.scope = n.scope",
            (quarter, previous),
        ).fetchall()

    def map_overlaps(self, quarters: list[str]) -> list[tuple[str, str, str, int]]:
        """(category a, category b, quarter, people with counted commits in both), a < b."""
        return self.conn.execute(
            "WITH cp AS MATERIALIZED (SELECT scope, pid, quarter FROM map_scope_person"
            "  WHERE quarter IN (SELECT value FROM json_each(?)) AND kind = 'c'),"
            " pairs AS (SELECT a.scope AS a, b.scope AS b, a.quarter, count(*) AS people FROM cp a JOIN cp b"
            "  ON b.pid = a.pid AND b.quarter = a.quarter AND b.scope > a.scope GROUP BY a.scope, b.scope, a.quarter)"
            " SELECT ca.category, cb.category, p.quarter, p.people FROM pairs p"
            " JOIN map_category ca ON ca.cid = p.a JOIN map_category cb ON cb.cid = p.b",
            (json.dumps(quarters),),
        ).fetchall()

    def map_movers(self, quarter: str, previous: str) -> list[tuple[str, str, str]]:
        """(person, main category in the previous quarter, main category in the quarter) where they differ; the
        main category has the person's most commits (ties: the first name in sort order)."""
        return self.conn.execute(
            "WITH main AS (SELECT pid, quarter, scope, row_number() OVER ("
            "  PARTITION BY pid, quarter ORDER BY commits DESC, scope) AS rank"
            "  FROM map_scope_person WHERE quarter IN (?1, ?2) AND kind = 'c')"
            " SELECT p.person_id, ca.category, cb.category FROM main a JOIN main b ON b.pid = a.pid"
            " AND b.quarter = ?1 AND b.rank = 1 AND b.scope != a.scope"
            " JOIN map_person p ON p.pid = a.pid"
            " JOIN map_category ca ON ca.cid = a.scope JOIN map_category cb ON cb.cid = b.scope"
            " WHERE a.quarter = ?2 AND a.rank = 1 ORDER BY a.scope, b.scope, a.pid",
            (quarter, previous),
        ).fetchall()

    def map_concentration(self, quarter: str) -> list[tuple[str, int, int, int]]:
        """(repo, commits, commits with one of its top 5 contributors, people taken by commits until they made
        half its commits). People rank by their commits in the repo (ties: person id)."""
        self.conn.execute("DROP TABLE IF EXISTS temp.map_rank")
        self.conn.execute(
            "CREATE TEMP TABLE map_rank AS SELECT scope AS rid, pid, row_number() OVER ("
            " PARTITION BY scope ORDER BY commits DESC, pid) AS rank"
            " FROM map_scope_person WHERE quarter = ? AND kind = 'r'",
            (quarter,),
        )
        self.conn.execute("CREATE UNIQUE INDEX temp.map_rank_key ON map_rank(rid, pid)")
        return self.conn.execute(
            "WITH best AS (SELECT w.rid, w.ch, min(r.rank) AS rank FROM map_work w"
            "  JOIN map_rank r ON r.rid = w.rid AND r.pid = w.pid"
            "  WHERE w.quarter = ? GROUP BY w.rid, w.ch),"
            " per_rank AS (SELECT rid, rank, count(*) AS n FROM best GROUP BY rid, rank),"
            " cumulative AS (SELECT rid, rank, sum(n) OVER (PARTITION BY rid ORDER BY rank) AS covered,"
            "  sum(n) OVER (PARTITION BY rid) AS total FROM per_rank)"
            " SELECT r.repo, max(total), max(CASE WHEN rank <= 5 THEN covered END),"
            " min(CASE WHEN 2 * covered >= total THEN rank END) FROM cumulative c JOIN map_repo r ON r.rid = c.rid"
            " GROUP BY c.rid",
            (quarter,),
        ).fetchall()

    def map_work_mix(self, quarter: str) -> list[tuple[str, int, int, int]]:
        """(category, commits, commits with a benchmark or profiling signal, commits touching tests)."""
        return self.conn.execute(
            "WITH bench AS MATERIALIZED (SELECT c.rowid FROM map_skill k JOIN signals s ON s.kind = k.kind"
            "  JOIN changes c ON c.change_id = s.change_id WHERE k.skill IN ('benchmark_claim', 'profiling'))"
            " SELECT g.category, x.commits, x.bench, x.tests FROM (SELECT m.cid, count(*) AS commits,"
            " sum(m.ch IN bench) AS bench,"
            " sum(EXISTS (SELECT 1 FROM file_changes f WHERE f.change_id = c.change_id"
            "  AND (f.path_class = 'tests' OR is_tests_path(f.path)))) AS tests"
            " FROM map_change m JOIN changes c ON c.rowid = m.ch WHERE m.quarter = ? GROUP BY m.cid) x"
            " JOIN map_category g ON g.cid = x.cid",
            (quarter,),
        ).fetchall()

    def map_skill_commits(self, quarters: list[str]) -> list[tuple[str, str, str, int]]:
        """(category, quarter, skill, commits showing a signal of the skill)."""
        return self.conn.execute(
            "SELECT g.category, x.quarter, x.skill, x.commits FROM (SELECT m.cid, m.quarter, k.skill,"
            " count(DISTINCT m.ch) AS commits FROM map_change m JOIN changes c ON c.rowid = m.ch"
            " JOIN signals s ON s.change_id = c.change_id JOIN map_skill k ON k.kind = s.kind"
            " WHERE m.quarter IN (SELECT value FROM json_each(?)) GROUP BY m.cid, m.quarter, k.skill) x"
            " JOIN map_category g ON g.cid = x.cid",
            (json.dumps(quarters),),
        ).fetchall()

    def map_domains(self, quarter: str) -> list[tuple[str, str, int]]:
        """(category, author e-mail domain, commits)."""
        return self.conn.execute(
            "SELECT g.category, x.domain, x.commits FROM (SELECT cid, domain, count(*) AS commits FROM map_change"
            "  WHERE quarter = ? GROUP BY cid, domain) x JOIN map_category g ON g.cid = x.cid",
            (quarter,),
        ).fetchall()

    def map_scope_people(self, kind: str, scope: str, quarter: str) -> list[tuple[str, int, int, str]]:
        """(person, commits, active weeks, first quarter in the scope) for the scope's people in the quarter."""
        return self.conn.execute(
            "SELECT m.person_id, p.commits, p.weeks, (SELECT min(f.quarter) FROM map_scope_person f"
            "  WHERE f.kind = p.kind AND f.scope = p.scope AND f.pid = p.pid)"
            " FROM map_scope s JOIN map_scope_person p ON p.kind = s.kind AND p.scope = s.scope"
            " JOIN map_person m ON m.pid = p.pid"
            " WHERE s.kind = ? AND s.name = ? AND p.quarter = ?"
            " ORDER BY p.commits DESC, p.pid",
            (kind, scope, quarter),
        ).fetchall()

    def map_person_names(self, person_ids: list[str]) -> list[tuple[str, str, int]]:
        """(person, author name, changes authored under it) for the given people."""
        return self.conn.execute(
            "SELECT i.person_id, c.author_name, count(*) FROM changes c"
            " JOIN identities i ON i.email = c.author_email AND i.name = c.author_name"
            " WHERE i.person_id IN (SELECT value FROM json_each(?)) GROUP BY i.person_id, c.author_name",
            (json.dumps(person_ids),),
        ).fetchall()
