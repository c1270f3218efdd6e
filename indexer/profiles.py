"""Profile aggregation: from changes, file changes and signals in SQLite to one Profile per person.

Scoring choices, and why:
- A skill counts distinct changes, not signals: one big kernel with 40 intrinsics is one piece of
  evidence, so a long file cannot outweigh sustained work. A change that added much code where it showed
  the skill counts more, up to twice (log of the lines added there): writing an optimizer is more of the
  work than a one-line fix beside it, and the bound keeps volume ahead.
- Each change is weighted by recency (half-life `settings.half_life_days`) from a reference date: the
  newest change in the index truncated to its month, or `settings.as_of`. Truncating keeps the
  reference, and so everyone's fingerprint, stable while new commits trickle in within a month.
- Scores saturate (1 - exp(-x / k)): the tenth quantization kernel adds a little, the 200th nothing.
  Saturation rather than dividing by repo size is what makes a person in a small repo comparable to
  one in a large repo; dividing would punish everyone in a busy repo.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from indexer.store import Store
from indexer.summary import summarize
from models.records import Activity, CommitClass, CommitText, Evidence, Profile, SkillScore
from models.settings import Settings
from models.taxonomy import SKILL_FOR_KIND

PROFILE_VERSION = 7  # bump when the aggregation changes, so every fingerprint changes
SATURATION_CHANGES = 3.0  # weighted changes at which a skill score reaches 1 - 1/e
# A change adding more than SUBSTANCE_LINES in the files that showed a skill counts up to SUBSTANCE_MAX changes.
SUBSTANCE_LINES = 100
SUBSTANCE_STEP = 0.5
SUBSTANCE_MAX = 2.0
MAX_EVIDENCE = 5
MAX_DETAILS = 6
# A SIMD ISA seen in under this share of someone's SIMD changes is incidental (a shared file they touched),
# unless they have fewer than DETAIL_FEW_UNITS such changes and every one counts.
DETAIL_MIN_SHARE = 0.2
DETAIL_FEW_UNITS = 5
SHARE_FILTERED_DETAILS = frozenset({"simd", "cuda_kernel"})  # a rare ISA or AMD change is not the person's line
BULK_SHARE = 0.7  # a classification covering this share of someone's changes becomes a flag
# Detail keys whose short string values name what a signal saw, as the detectors document them
# (indexer/signals/*.py): quantization formats, SIMD ISAs, shader APIs, dtypes, serving areas, hardware, training
# parts (optimizer, autograd), model families.
DETAIL_KEYS = (
    "formats", "format", "isa", "api", "algorithm", "dtypes", "dtype", "area", "hardware", "tool", "backend", "part",
    "family",
)  # fmt: skip
FLAG_FOR_CLASS = {
    "python_only": "python_only",
    "docs_only": "docs_only",
    "ci_only": "ci_only",
    "typo_fix": "typo_only",
    "tests_only": "tests_only",
}
# A co-author shares a change (often a squashed PR with several); its signals count at this weight for them.
CO_AUTHOR_FACTOR = 0.5
# Where code lives changes what a signal is worth (catalog path classes; unknown paths count fully).
PATH_FACTOR = {"application": 0.5, "tests": 0.7, "docs": 0.3, "ci": 0.3, "vendored": 0.0}
# Languages the file classifier reports that are not programming work: kept out of Profile.languages.
NON_CODE = frozenset({"markdown", "docs", "toml", "yaml", "json", "html", "css", "make", "cmake", "notebook", "text"})
LOW_VALUE = ("docs_only", "ci_only", "typo_fix", "python_only")

# The lexical index's text per change: enough to find a word, bounded so one long message or a tree-wide
# change cannot dominate a person's text.
TEXT_BODY_CHARS = 1500
TEXT_PR_CHARS = 1500
TEXT_PATHS = 40
TEXT_SNIPPETS = 8
TEXT_SNIPPET_CHARS = 300
# Lines that credit people or tools rather than describe the change ("Signed-off-by: ...", "Change-Id: ...").
TRAILER = re.compile(r"(?i)^\s*(?:[a-z]+(?:-[a-z]+)*-by|cc|change-id|ghstack-source-id|differential revision)\s*:")


@dataclass
class _Change:
    change_id: str
    authored_at: datetime
    subject: str
    cls: CommitClass
    landings: list[tuple[str, str]] = field(default_factory=list)  # (repo, sha)
    files: list[tuple[str, str | None, int, bool, str | None]] = field(default_factory=list)
    signals: list[tuple] = field(default_factory=list)


@dataclass
class _Unit:
    """What a skill counts once: a change, or a pull request seen only through GitHub (e.g. a review)."""

    unit_id: str
    day: date
    rows: list[tuple]  # signal rows shaped like Store.signal_rows()
    lines: dict[str, int] = field(default_factory=dict)  # path -> lines the change added there


@dataclass
class BuildResult:
    built: list[Profile]  # (re)built this time
    removed: list[str]  # person ids whose profile was dropped (merged away or gone)
    unchanged: int  # skipped because their fingerprint matched


@dataclass
class _People:
    person_of: dict[tuple[str, str], str]  # (email, name) -> person id ('' for bots)
    person_of_email: dict[str, str]
    identities: dict[str, list[tuple[str, str]]]  # person -> [(email, name)]
    changes_of: dict[str, set[str]]  # person -> change ids (authored or co-authored)
    author_count: dict[str, Counter[tuple[str, str]]]  # person -> (email, name) -> changes authored
    authored: dict[str, set[str]]  # person -> change ids they authored (the rest of changes_of is co-authored)


def build_profiles(store: Store, settings: Settings, people: set[str] | None = None) -> list[Profile]:
    """Rebuild the profiles of `people` (all when None) whose inputs changed; returns those rebuilt."""
    return rebuild(store, settings, people).built


def rebuild(store: Store, settings: Settings, people: set[str] | None = None, *, force: bool = False) -> BuildResult:
    """Rebuild changed profiles, write them with their summaries, drop profiles of vanished people."""
    rows = store.change_rows()
    changes = {
        cid: _Change(cid, _parse_dt(at), subject, _parse_class(cls_json))
        for cid, _email, _name, at, subject, cls_json in rows
    }
    crowd = _group_people(store, rows)
    ref = reference_date(store, settings)
    shapes = {cid: (landed, signals) for cid, landed, signals in store.change_shape_rows()}
    stored = store.profile_fingerprints()
    logins = store.login_map()
    by_login = _login_units(store)

    targets = sorted(crowd.changes_of if people is None else people & crowd.changes_of.keys())
    fingerprints = {
        p: _fingerprint(p, crowd, shapes, _units_of(p, crowd, logins, by_login), ref, settings) for p in targets
    }
    todo = [p for p in targets if force or stored.get(p) != fingerprints[p]]
    removed = sorted(set(stored) - crowd.changes_of.keys())

    needed = sorted({cid for p in todo for cid in crowd.changes_of[p]})
    _attach_details(store, changes, None if len(needed) == len(changes) else needed)
    built = [_build_one(p, crowd, changes, logins, by_login, ref, settings) for p in todo]
    for profile in built:
        profile.summary = summarize(profile)
    store.save_profiles(
        [(p.id, p.model_dump_json(), p.summary, fingerprints[p.id]) for p in built],
        removed,
        datetime.now(UTC).isoformat(timespec="seconds"),
    )
    return BuildResult(built=built, removed=removed, unchanged=len(targets) - len(todo))


def evidence_texts(store: Store) -> dict[str, list[CommitText]]:
    """Person id -> the text of each change their profile counts, newest first (search.lexical's input).

    The same people and changes as the profiles: identities resolved as `rebuild` does, bots left out,
    co-authored changes included. A reformat pass, a CI-only or typo-only change ("Disable NCCL NVLS in CI")
    and a change that only touched vendored copies say nothing of the person's skills and are left out;
    a docs-only change keeps its subject only; vendored paths and signals in vendored code are dropped
    (`_attach_details`)."""
    rows = store.change_rows()
    changes = {
        cid: _Change(cid, _parse_dt(at), subject, _parse_class(cls_json))
        for cid, _email, _name, at, subject, cls_json in rows
    }
    crowd = _group_people(store, rows)
    _attach_details(store, changes, None)
    prose = {cid: (message, pr_text) for cid, message, pr_text in store.change_text_rows()}
    texts = {cid: _change_text(ch, *prose.get(cid, ("", None))) for cid, ch in changes.items()}
    out: dict[str, list[CommitText]] = {}
    for pid, cids in crowd.changes_of.items():
        mine = sorted((changes[c] for c in cids), key=lambda c: (c.authored_at, c.change_id), reverse=True)
        out[pid] = [t for t in (texts[c.change_id] for c in mine) if t is not None]
    return out


def _change_text(ch: _Change, message: str, pr_text: str | None) -> CommitText | None:
    housekeeping = ch.cls.reformat or ch.cls.ci_only or ch.cls.typo_fix
    if housekeeping or not ch.landings or (ch.files and all(f[3] for f in ch.files)):
        return None
    repo, sha = ch.landings[0]
    day = ch.authored_at.date()
    if ch.cls.docs_only:
        return CommitText(repo, sha, ch.subject, "", day)
    body = "\n".join(line for line in message.split("\n")[1:] if not TRAILER.match(line))
    parts = [body.strip()[:TEXT_BODY_CHARS], (pr_text or "")[:TEXT_PR_CHARS]]
    parts += [path for path, _lang, _added, vendored, _cls in ch.files[:TEXT_PATHS] if not vendored]
    snippets: dict[str, None] = {}
    for row in ch.signals:
        detail = _detail(row[10])
        parts += _detail_values(row[10])
        if isinstance(detail.get("match"), str):
            parts.append(detail["match"])
        if len(snippets) < TEXT_SNIPPETS:
            snippets[row[8][:TEXT_SNIPPET_CHARS]] = None
    parts += snippets
    return CommitText(repo, sha, ch.subject, "\n".join(p for p in parts if p), day)


def load_profile(store: Store, person_id: str) -> Profile | None:
    raw = store.profile_json(person_id)
    return Profile.model_validate_json(raw) if raw else None


def load_profiles(store: Store, person_ids: Iterable[str] | None = None) -> list[Profile]:
    ids = None if person_ids is None else sorted(person_ids)
    return [Profile.model_validate_json(raw) for raw in store.profile_jsons(ids)]


def reference_date(store: Store, settings: Settings) -> date:
    if settings.as_of is not None:
        return settings.as_of
    newest = store.newest_authored_at()
    if newest is None:
        return datetime.now(UTC).date().replace(day=1)
    return _parse_dt(newest).date().replace(day=1)


def recency(day: date, ref: date, half_life_days: float) -> float:
    age = max(0, (ref - day).days)
    return 0.5 ** (age / half_life_days) if half_life_days > 0 else 1.0


def saturate(x: float, k: float = SATURATION_CHANGES) -> float:
    return 1.0 - math.exp(-x / k) if x > 0 else 0.0


# --- grouping -------------------------------------------------------------------------------


def _group_people(store: Store, rows: list[tuple[str, str, str, str, str, str]]) -> _People:
    person_of: dict[tuple[str, str], str] = {}
    person_of_email: dict[str, str] = {}
    identities: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for email, name, pid in store.identity_rows():
        person_of[(email, name)] = pid
        # an email shared by a bot and a person resolves to the person
        if pid or email not in person_of_email:
            person_of_email[email] = pid
        if pid:
            identities[pid].append((email, name))

    def lookup(email: str, name: str) -> str:
        email = email.lower()
        pid = person_of.get((email, name))
        return pid if pid is not None else person_of_email.get(email, "")

    changes_of: dict[str, set[str]] = defaultdict(set)
    author_count: dict[str, Counter[tuple[str, str]]] = defaultdict(Counter)
    authored: dict[str, set[str]] = defaultdict(set)
    for cid, email, name, *_ in rows:
        pid = lookup(email, name)
        if pid:
            changes_of[pid].add(cid)
            authored[pid].add(cid)
            author_count[pid][(email.lower(), name)] += 1
    for cid, email, name in store.co_author_rows():
        pid = lookup(email, name)
        if pid:  # co-authors share the credit for the change
            changes_of[pid].add(cid)
    return _People(person_of, person_of_email, dict(identities), dict(changes_of), dict(author_count), dict(authored))


def _fingerprint(
    pid: str, crowd: _People, shapes: dict[str, tuple[int, int]], units: list[_Unit], ref: date, settings: Settings
) -> str:
    payload = {
        "gh": sorted((u.unit_id, len(u.rows)) for u in units),
        "v": PROFILE_VERSION,
        "ref": ref.isoformat(),
        "half_life": settings.half_life_days,
        "ids": sorted(crowd.identities.get(pid, [])),
        "changes": sorted((cid, *shapes.get(cid, (0, 0))) for cid in crowd.changes_of[pid]),
    }
    return hashlib.sha256(json.dumps(payload, separators=(",", ":")).encode()).hexdigest()


def _login_units(store: Store) -> dict[str, list[_Unit]]:
    """Signals owned by a GitHub login (reviews given, PRs outside the local index), one unit per PR."""
    units: dict[tuple[str, str], _Unit] = {}
    for (
        login,
        at,
        kind,
        weight,
        language,
        repo,
        number,
        sha,
        path,
        snippet,
        title,
        detail,
    ) in store.github_login_signals():
        uid = f"pr:{repo}#{number}"
        unit = units.setdefault((login.lower(), uid), _Unit(uid, _parse_dt(at).date(), []))
        unit.day = max(unit.day, _parse_dt(at).date())
        unit.rows.append((uid, kind, weight, language, repo, sha, path, None, snippet, title, detail))
    out: dict[str, list[_Unit]] = defaultdict(list)
    for (login, _uid), unit in sorted(units.items()):
        out[login].append(unit)
    return dict(out)


def _units_of(pid: str, crowd: _People, logins: dict[str, str], by_login: dict[str, list[_Unit]]) -> list[_Unit]:
    mine = {pid[3:].lower()} if pid.startswith("gh:") else set()
    mine |= {logins[e].lower() for e, _ in crowd.identities.get(pid, []) if e in logins}
    return [u for login in sorted(mine) for u in by_login.get(login, [])]


def _attach_details(store: Store, changes: dict[str, _Change], change_ids: list[str] | None) -> None:
    for cid, repo, sha in store.commit_rows(change_ids):
        if cid in changes:
            changes[cid].landings.append((repo, sha))
    classes: dict[tuple[str, str], str | None] = {}
    for cid, path, language, added, flags, path_class in store.file_change_rows(change_ids):
        if cid in changes:
            vendored = "vendored" in flags.split(",") or path_class == "vendored"
            changes[cid].files.append((path, language, added, vendored, path_class))
            classes[(cid, path)] = "vendored" if vendored else path_class
    for row in store.signal_rows(change_ids):
        if row[0] in changes:
            factor = _path_factor(row[1], classes.get((row[0], row[6])) if row[6] else None)
            if factor > 0:
                changes[row[0]].signals.append((*row[:2], float(row[2]) * factor, *row[3:]))


def _path_factor(kind: str, path_class: str | None) -> float:
    """How much a signal counts given where the code lives: an `unsafe` in an example is weaker evidence
    than one in a backend, vendored code is not the person's work."""
    if path_class == "tests" and _skill_of(kind) == "tests_with_code":
        return 1.0
    if path_class == "application" and _skill_of(kind) == "python_bindings":
        return 1.0  # bindings live in bindings/ and *-pyo3/ trees, which count as application code
    return PATH_FACTOR.get(path_class or "", 1.0)


# --- one person ------------------------------------------------------------------------------


def _build_one(
    pid: str,
    crowd: _People,
    changes: dict[str, _Change],
    logins: dict[str, str],
    by_login: dict[str, list[_Unit]],
    ref: date,
    settings: Settings,
) -> Profile:
    mine = sorted((changes[c] for c in crowd.changes_of[pid]), key=lambda c: (c.authored_at, c.change_id))
    idents = crowd.identities.get(pid, [])
    authored = crowd.author_count.get(pid, Counter())
    ranked = sorted(idents, key=lambda i: (-authored[i], i))
    emails = list(dict.fromkeys(e for e, _ in ranked))
    names = list(dict.fromkeys(n for _, n in ranked if n))
    login = pid[3:] if pid.startswith("gh:") else next((logins[e] for e in emails if e in logins), None)

    repos: Counter[str] = Counter()
    languages: Counter[str] = Counter()
    systems_lines = app_lines = 0
    class_counts: Counter[str] = Counter()
    weeks: set[tuple[int, int]] = set()
    for ch in mine:
        for repo in dict.fromkeys(r for r, _ in ch.landings):
            repos[repo] += 1
        if not ch.cls.reformat:  # a clang-format pass over a tree is not that much code written
            for _path, language, added, vendored, _cls in ch.files:
                if language and language not in NON_CODE and not vendored:
                    languages[language] += added
            systems_lines += ch.cls.systems_lines
            app_lines += ch.cls.app_lines
        for name in FLAG_FOR_CLASS:
            if getattr(ch.cls, name):
                class_counts[name] += 1
        iso = ch.authored_at.isocalendar()
        weeks.add((iso.year, iso.week))

    n = len(mine)
    own = crowd.authored.get(pid, set())
    units = [
        _Unit(
            ch.change_id,
            ch.authored_at.date(),
            ch.signals if ch.change_id in own else _scaled(ch.signals),
            {path: added for path, _language, added, _vendored, _cls in ch.files},
        )
        for ch in mine
        if not ch.cls.reformat  # what a formatter re-emitted is not evidence of the skill
    ]
    units += _units_of(pid, crowd, logins, by_login)
    skills = _skills(units, ref, settings)
    bench = sum(1 for u in units if any(_skill_of(s[1]) == "benchmark_claim" for s in u.rows))
    systems_share = systems_lines / (systems_lines + app_lines) if systems_lines + app_lines else 0.0
    flags = sorted(FLAG_FOR_CLASS[c] for c, k in class_counts.items() if n and k / n >= BULK_SHARE)
    return Profile(
        id=pid,
        names=names,
        emails=emails,
        login=login,
        repos=dict(sorted(repos.items(), key=lambda kv: (-kv[1], kv[0]))),
        languages=dict(sorted(((k, v) for k, v in languages.items() if v > 0), key=lambda kv: (-kv[1], kv[0]))),
        skills=skills,
        activity=Activity(
            commits=n,
            active_weeks=len(weeks),
            first_date=mine[0].authored_at.date() if mine else None,
            last_date=mine[-1].authored_at.date() if mine else None,
        ),
        systems_share=round(systems_share, 4),
        unsafe_share=_unsafe_share(mine, languages.get("rust", 0)),
        depth=_depth(mine, systems_share, bench, class_counts),
        flags=flags,
        benchmark_changes=bench,
    )


def _scaled(rows: list[tuple], factor: float = CO_AUTHOR_FACTOR) -> list[tuple]:
    return [(*row[:2], float(row[2]) * factor, *row[3:]) for row in rows]


def _skill_of(kind: str) -> str | None:
    return SKILL_FOR_KIND.get(kind)


def _skills(units: list[_Unit], ref: date, settings: Settings) -> dict[str, SkillScore]:
    # skill -> unit (change or PR) -> strongest observation of that skill in that unit
    strength: dict[str, dict[str, float]] = defaultdict(dict)
    candidates: dict[str, list[tuple[float, tuple]]] = defaultdict(list)
    seen_in: dict[str, dict[str, set[str]]] = defaultdict(dict)  # skill -> detail value -> units showing it
    last: dict[str, date] = {}
    for unit in units:
        r = recency(unit.day, ref, settings.half_life_days)
        paths: dict[str, set[str]] = defaultdict(set)  # skill -> files where the unit showed it
        for row in unit.rows:
            skill = _skill_of(row[1])
            if skill is None:
                continue
            weight = min(1.0, max(0.0, float(row[2])))
            strength[skill][unit.unit_id] = max(strength[skill].get(unit.unit_id, 0.0), weight * r)
            if row[6]:
                paths[skill].add(row[6])
            candidates[skill].append((weight * r, row))
            for value in _detail_values(row[10]):
                seen_in[skill].setdefault(value, set()).add(unit.unit_id)
            last[skill] = max(last.get(skill, unit.day), unit.day)
        for skill, where in paths.items():
            strength[skill][unit.unit_id] *= _substance(sum(unit.lines.get(p, 0) for p in where))
    out: dict[str, SkillScore] = {}
    for skill in sorted(strength):
        total = sum(strength[skill].values())
        details = _ranked_details(skill, seen_in[skill], len(strength[skill]))
        out[skill] = SkillScore(
            detail_commits={value: len(seen_in[skill][value]) for value in details},
            skill=skill,
            score=round(saturate(total), 4),
            commits=len(strength[skill]),
            last_date=last.get(skill),
            evidence=_pick_evidence(candidates[skill], details),
            details=details,
        )
    return out


def _substance(lines: int) -> float:
    """How much one change counts for a skill, by the lines it added in the files that showed the skill: a new
    optimizer of 800 lines is more of the work than a one-line fix beside `backward`."""
    if lines <= SUBSTANCE_LINES:
        return 1.0
    return min(SUBSTANCE_MAX, 1.0 + SUBSTANCE_STEP * math.log2(lines / SUBSTANCE_LINES))


def _ranked_details(skill: str, seen_in: dict[str, set[str]], units: int) -> list[str]:
    """Detail values by how many changes showed each, most first; rare SIMD ISAs dropped (see DETAIL_MIN_SHARE)."""
    counts = {value: len(ids) for value, ids in seen_in.items()}
    if skill in SHARE_FILTERED_DETAILS and units >= DETAIL_FEW_UNITS:
        counts = {v: n for v, n in counts.items() if n / units >= DETAIL_MIN_SHARE}
    return [v for v, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_DETAILS]]


def _detail_values(detail_json: str) -> list[str]:
    detail = _detail(detail_json)
    values: list[str] = []
    for key in DETAIL_KEYS:
        raw = detail.get(key)
        items = raw if isinstance(raw, list) else [raw]
        for v in items:
            if isinstance(v, str) and 0 < len(v.strip()) <= 32:
                values.append(v.strip().replace("_", " ") if key == "area" else v.strip())
    return list(dict.fromkeys(values))


def _pick_evidence(candidates: list[tuple[float, tuple]], details: list[str]) -> list[Evidence]:
    """Strongest first: one for each of the skill's details (so a NEON match can show NEON code), then
    spread over repos, then over changes, then anything left."""
    order = sorted(candidates, key=lambda c: (-c[0], c[1][4], c[1][5], c[1][6] or "", c[1][7] or 0))
    picked: list[tuple] = []
    for detail in details:
        row = next((row for _, row in order if detail in _detail_values(row[10])), None)
        if row is not None and len(picked) < MAX_EVIDENCE and all(p is not row for p in picked):
            picked.append(row)
    for rule in ("repo", "change", "any"):
        for _, row in order:
            if len(picked) >= MAX_EVIDENCE:
                break
            if any(p is row for p in picked):
                continue
            if rule == "repo" and any(p[4] == row[4] or p[0] == row[0] for p in picked):
                continue
            if rule == "change" and any(p[0] == row[0] for p in picked):
                continue
            picked.append(row)
    return [
        Evidence(
            repo=row[4],
            sha=row[5],
            path=row[6],
            line=row[7],
            snippet=row[8],
            title=row[9],
            details=_detail_values(row[10]),
        )
        for row in picked
    ]


def _unsafe_share(mine: list[_Change], rust_lines: int) -> float | None:
    """Share of added Rust lines inside unsafe code.

    The unsafe_rust detector marks one signal per commit {"summary": true, "unsafe_lines": n}; where an
    older index lacks those, each unsafe signal counts as one line (a lower bound).
    """
    if rust_lines <= 0:
        return None
    summed = fallback = 0
    for ch in mine:
        for row in ch.signals:
            if _skill_of(row[1]) != "unsafe_rust":
                continue
            detail = _detail(row[10])
            count = detail.get("unsafe_lines")
            if detail.get("summary") and isinstance(count, int | float) and count >= 0:
                summed += int(count)
            else:
                fallback += 1
    lines = summed if summed else fallback
    return round(min(1.0, lines / rust_lines), 4)


def _detail(detail_json: str) -> dict:
    try:
        detail = json.loads(detail_json) if detail_json else {}
    except ValueError:
        return {}
    return detail if isinstance(detail, dict) else {}


def _depth(mine: list[_Change], systems_share: float, bench: int, class_counts: Counter[str]) -> float:
    """0..1: sustained work on one subsystem, tests with kernels, measured changes, systems code."""
    if not mine:
        return 0.0
    per_subsystem: Counter[str] = Counter()
    tested = 0
    for ch in mine:
        dirs = {
            _subsystem(path)
            for path, _lang, _added, vendored, path_class in ch.files
            if not vendored and path_class not in ("docs", "ci", "tests")
        }
        for d in dirs:
            per_subsystem[d] += 1
        if any(_skill_of(s[1]) == "tests_with_code" for s in ch.signals):
            tested += 1
    sustained = saturate(max(per_subsystem.values(), default=0), 8.0)
    raw = 0.35 * sustained + 0.15 * saturate(tested) + 0.15 * saturate(bench) + 0.35 * systems_share
    low = sum(1 for ch in mine if any(getattr(ch.cls, c) for c in LOW_VALUE)) / len(mine)
    return round(raw * (1.0 - 0.6 * low), 4)


def _subsystem(path: str) -> str:
    parts = path.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else (parts[0] if len(parts) > 1 else "")


def _parse_dt(text: str) -> datetime:
    dt = datetime.fromisoformat(text)
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _parse_class(text: str) -> CommitClass:
    try:
        return CommitClass.model_validate_json(text or "{}")
    except ValueError:
        return CommitClass()
