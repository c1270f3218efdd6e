"""A synthetic history at the talent map's scale: 474 repositories, two years, ~76,000 commits a quarter.

`generate_scale(out_dir, ScaleSpec())` writes the repositories through `git fast-import` (reusing the
sample corpus's renderer, code generators and message styles, so the detectors find real C++, CUDA,
Rust, Python and Metal signal content) and a `repos.toml` manifest with each repository's category.

The shape follows the talent map newsletter's table ("474 Tracked Repos | 76,258 Commits |
7,341 Contributors"): repositories per category in proportion to its active repositories, commits per
category in proportion to its commits, a pool of 17,500 fictional people (13,654 commit in two years). Skew comes
from construction: every repository has a few core maintainers who write about a third of its commits,
the rest is drawn from a heavy-tailed (Pareto) activity weight over the people of the repository's
category (and sometimes any category), so many people land one or two commits and a few land
hundreds, often in several repositories. Each repository is planned from its own seeded generator,
so `repos=N` writes exactly those repositories of the full history, and two runs with the same seed
write the same commit ids. `quarters=N` plans the last N quarters from the start of each repository's
stream: the same shape and volume per quarter as the full history, not its identical commits.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import random
import re
from collections import Counter, defaultdict
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field, replace
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from eval.corpus import Intent, Tally, _git, _slots_for, render_repo, write_repo
from eval.corpus_people import ARCHETYPES, COMPANIES, FIRST_NAMES, SURNAME_HEADS, SURNAME_TAILS, TIMEZONES, Persona
from eval.corpus_repos import REPO_BY_NAME, RepoSpec
from models.errors import ScoutError

SCALE_VERSION = "2"  # 2: logins from the whole name (version 1 gave 374 login pairs in one quarter)
INFO_FILE = "scale.json"
FIRST_QUARTER = (2024, 4)  # two years: 2024Q4 .. 2026Q3, the last full quarter before the corpus's "now"
CORE_SHARE = 0.35  # share of a repository's commits written by its core maintainers
CROSS_CATEGORY = 0.05  # share of the other commits drawn from people of any category
PARETO_ALPHA = 2.0  # activity weight of a regular: heavy-tailed
DRIVE_BY_PEOPLE = 0.3  # share of the people who only ever drop by (a commit or two, one repository)
DRIVE_BY_SHARE = 0.012  # share of the commits they write

# The newsletter's table: category -> (commits a quarter, contributors, active repositories).
NEWSLETTER: dict[str, tuple[int, int, int]] = {
    "GPU Kernels & Performance": (4_455, 631, 35),
    "ML Compilers & Graph Optimization": (12_013, 704, 29),
    "Distributed Training & Parallelism": (1_877, 319, 19),
    "Inference Runtimes & Engines": (1_921, 369, 19),
    "LLM Serving & Inference": (7_518, 886, 42),
    "Training Frameworks & Model Architecture": (18_529, 2_025, 60),
    "ML Platform & Orchestration": (6_645, 807, 29),
    "Edge & On-Device ML": (8_095, 554, 29),
    "Model Optimization & Compression": (2_744, 263, 24),
    "Hardware-Software Co-Design": (7_874, 940, 21),
    "ML Debugging & Tooling": (2_342, 274, 16),
    "Agent Framework": (2_245, 616, 5),
}
# Which sample-corpus repositories a category's code looks like (their slots, paths and message style).
TEMPLATES: dict[str, tuple[str, ...]] = {
    "GPU Kernels & Performance": ("corpus/flashkern", "corpus/ggmlite"),
    "ML Compilers & Graph Optimization": ("corpus/tensorkit", "corpus/flashkern"),
    "Distributed Training & Parallelism": ("corpus/trainwell",),
    "Inference Runtimes & Engines": ("corpus/ggmlite", "corpus/llamalite"),
    "LLM Serving & Inference": ("corpus/servelite", "corpus/llamalite"),
    "Training Frameworks & Model Architecture": ("corpus/tensorkit", "corpus/trainwell", "corpus/tokenizer-rs"),
    "ML Platform & Orchestration": ("corpus/trainwell", "corpus/servelite"),
    "Edge & On-Device ML": ("corpus/mlxi",),
    "Model Optimization & Compression": ("corpus/ggmlite", "corpus/tensorkit"),
    "Hardware-Software Co-Design": ("corpus/flashkern", "corpus/mlxi"),
    "ML Debugging & Tooling": ("corpus/trainwell",),
    "Agent Framework": ("corpus/servelite",),
}
NAME_WORDS = ("fast", "tensor", "kern", "fuse", "quant", "serve", "edge", "graph", "flux", "core", "spark", "lattice")
NAME_TAILS = ("attn", "rt", "ops", "lab", "kit", "forge", "flow", "bench", "infer", "train", "lite", "x")


@dataclass(frozen=True)
class ScaleSpec:
    """The history to write. Defaults: two years at the newsletter's scale. `repos` and `quarters` take a fraction."""

    total_repos: int = 474
    repos: int | None = None  # the first N of the (shuffled) repositories; None: all
    quarters: int = 8  # the last N of the eight quarters
    commits_per_quarter: int = 76_258  # over all total_repos
    people: int = 17_500  # the pool; 13,654 of them commit in the two years (seed 7)
    seed: int = 7

    def __post_init__(self) -> None:
        if self.total_repos < 1 or not 1 <= self.quarters <= 8 or self.people < 1 or self.commits_per_quarter < 1:
            raise ScoutError(f"scale spec out of range: {self} (repos >= 1, 1 <= quarters <= 8, people >= 1)")
        if self.repos is not None and not 1 <= self.repos <= self.total_repos:
            raise ScoutError(f"--repos must be between 1 and {self.total_repos}, got {self.repos}")


@dataclass(frozen=True)
class ScaleRepo:
    index: int
    name: str
    category: str
    template: str
    weight: float  # share of all commits a quarter
    slot: int  # its place among the repositories of its category
    siblings: int  # how many repositories its category has


@dataclass
class ScaleInfo:
    root: str
    manifest: str
    spec: dict[str, object]
    heads: dict[str, str]  # owner/name -> head sha
    commits: int
    people: int  # distinct authors in what was written
    contributors_by_quarter: dict[str, int]
    commits_by_quarter: dict[str, int]
    commits_per_person: dict[str, int] = field(default_factory=dict)  # person key -> commits (for skew checks)
    repos_per_person: dict[str, int] = field(default_factory=dict)
    version: str = SCALE_VERSION


# --- the people -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pool:
    people: list[Persona]
    weights: list[float]
    active: list[tuple[int, int]]  # first and last active quarter index (0..7)
    by_category: dict[str, list[int]]  # regulars of each category
    drive_by: dict[str, list[int]]  # drive-by people of each category
    home_slot: list[int]  # a regular's home repositories start at this offset among their category's repositories
    homes: list[int]  # how many repositories of their category a regular works in


def _quarter_start(q: int) -> date:
    year, quarter = FIRST_QUARTER
    n = (year * 4 + quarter - 1) + q
    return date(n // 4, (n % 4) * 3 + 1, 1)


def quarter_label(q: int) -> str:
    start = _quarter_start(q)
    return f"{start.year}Q{(start.month - 1) // 3 + 1}"


def _unique_name(i: int) -> tuple[str, str]:
    """Distinct for the first 19,800 people: a name never joins two people by accident."""
    first = FIRST_NAMES[i % len(FIRST_NAMES)]
    rest = i // len(FIRST_NAMES)
    head = SURNAME_HEADS[rest % len(SURNAME_HEADS)]
    tail = SURNAME_TAILS[(rest // len(SURNAME_HEADS)) % len(SURNAME_TAILS)]
    suffix = "" if i < len(FIRST_NAMES) * len(SURNAME_HEADS) * len(SURNAME_TAILS) else f" {rest}"
    return first, head + tail + suffix


def _archetypes_for(template: str) -> list[str]:
    return [a.key for a in ARCHETYPES if any(repo == template for repo, _ in a.repos)]


@lru_cache(maxsize=2)  # every worker process builds the pool once per spec, not once per repository
def build_pool(people: int, seed: int) -> Pool:
    r = random.Random(f"scout-scale-people:{seed}")
    arch_by_key = {a.key: a for a in ARCHETYPES}
    categories = list(NEWSLETTER)
    cat_weights = [NEWSLETTER[c][1] for c in categories]
    out: list[Persona] = []
    weights: list[float] = []
    active: list[tuple[int, int]] = []
    by_category: dict[str, list[int]] = defaultdict(list)
    drive_by: dict[str, list[int]] = defaultdict(list)
    home_slot: list[int] = []
    homes: list[int] = []
    for i in range(people):
        category = r.choices(categories, cat_weights)[0]
        template = r.choice(TEMPLATES[category])
        arch = arch_by_key[r.choice(_archetypes_for(template))]
        first, last = _unique_name(i)
        # the whole name: initial + surname would give two people one GitHub login, which Scout rightly merges
        login = f"{first}{last}".lower().replace(" ", "") if r.random() < 0.4 else None
        if login:
            email = f"{1_000_000 + i}+{login}@users.noreply.github.com"
        else:
            email = f"{first.lower()}.{last.lower().replace(' ', '')}@{r.choice(COMPANIES)}.example"
        start_q = r.randint(-6, 7)  # some were active before the window opened
        span = 1 + int(r.expovariate(1 / 8))
        out.append(
            Persona(
                key=f"s{i + 1}",
                name=f"{first} {last}",
                archetype=arch.key,
                emails=[(email, date(1970, 1, 1), date(2100, 1, 1))],
                login=login,
                work=dict(arch.work),
                langs=arch.langs,
                isas=arch.isas[i % len(arch.isas)],
                repos={},
                commits=0,
                start=_quarter_start(0),
                end=_quarter_start(8),
                bench=arch.bench,
                tz=TIMEZONES[r.randrange(len(TIMEZONES))],
            )
        )
        weight = r.paretovariate(PARETO_ALPHA)
        weights.append(weight)
        gone_before = start_q + span - 1 < 0  # active only before the window opened: never picked by activity
        active.append((8, -1) if gone_before else (max(0, start_q), min(7, start_q + span - 1)))
        (drive_by if r.random() < DRIVE_BY_PEOPLE else by_category)[category].append(i)
        home_slot.append(r.randrange(1 << 30))
        homes.append(1 + min(5, int(math.log2(weight) * 1.5)) + (1 if r.random() < 0.3 else 0))
    return Pool(out, weights, active, dict(by_category), dict(drive_by), home_slot, homes)


# --- the repositories -----------------------------------------------------------------------------------


def _largest_remainder(total: int, shares: dict[str, float]) -> dict[str, int]:
    whole = sum(shares.values())
    exact = {k: total * v / whole for k, v in shares.items()}
    counts = {k: int(v) for k, v in exact.items()}
    for k in sorted(exact, key=lambda k: (counts[k] - exact[k], k))[: total - sum(counts.values())]:
        counts[k] += 1
    return counts


def plan_repos(spec: ScaleSpec) -> list[ScaleRepo]:
    """All total_repos repositories, in a seeded order (so a prefix is a fair sample of categories)."""
    r = random.Random(f"scout-scale-repos:{spec.seed}")
    counts = _largest_remainder(spec.total_repos, {c: float(v[2]) for c, v in NEWSLETTER.items()})
    raw: list[tuple[str, float]] = []
    for category, n in counts.items():
        per_repo = NEWSLETTER[category][0] / max(1, NEWSLETTER[category][2])
        for _ in range(n):
            quiet = r.random() < 0.3  # tracked but nearly idle, as 146 of the newsletter's 474 are
            raw.append((category, per_repo * r.lognormvariate(0, 1.0) * (0.02 if quiet else 1.0)))
    r.shuffle(raw)
    whole = sum(w for _, w in raw)
    out = []
    seen: Counter[str] = Counter()
    for i, (category, w) in enumerate(raw):
        seen[category] += 1
        owner = re.sub(r"[^a-z]+", "-", category.lower().split(" & ")[0]).strip("-")
        name = f"scale-{owner}/{NAME_WORDS[i % len(NAME_WORDS)]}{NAME_TAILS[(i // 12) % len(NAME_TAILS)]}-{i:03d}"
        template = r.choice(TEMPLATES[category])
        out.append(ScaleRepo(i, name, category, template, w / whole, seen[category] - 1, counts[category]))
    return out


class _Picker:
    """Weighted choice among some people (cumulative weights, bisect)."""

    def __init__(self, members: list[int], weights: list[float]) -> None:
        self.members = members
        self.cum = list(itertools.accumulate(weights[i] for i in members))

    def pick(self, r: random.Random) -> int:
        return self.members[bisect.bisect_left(self.cum, r.random() * self.cum[-1])]


@lru_cache(maxsize=2)  # shared by every repository a worker writes
def _pickers(people: int, seed: int) -> dict[tuple[str | None, int], _Picker]:
    """(None for anyone, quarter) -> a picker over the regulars active then."""
    pool = build_pool(people, seed)
    out: dict[tuple[str | None, int], _Picker] = {}
    regulars = [i for members in pool.by_category.values() for i in members]
    for q in range(8):
        out[(None, q)] = _Picker(_active(pool, regulars, q), pool.weights)
    return out


def _active(pool: Pool, members: list[int], quarter: int) -> list[int]:
    return [i for i in members if pool.active[i][0] <= quarter <= pool.active[i][1]] or members


def _works(template: RepoSpec, p: Persona) -> tuple[list[str], list[float]]:
    works = [w for w in p.work if _slots_for(template, p, w)]
    if not works:  # someone from another field: they fix docs here
        return ["docs"], [1.0]
    return works, [p.work[w] for w in works]


def _home_of(pool: Pool, person: int, repo: ScaleRepo) -> bool:
    """Whether this repository is one of the few of its category that a regular works in."""
    return (repo.slot - pool.home_slot[person]) % repo.siblings < pool.homes[person]


def plan_commits(repo: ScaleRepo, spec: ScaleSpec, pool: Pool) -> list[Intent]:
    r = random.Random(f"scout-scale-commits:{spec.seed}:{repo.index}")
    template = REPO_BY_NAME[repo.template]
    anyone = _pickers(len(pool.people), spec.seed)
    regulars = pool.by_category.get(repo.category, [])
    members = [i for i in regulars if _home_of(pool, i, repo)] or regulars or anyone[(None, 0)].members
    ranked = sorted(members, key=lambda i: -pool.weights[i])
    per_quarter = spec.commits_per_quarter * repo.weight
    size = min(len(ranked), 2 + int(math.sqrt(per_quarter) / 3) + r.randint(0, 2))  # bigger projects, more core
    core = _Picker(r.sample(ranked[: max(4 * size, len(ranked) // 10)], k=size), pool.weights)
    drive_by = pool.drive_by.get(repo.category) or members
    intents: list[Intent] = []
    works_cache: dict[int, tuple[list[str], list[float]]] = {}
    for q in range(8 - spec.quarters, 8):
        expected = per_quarter * r.uniform(0.7, 1.3)
        n = int(expected) + (1 if r.random() < expected - int(expected) else 0)
        local = _Picker(_active(pool, members, q), pool.weights)
        start = _quarter_start(q)
        days = (_quarter_start(q + 1) - start).days
        for _ in range(n):
            roll = r.random()
            if roll < CORE_SHARE:
                who = core.pick(r)
            elif roll < CORE_SHARE + DRIVE_BY_SHARE:
                who = drive_by[r.randrange(len(drive_by))]  # uniform: most of them land one commit in all
            else:
                who = (anyone[(None, q)] if r.random() < CROSS_CATEGORY else local).pick(r)
            p = pool.people[who]
            works, weights = works_cache.setdefault(who, _works(template, p))
            day = start + timedelta(days=r.randrange(days))
            offset = timezone(timedelta(hours=int(p.tz[:3]), minutes=int(p.tz[0] + p.tz[3:5])))
            when = datetime(day.year, day.month, day.day, r.randint(8, 23), r.randint(0, 59), r.randint(0, 59),
                            tzinfo=offset)  # fmt: skip
            intents.append(Intent(repo.name, when, p, r.choices(works, weights)[0], len(intents)))
    return intents


def _write_one(repo: ScaleRepo, spec: ScaleSpec, path: Path) -> tuple[str, str, dict[str, dict[str, int]]]:
    """Plan, render and fast-import one repository; (name, head, quarter -> person key -> commits)."""
    pool = build_pool(spec.people, spec.seed)
    intents = plan_commits(repo, spec, pool)
    template = replace(REPO_BY_NAME[repo.template], name=repo.name, category=repo.category)
    tallies: defaultdict[str, Tally] = defaultdict(Tally)
    rendered = render_repo(template, intents, spec.seed, tallies, itertools.count(100))
    head = write_repo(path, rendered) if rendered else _empty_repo(path)
    by_quarter: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for intent in intents:
        assert intent.persona is not None
        by_quarter[f"{intent.when.year}Q{(intent.when.month - 1) // 3 + 1}"][intent.persona.key] += 1
    return repo.name, head, {q: dict(c) for q, c in by_quarter.items()}


def _empty_repo(path: Path) -> str:
    path.mkdir(parents=True, exist_ok=True)
    _git(["init", "-q", "-b", "main", "."], path)
    return ""


def _reuse(out_dir: Path, spec: ScaleSpec) -> ScaleInfo | None:
    try:
        info = ScaleInfo(**json.loads((out_dir / INFO_FILE).read_text()))
    except (OSError, ValueError, TypeError):
        return None
    if info.version != SCALE_VERSION or info.spec != asdict(spec) or info.root != str(out_dir):
        return None
    for name, head in info.heads.items():
        path = out_dir / "repos" / name
        try:
            now = _git(["rev-parse", "HEAD"], path).strip() if head else ""
        except (ScoutError, OSError):
            return None
        if now != head:
            return None
    return info


def generate_scale(out_dir: Path, spec: ScaleSpec, *, workers: int = 2) -> ScaleInfo:
    """Write the repositories of `spec` and their manifest into out_dir (or reuse an identical generation)."""
    out_dir = Path(out_dir).resolve()
    reused = _reuse(out_dir, spec)
    if reused is not None:
        return reused
    try:
        (out_dir / "repos").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ScoutError(f"cannot create the scale corpus directory {out_dir}: {exc}") from exc
    (out_dir / INFO_FILE).unlink(missing_ok=True)
    repos = plan_repos(spec)[: spec.repos or spec.total_repos]
    paths = {repo.name: out_dir / "repos" / repo.name for repo in repos}
    # Planning and rendering are Python: processes, not threads, to use every core.
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        results = list(pool.map(_write_one, repos, itertools.repeat(spec), [paths[r.name] for r in repos]))
    heads = {name: head for name, head, _ in results}
    per_person: Counter[str] = Counter()
    repos_of: Counter[str] = Counter()
    per_quarter: Counter[str] = Counter()
    contributors: defaultdict[str, set[str]] = defaultdict(set)
    for _, _, by_quarter in results:
        in_repo: set[str] = set()
        for quarter, by_person in by_quarter.items():
            per_person.update(by_person)
            per_quarter[quarter] += sum(by_person.values())
            contributors[quarter].update(by_person)
            in_repo.update(by_person)
        repos_of.update(in_repo)
    manifest = out_dir / "repos.toml"
    manifest.write_text(
        "# A synthetic history at the talent map's scale, written by eval.corpus_scale.generate_scale\n"
        + "".join(
            f'\n[[repo]]\npath = "{paths[r.name]}"\nname = "{r.name}"\ncategory = "{r.category}"\n'
            for r in repos
            if heads[r.name]
        )
    )
    info = ScaleInfo(
        root=str(out_dir),
        manifest=str(manifest),
        spec=asdict(spec),
        heads=heads,
        commits=sum(per_person.values()),
        people=len(per_person),
        contributors_by_quarter={q: len(v) for q, v in sorted(contributors.items())},
        commits_by_quarter=dict(sorted(per_quarter.items())),
        commits_per_person=dict(per_person),
        repos_per_person=dict(repos_of),
    )
    (out_dir / INFO_FILE).write_text(json.dumps(asdict(info)) + "\n")
    return info


def skew(info: ScaleInfo) -> dict[str, float]:
    """How lopsided the history is: the figures the talent map's shape depends on."""
    counts = sorted(info.commits_per_person.values(), reverse=True)
    if not counts:
        return {}
    top = max(1, math.ceil(len(counts) / 100))
    return {
        "people": float(len(counts)),
        "one_commit_share": sum(1 for c in counts if c == 1) / len(counts),
        "top_1pct_commit_share": sum(counts[:top]) / sum(counts),
        "max_commits": float(counts[0]),
        "median_commits": float(counts[len(counts) // 2]),
        "several_repos_share": sum(1 for n in info.repos_per_person.values() if n > 1) / len(counts),
    }
