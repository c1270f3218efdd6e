"""An independent count of the talent map from `git log`, to check the store's SQL against (tests on the sample
corpus, `scout bench map_check` on real repositories).

It reads each repository with plain `git log` (no Scout reader, no store), treats a commit as the same change as
another when author e-mail, author time and subject agree (a sync or cherry-pick; counted in the landing with the
earliest committer time), leaves out authors whose name or address says bot, and maps addresses to people with
the mapping it is given (the sample corpus's labelled aliases) or, without one, one person per address. Every
figure then follows docs/TALENT_MAP.md with Python sets and counters.
"""

from __future__ import annotations

import re
import subprocess
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

_CO_AUTHOR = re.compile(r"(?im)^co-authored-by:\s*(.*?)\s*<([^>]*)>\s*$")
_FIELDS = "%H%x1f%an%x1f%ae%x1f%aI%x1f%cI%x1f%s%x1f%b%x1e"


@dataclass(frozen=True)
class LogCommit:
    repo: str
    sha: str
    name: str
    email: str
    authored: datetime  # UTC
    committed: datetime  # UTC
    subject: str
    co_authors: tuple[tuple[str, str], ...]  # (name, email)


def git_log(path: Path, repo: str, rev: str = "HEAD") -> list[LogCommit]:
    """Every non-merge commit reachable from `rev`, as `git log` prints it."""
    out = subprocess.run(
        ["git", f"--git-dir={_git_dir(path)}", "log", "--no-merges", f"--format={_FIELDS}", rev],
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "replace")
    commits = []
    for record in out.split("\x1e"):
        parts = record.strip("\n").split("\x1f")
        if len(parts) < 7:
            continue
        sha, name, email, authored, committed, subject, body = parts[:7]
        co = tuple((n.strip(), e.strip().lower()) for n, e in _CO_AUTHOR.findall(body) if e.strip())
        commits.append(LogCommit(repo, sha, name, email.lower(), _utc(authored), _utc(committed), subject, co))
    return commits


def _git_dir(path: Path) -> Path:
    return path / ".git" if (path / ".git").exists() else path


def _utc(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp).astimezone(UTC)


def is_bot_like(name: str, email: str) -> bool:
    text = f"{name} {email}".lower()
    return "[bot]" in text or "-bot" in text or "github-actions" in text or email == "noreply@github.com"


def quarter_of(when: datetime) -> str:
    return f"{when.year}Q{(when.month - 1) // 3 + 1}"


def _monday(when: datetime) -> str:
    day = when.date()
    return (day - timedelta(days=day.weekday())).isoformat()


@dataclass
class Counted:
    """One counted commit: where it first landed, when, by whom."""

    key: int
    repo: str
    quarter: str
    week: str
    email: str
    people: frozenset[str]


@dataclass
class OracleMap:
    """Per scope ('c', category) or ('r', repo) and quarter: commit count and person -> [commit keys, weeks]."""

    commits: dict[tuple[str, str, str], int] = field(default_factory=Counter)
    people: dict[tuple[str, str, str], dict[str, list]] = field(default_factory=lambda: defaultdict(dict))
    first: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (kind, scope, person) -> first quarter
    domains: dict[tuple[str, str], Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    rank_key: Callable[[str], str] = str  # how people tie-break in the concentration ranking


def counted_commits(logs: list[LogCommit], person_of: Callable[[str, str], str | None]) -> list[Counted]:
    """Deduplicate syncs (first landing by committer time), drop bots, attach people."""
    groups: dict[tuple[str, datetime, str], list[LogCommit]] = defaultdict(list)
    for c in logs:
        groups[(c.email, c.authored, c.subject)].append(c)
    out: list[Counted] = []
    for landings in groups.values():
        first = min(landings, key=lambda c: (c.committed, c.repo))
        if is_bot_like(first.name, first.email):
            continue
        author = person_of(first.email, first.name)
        if author is None:
            continue
        people = {author} | {p for n, e in first.co_authors if not is_bot_like(n, e) and (p := person_of(e, n))}
        week = _monday(first.authored)
        out.append(Counted(len(out), first.repo, quarter_of(first.authored), week, first.email, frozenset(people)))
    return out


def oracle_map(counted: list[Counted], categories: dict[str, str]) -> OracleMap:
    m = OracleMap()
    for c in counted:
        for kind, scope in (("c", categories[c.repo]), ("r", c.repo)):
            m.commits[(kind, scope, c.quarter)] += 1
            if kind == "c":
                m.domains[(scope, c.quarter)][c.email.split("@", 1)[-1]] += 1
            for person in c.people:
                entry = m.people[(kind, scope, c.quarter)].setdefault(person, [set(), set()])
                entry[0].add(c.key)
                entry[1].add(c.week)
                key = (kind, scope, person)
                m.first[key] = min(m.first.get(key, c.quarter), c.quarter)
    return m


def scope_figures(m: OracleMap, kind: str, scope: str, quarter: str, previous: str) -> dict[str, object]:
    """The figures of one category ('c') or repository ('r') as build_map names them."""
    now = m.people.get((kind, scope, quarter), {})
    before = m.people.get((kind, scope, previous), {})
    commits = m.commits.get((kind, scope, quarter), 0)
    out: dict[str, object] = {
        "commits": commits,
        "contributors": len(now),
        "previous_commits": m.commits.get((kind, scope, previous), 0),
        "previous_contributors": len(before),
        "new_contributors": sum(1 for p in now if m.first[(kind, scope, p)] == quarter),
        "churn": round(sum(1 for p in before if p not in now) / len(before), 4) if before else None,
        "mean_active_weeks": round(sum(len(w) for _, w in now.values()) / len(now), 2) if now else None,
    }
    if kind == "r":
        out.update(_concentration(m, scope, quarter, commits))
    return out


def _concentration(m: OracleMap, repo: str, quarter: str, commits: int) -> dict[str, object]:
    """People by commits (ties: `rank_key`); commits covered by the first 5, and the first k covering half."""
    if not commits:
        return {"top5_share": None, "half_of_commits_people": None}
    ranked = sorted(m.people[("r", repo, quarter)].items(), key=lambda kv: (-len(kv[1][0]), m.rank_key(kv[0])))
    covered: set[int] = set()
    top5 = half = 0
    for rank, (_person, (keys, _weeks)) in enumerate(ranked, 1):
        covered |= keys
        if rank == 5 or rank == len(ranked):
            top5 = top5 or len(covered)
        if not half and 2 * len(covered) >= commits:
            half = rank
    return {"top5_share": round(top5 / commits, 4), "half_of_commits_people": half}


def overlaps(m: OracleMap, quarter: str) -> dict[tuple[str, str], int]:
    cats = sorted({s for (k, s, q) in m.people if k == "c" and q == quarter})
    return {
        (a, b): n
        for i, a in enumerate(cats)
        for b in cats[i + 1 :]
        if (n := len(set(m.people[("c", a, quarter)]) & set(m.people[("c", b, quarter)])))
    }


def movers(m: OracleMap, quarter: str, previous: str) -> Counter[tuple[str, str]]:
    def mains(q: str) -> dict[str, str]:
        best: dict[str, tuple[int, str]] = {}
        for (kind, scope, qq), people in m.people.items():
            if kind != "c" or qq != q:
                continue
            for person, (keys, _) in people.items():
                n = len(keys)
                if person not in best or (-n, scope) < (-best[person][0], best[person][1]):
                    best[person] = (n, scope)
        return {p: s for p, (_, s) in best.items()}

    before, now = mains(previous), mains(quarter)
    return Counter((before[p], now[p]) for p in before.keys() & now.keys() if before[p] != now[p])
