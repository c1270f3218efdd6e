"""`build_map(store, quarter)`: the quarterly talent map of the index (docs/TALENT_MAP.md has the definitions).

The store computes every count with SQL over its tables (indexer/store_map.py); this module picks the quarters,
turns counts into shares and QoQ figures and shapes the models.talent_map records.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from indexer.repos import repo_categories
from indexer.signals.classify import is_tests_path
from indexer.store import Store
from models.catalog import CATEGORIES, UNCATEGORIZED, check_category
from models.errors import ScoutError
from models.talent_map import (
    CategoryFigures,
    CategoryPeople,
    DomainShare,
    MoverLine,
    Movers,
    Overlap,
    PersonLine,
    RepoFigures,
    SkillGrowth,
    TalentMap,
    Totals,
    WorkMix,
)
from models.taxonomy import SKILL_FOR_KIND
from talent.affiliation import INDEPENDENT, affiliation_of
from talent.quarters import Quarter

RISING_SKILLS = 3  # skills listed per category, the largest growth in commit share first
AFFILIATION_DOMAINS = 5  # company domains listed per category (independent always listed)
PEOPLE_LIMIT = 15  # people per drill-down list


class NoDataError(ScoutError):
    """The index has no counted commit in the quarter asked for (or none at all)."""


class UnknownCategoryError(ScoutError):
    """A category that is not one of the newsletter's twelve (or Uncategorized)."""


@dataclass
class _Scope:
    """Figures of one category or repository, for the quarter and the one before."""

    commits: int = 0
    contributors: int = 0
    active_repos: int = 0
    previous_commits: int = 0
    previous_contributors: int = 0
    previous_active_repos: int = 0
    new: int = 0
    left: int = 0
    mean_weeks: float | None = None


def build_map(store: Store, quarter: str | None = None, *, category: str | None = None) -> TalentMap:
    """The talent map for `quarter` (default: the last complete quarter in the index) against the one before;
    with `category`, only that category's rows, plus the people behind them."""
    categories = repo_categories(store)
    try:
        wanted = check_category(category) if category is not None else None
    except ScoutError as exc:
        raise UnknownCategoryError(str(exc)) from exc
    if wanted is not None and wanted not in categories.values():
        raise NoDataError(f"no indexed repository is in {wanted!r}: see `scout repos` (set-category changes one)")
    store.map_prepare(categories, SKILL_FOR_KIND, is_tests_path)
    known = store.map_quarters()
    q = _pick_quarter(known, quarter)
    p = str(Quarter.parse(q).previous())
    scopes = _scopes(store, q, p)
    commits, contributors, active = store.map_totals(q)
    present = [c for c in (*CATEGORIES, UNCATEGORIZED) if c in set(categories.values())]
    movers = store.map_movers(q, p)
    out = TalentMap(
        quarter=q,
        previous=p,
        quarters=known,
        category=wanted,
        totals=Totals(repos=len(categories), active_repos=active, commits=commits, contributors=contributors),
        categories=_category_rows(store, scopes, present, q, p),
        repos=_repo_rows(store, scopes, categories, q),
        overlaps=_overlaps(store, q, p),
        movers=_mover_counts(movers),
        affiliation=_affiliation(store.map_domains(q), limit=10),
    )
    if wanted is not None:
        _only(out, wanted)
        out.people = _people(store, wanted, q, movers)
    return out


def _pick_quarter(known: list[str], asked: str | None) -> str:
    if not known:
        raise NoDataError("the index has no counted commits: run `scout index` first")
    if asked is not None:
        q = str(Quarter.parse(asked))
        if q not in known:
            raise NoDataError(f"no counted commits in {q}: the index has {known[0]} to {known[-1]}")
        return q
    # The newest quarter is still running as far as the index knows: take the last one before it.
    earlier = known[:-1]
    return earlier[-1] if earlier else known[-1]


def qoq(this: int, previous: int) -> float | None:
    return round((this - previous) / previous, 4) if previous else None


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _scopes(store: Store, q: str, p: str) -> dict[tuple[str, str], _Scope]:
    scopes: dict[tuple[str, str], _Scope] = defaultdict(_Scope)
    for kind, scope, quarter, commits, people, repos in store.map_scope_figures([q, p]):
        s = scopes[(kind, scope)]
        if quarter == q:
            s.commits, s.contributors, s.active_repos = commits, people, repos
        else:
            s.previous_commits, s.previous_contributors, s.previous_active_repos = commits, people, repos
    for kind, scope, n in store.map_new_contributors(q):
        scopes[(kind, scope)].new = n
    for kind, scope, n in store.map_left(q, p):
        scopes[(kind, scope)].left = n
    for kind, scope, mean in store.map_mean_active_weeks(q):
        scopes[(kind, scope)].mean_weeks = round(mean, 2)
    return scopes


def _category_rows(store: Store, scopes: dict[tuple[str, str], _Scope], present: list[str], q: str, p: str):
    mix = {c: (n, bench, tests) for c, n, bench, tests in store.map_work_mix(q)}
    rising = _rising_skills(store, scopes, q, p)
    domains: dict[str, list[tuple[str, str, int]]] = defaultdict(list)
    for row in store.map_domains(q):
        domains[row[0]].append(row)
    rows = []
    for name in present:
        s = scopes.get(("c", name), _Scope())
        n, bench, tests = mix.get(name, (0, 0, 0))
        rows.append(
            CategoryFigures(
                category=name,
                commits=s.commits,
                contributors=s.contributors,
                active_repos=s.active_repos,
                previous_commits=s.previous_commits,
                previous_contributors=s.previous_contributors,
                previous_active_repos=s.previous_active_repos,
                commits_qoq=qoq(s.commits, s.previous_commits),
                contributors_qoq=qoq(s.contributors, s.previous_contributors),
                new_contributors=s.new,
                churn=_share(s.left, s.previous_contributors),
                mean_active_weeks=s.mean_weeks,
                work_mix=WorkMix(
                    benchmark_or_profiling_share=_share(bench, n),
                    tests_share=_share(tests, n),
                    rising_skills=rising.get(name, []),
                ),
                affiliation=_affiliation(domains.get(name, []), limit=AFFILIATION_DOMAINS),
            )
        )
    return rows


def _rising_skills(store: Store, scopes: dict[tuple[str, str], _Scope], q: str, p: str) -> dict[str, list[SkillGrowth]]:
    counts: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(lambda: [0, 0]))
    for cat, quarter, skill, n in store.map_skill_commits([q, p]):
        counts[cat][skill][0 if quarter == q else 1] = n
    out: dict[str, list[SkillGrowth]] = {}
    for cat, skills in counts.items():
        s = scopes.get(("c", cat), _Scope())
        grown = []
        for skill, (now, before) in skills.items():
            share = now / s.commits if s.commits else 0.0
            previous = before / s.previous_commits if s.previous_commits else 0.0
            if share > previous:
                grown.append(
                    SkillGrowth(
                        skill=skill,
                        share=round(share, 4),
                        previous_share=round(previous, 4),
                        growth=round(share - previous, 4),
                    )
                )
        grown.sort(key=lambda g: (-g.growth, g.skill))
        out[cat] = grown[:RISING_SKILLS]
    return out


def _affiliation(rows: list[tuple[str, str, int]], *, limit: int) -> list[DomainShare]:
    by: Counter[str] = Counter()
    for _cat, domain, n in rows:
        by[affiliation_of(domain)] += n
    total = sum(by.values())
    companies = sorted(((d, n) for d, n in by.items() if d != INDEPENDENT), key=lambda t: (-t[1], t[0]))[:limit]
    listed = companies + ([(INDEPENDENT, by[INDEPENDENT])] if by[INDEPENDENT] else [])
    listed.sort(key=lambda t: (-t[1], t[0]))
    return [DomainShare(domain=d, commits=n, share=round(n / total, 4)) for d, n in listed]


def _repo_rows(store: Store, scopes: dict[tuple[str, str], _Scope], categories: dict[str, str], q: str):
    concentration = {repo: (top5, half) for repo, _n, top5, half in store.map_concentration(q)}
    rows = []
    for repo, cat in categories.items():
        s = scopes.get(("r", repo), _Scope())
        top5, half = concentration.get(repo, (0, None))
        rows.append(
            RepoFigures(
                repo=repo,
                category=cat,
                commits=s.commits,
                contributors=s.contributors,
                previous_commits=s.previous_commits,
                previous_contributors=s.previous_contributors,
                commits_qoq=qoq(s.commits, s.previous_commits),
                contributors_qoq=qoq(s.contributors, s.previous_contributors),
                new_contributors=s.new,
                churn=_share(s.left, s.previous_contributors),
                mean_active_weeks=s.mean_weeks,
                top5_share=_share(top5, s.commits),
                half_of_commits_people=half,
            )
        )
    rows.sort(key=lambda r: (-r.commits, r.repo))
    return rows


def _overlaps(store: Store, q: str, p: str) -> list[Overlap]:
    pairs: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    for a, b, quarter, n in store.map_overlaps([q, p]):
        pairs[(a, b)][0 if quarter == q else 1] = n
    out = [Overlap(a=a, b=b, people=now, previous=before) for (a, b), (now, before) in pairs.items()]
    out.sort(key=lambda o: (-o.people, -o.previous, o.a, o.b))
    return out


def _mover_counts(movers: list[tuple[str, str, str]]) -> list[Movers]:
    counts = Counter((a, b) for _pid, a, b in movers)
    return [
        Movers(from_category=a, to_category=b, people=n)
        for (a, b), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


def _only(m: TalentMap, category: str) -> None:
    m.categories = [c for c in m.categories if c.category == category]
    m.repos = [r for r in m.repos if r.category == category]
    m.overlaps = [o for o in m.overlaps if category in (o.a, o.b)]
    m.movers = [v for v in m.movers if category in (v.from_category, v.to_category)]


def _people(store: Store, category: str, q: str, movers: list[tuple[str, str, str]]) -> CategoryPeople:
    rows = store.map_scope_people("c", category, q)
    new = [r for r in rows if r[3] == q][:PEOPLE_LIMIT]
    engaged = sorted(rows, key=lambda r: (-r[2], -r[1], r[0]))[:PEOPLE_LIMIT]
    moving = [m for m in movers if category in (m[1], m[2])]
    names = _names(store, sorted({r[0] for r in new + engaged} | {m[0] for m in moving}))

    def line(r: tuple[str, int, int, str]) -> PersonLine:
        return PersonLine(id=r[0], name=names.get(r[0], r[0]), commits=r[1], active_weeks=r[2])

    def mover(m: tuple[str, str, str]) -> MoverLine:
        return MoverLine(id=m[0], name=names.get(m[0], m[0]), from_category=m[1], to_category=m[2])

    return CategoryPeople(
        category=category,
        new_contributors=[line(r) for r in new],
        most_engaged=[line(r) for r in engaged],
        movers_in=[mover(m) for m in moving if m[2] == category][:PEOPLE_LIMIT],
        movers_out=[mover(m) for m in moving if m[1] == category][:PEOPLE_LIMIT],
    )


def _names(store: Store, person_ids: list[str]) -> dict[str, str]:
    best: dict[str, tuple[int, str]] = {}
    for pid, name, n in store.map_person_names(person_ids):
        if pid not in best or (n, name) > best[pid]:
            best[pid] = (n, name)
    return {pid: name for pid, (_n, name) in best.items()}
