"""The talent map's SQL (split from indexer/store.py; `Store` inherits these methods).

`map_prepare` builds per-connection temporary tables from the indexed commits in a handful of set-based
statements; every figure is then a GROUP BY over them. The definitions are docs/TALENT_MAP.md's:
  temp.map_change  one row per counted commit (a change, in the repository where it first landed, author
                   not a bot): change_id, repo, category, quarter and ISO week (its Monday) of the UTC
                   author date, author e-mail and person.
  temp.map_work    one row per (counted commit, person): its author and co-authors (bots left out).
  temp.map_scope_person  per (category 'c' or repository 'r', scope, person, quarter): commits, active weeks.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable

# The UTC author time, its quarter ("2026Q2") and the Monday of its ISO week, from an ISO 8601 time with offset.
_PREPARE = """
DROP TABLE IF EXISTS temp.map_change;
DROP TABLE IF EXISTS temp.map_work;
DROP TABLE IF EXISTS temp.map_scope_person;
CREATE TEMP TABLE map_change AS
WITH base AS MATERIALIZED (
    SELECT c.change_id, datetime(c.authored_at) AS utc, lower(c.author_email) AS email, i.person_id,
        -- the first landing: the earliest committer time in UTC (ties: repository name)
        (SELECT d.repo FROM commits d WHERE d.change_id = c.change_id
         ORDER BY coalesce(datetime(d.committed_at), '9999-12-31'), d.repo LIMIT 1) AS repo
    FROM changes c
    JOIN identities i ON i.email = c.author_email AND i.name = c.author_name
    WHERE i.person_id != ''
)
SELECT b.change_id, b.repo, r.category,
    substr(b.utc, 1, 4) || 'Q' || ((CAST(substr(b.utc, 6, 2) AS INTEGER) + 2) / 3) AS quarter,
    date(b.utc, 'weekday 0', '-6 days') AS week,  -- the Monday of the ISO week
    b.email, b.person_id
FROM base b JOIN temp.map_repo r ON r.repo = b.repo
WHERE b.utc IS NOT NULL;
CREATE INDEX temp.map_change_quarter ON map_change(quarter, category);
CREATE TEMP TABLE map_work AS
SELECT change_id, repo, category, quarter, week, person_id FROM map_change
UNION ALL
SELECT DISTINCT m.change_id, m.repo, m.category, m.quarter, m.week, i.person_id
FROM map_change m
JOIN co_authors a ON a.change_id = m.change_id
JOIN identities i ON i.email = a.email AND i.name = a.name
WHERE i.person_id NOT IN ('', m.person_id);  -- a co-author who is the author (another address) counts once
CREATE INDEX temp.map_work_quarter ON map_work(quarter, repo);
-- map_work holds each (change, person) once, so count(*) counts a person's commits
CREATE TEMP TABLE map_scope_person AS
SELECT 'c' AS kind, category AS scope, person_id, quarter, count(*) AS commits, count(DISTINCT week) AS weeks
FROM map_work GROUP BY category, person_id, quarter
UNION ALL
SELECT 'r', repo, person_id, quarter, count(*), count(DISTINCT week) FROM map_work GROUP BY repo, person_id, quarter;
CREATE INDEX temp.map_scope_person_key ON map_scope_person(kind, scope, person_id, quarter);
CREATE INDEX temp.map_scope_person_quarter ON map_scope_person(kind, person_id, quarter);
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
            "DROP TABLE IF EXISTS temp.map_repo; DROP TABLE IF EXISTS temp.map_skill;"
            " CREATE TEMP TABLE map_repo (repo TEXT PRIMARY KEY, category TEXT NOT NULL);"
            " CREATE TEMP TABLE map_skill (kind TEXT PRIMARY KEY, skill TEXT NOT NULL);"
        )
        self.conn.executemany("INSERT INTO temp.map_repo (repo, category) VALUES (?, ?)", sorted(categories.items()))
        self.conn.executemany("INSERT INTO temp.map_skill (kind, skill) VALUES (?, ?)", sorted(skill_of_kind.items()))
        self.conn.executescript(_PREPARE)

    def map_quarters(self) -> list[str]:
        """Quarters with at least one counted commit, oldest first."""
        return [r[0] for r in self.conn.execute("SELECT DISTINCT quarter FROM map_change ORDER BY quarter")]

    def map_totals(self, quarter: str) -> tuple[int, int, int]:
        """(commits, contributors, active repositories) in the quarter."""
        row = self.conn.execute(
            "SELECT count(*), count(DISTINCT repo), (SELECT count(DISTINCT person_id) FROM map_scope_person"
            " WHERE kind = 'c' AND quarter = ?1) FROM map_change WHERE quarter = ?1",
            (quarter,),
        ).fetchone()
        return int(row[0]), int(row[2]), int(row[1])

    def map_scope_figures(self, quarters: list[str]) -> list[tuple[str, str, str, int, int, int]]:
        """(kind 'c'|'r', scope, quarter, commits, contributors, active repos) for each category and repository."""
        return self.conn.execute(
            "WITH q AS (SELECT value AS quarter FROM json_each(?1)),"
            " changes AS (SELECT 'c' AS kind, category AS scope, quarter, count(*) AS commits,"
            "  count(DISTINCT repo) AS repos FROM map_change WHERE quarter IN q GROUP BY category, quarter"
            "  UNION ALL SELECT 'r', repo, quarter, count(*), 1 FROM map_change WHERE quarter IN q"
            "  GROUP BY repo, quarter),"
            " people AS (SELECT kind, scope, quarter, count(*) AS people FROM map_scope_person"
            "  WHERE quarter IN q GROUP BY kind, scope, quarter)"
            " SELECT c.kind, c.scope, c.quarter, c.commits, p.people, c.repos FROM changes c"
            " JOIN people p ON p.kind = c.kind AND p.scope = c.scope AND p.quarter = c.quarter",
            (json.dumps(quarters),),
        ).fetchall()

    def map_mean_active_weeks(self, quarter: str) -> list[tuple[str, str, float]]:
        """(kind, scope, mean distinct ISO weeks with a counted commit in the scope) over the quarter's people."""
        return self.conn.execute(
            "SELECT kind, scope, avg(weeks) FROM map_scope_person WHERE quarter = ? GROUP BY kind, scope", (quarter,)
        ).fetchall()

    def map_new_contributors(self, quarter: str) -> list[tuple[str, str, int]]:
        """(kind, scope, people whose first counted commit in the scope falls in the quarter)."""
        return self.conn.execute(
            "SELECT kind, scope, count(*) FROM (SELECT kind, scope, person_id, min(quarter) AS first"
            " FROM map_scope_person GROUP BY kind, scope, person_id) WHERE first = ? GROUP BY kind, scope",
            (quarter,),
        ).fetchall()

    def map_left(self, quarter: str, previous: str) -> list[tuple[str, str, int]]:
        """(kind, scope, the previous quarter's people with no counted commit in the scope in the quarter)."""
        return self.conn.execute(
            "SELECT p.kind, p.scope, count(*) FROM map_scope_person p WHERE p.quarter = ?2 AND NOT EXISTS ("
            " SELECT 1 FROM map_scope_person q WHERE q.kind = p.kind AND q.scope = p.scope"
            " AND q.person_id = p.person_id AND q.quarter = ?1) GROUP BY p.kind, p.scope",
            (quarter, previous),
        ).fetchall()

    def map_overlaps(self, quarters: list[str]) -> list[tuple[str, str, str, int]]:
        """(category a, category b, quarter, people with counted commits in both), a < b."""
        return self.conn.execute(
            "WITH cp AS MATERIALIZED (SELECT scope, person_id, quarter FROM map_scope_person"
            "  WHERE kind = 'c' AND quarter IN (SELECT value FROM json_each(?)))"
            " SELECT a.scope, b.scope, a.quarter, count(*) FROM cp a JOIN cp b"
            " ON b.person_id = a.person_id AND b.quarter = a.quarter AND b.scope > a.scope"
            " GROUP BY a.scope, b.scope, a.quarter",
            (json.dumps(quarters),),
        ).fetchall()

    def map_movers(self, quarter: str, previous: str) -> list[tuple[str, str, str]]:
        """(person, main category in the previous quarter, main category in the quarter) where they differ; the
        main category has the person's most commits (ties: the first name in sort order)."""
        return self.conn.execute(
            "WITH main AS (SELECT person_id, quarter, scope, row_number() OVER ("
            "  PARTITION BY person_id, quarter ORDER BY commits DESC, scope) AS rank"
            "  FROM map_scope_person WHERE kind = 'c' AND quarter IN (?1, ?2))"
            " SELECT a.person_id, a.scope, b.scope FROM main a JOIN main b ON b.person_id = a.person_id"
            " AND b.quarter = ?1 AND b.rank = 1 AND b.scope != a.scope"
            " WHERE a.quarter = ?2 AND a.rank = 1 ORDER BY a.scope, b.scope, a.person_id",
            (quarter, previous),
        ).fetchall()

    def map_concentration(self, quarter: str) -> list[tuple[str, int, int, int]]:
        """(repo, commits, commits with one of its top 5 contributors, people taken by commits until they made
        half its commits). People rank by their commits in the repo (ties: person id)."""
        self.conn.execute("DROP TABLE IF EXISTS temp.map_rank")
        self.conn.execute(
            "CREATE TEMP TABLE map_rank AS SELECT scope AS repo, person_id, row_number() OVER ("
            " PARTITION BY scope ORDER BY commits DESC, person_id) AS rank"
            " FROM map_scope_person WHERE kind = 'r' AND quarter = ?",
            (quarter,),
        )
        self.conn.execute("CREATE UNIQUE INDEX temp.map_rank_key ON map_rank(repo, person_id)")
        return self.conn.execute(
            "WITH best AS (SELECT w.repo, w.change_id, min(r.rank) AS rank FROM map_work w"
            "  JOIN map_rank r ON r.repo = w.repo AND r.person_id = w.person_id"
            "  WHERE w.quarter = ? GROUP BY w.repo, w.change_id),"
            " per_rank AS (SELECT repo, rank, count(*) AS n FROM best GROUP BY repo, rank),"
            " cumulative AS (SELECT repo, rank, sum(n) OVER (PARTITION BY repo ORDER BY rank) AS covered,"
            "  sum(n) OVER (PARTITION BY repo) AS total FROM per_rank)"
            " SELECT repo, max(total), max(CASE WHEN rank <= 5 THEN covered END),"
            " min(CASE WHEN 2 * covered >= total THEN rank END) FROM cumulative GROUP BY repo",
            (quarter,),
        ).fetchall()

    def map_work_mix(self, quarter: str) -> list[tuple[str, int, int, int]]:
        """(category, commits, commits with a benchmark or profiling signal, commits touching tests)."""
        return self.conn.execute(
            "SELECT m.category, count(*),"
            " sum(EXISTS (SELECT 1 FROM signals s JOIN map_skill k ON k.kind = s.kind"
            "  WHERE s.change_id = m.change_id AND k.skill IN ('benchmark_claim', 'profiling'))),"
            " sum(EXISTS (SELECT 1 FROM file_changes f WHERE f.change_id = m.change_id"
            "  AND (f.path_class = 'tests' OR is_tests_path(f.path))))"
            " FROM map_change m WHERE m.quarter = ? GROUP BY m.category",
            (quarter,),
        ).fetchall()

    def map_skill_commits(self, quarters: list[str]) -> list[tuple[str, str, str, int]]:
        """(category, quarter, skill, commits showing a signal of the skill)."""
        return self.conn.execute(
            "SELECT m.category, m.quarter, k.skill, count(DISTINCT m.change_id) FROM map_change m"
            " JOIN signals s ON s.change_id = m.change_id JOIN map_skill k ON k.kind = s.kind"
            " WHERE m.quarter IN (SELECT value FROM json_each(?)) GROUP BY m.category, m.quarter, k.skill",
            (json.dumps(quarters),),
        ).fetchall()

    def map_domains(self, quarter: str) -> list[tuple[str, str, int]]:
        """(category, author e-mail domain, commits)."""
        return self.conn.execute(
            "SELECT category, substr(email, instr(email, '@') + 1), count(*) FROM map_change WHERE quarter = ?"
            " GROUP BY category, substr(email, instr(email, '@') + 1)",
            (quarter,),
        ).fetchall()

    def map_scope_people(self, kind: str, scope: str, quarter: str) -> list[tuple[str, int, int, str]]:
        """(person, commits, active weeks, first quarter in the scope) for the scope's people in the quarter."""
        return self.conn.execute(
            "SELECT p.person_id, p.commits, p.weeks, (SELECT min(f.quarter) FROM map_scope_person f"
            "  WHERE f.kind = p.kind AND f.scope = p.scope AND f.person_id = p.person_id)"
            " FROM map_scope_person p WHERE p.kind = ? AND p.scope = ? AND p.quarter = ?"
            " ORDER BY p.commits DESC, p.person_id",
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
