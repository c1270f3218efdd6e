"""The talent map as a terminal table (like the newsletter's snapshot) and as a Markdown report."""

from __future__ import annotations

from models.talent_map import CategoryFigures, CategoryPeople, RepoFigures, TalentMap

TOP_OVERLAPS = 10
TOP_REPOS = 20


def percent(value: float | None, *, signed: bool = False) -> str:
    if value is None:
        return "n/a"
    text = f"{round(100 * value):+d}%" if signed else f"{round(100 * value)}%"
    return text


def weeks(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


CATEGORY_COLUMNS = (
    "Category",
    "Commits",
    "Contributors",
    "Active Repos",
    "Commits QoQ",
    "Contribs QoQ",
    "New",
    "Churn",
    "Active Weeks",
)
REPO_COLUMNS = ("Repository", "Category", "Commits", "Contributors", "New", "Churn", "Top-5 Share", "Half Of Commits")


def category_cells(c: CategoryFigures) -> list[str]:
    return [
        c.category,
        f"{c.commits:,}",
        f"{c.contributors:,}",
        f"{c.active_repos:,}",
        percent(c.commits_qoq, signed=True),
        percent(c.contributors_qoq, signed=True),
        f"{c.new_contributors:,}",
        percent(c.churn),
        weeks(c.mean_active_weeks),
    ]


def repo_cells(r: RepoFigures) -> list[str]:
    half = "n/a" if r.half_of_commits_people is None else str(r.half_of_commits_people)
    return [
        r.repo,
        r.category,
        f"{r.commits:,}",
        f"{r.contributors:,}",
        f"{r.new_contributors:,}",
        percent(r.churn),
        percent(r.top5_share),
        half,
    ]


def headline(m: TalentMap) -> str:
    t = m.totals
    return (
        f"{m.quarter} (against {m.previous}): {t.repos:,} tracked repos | {t.active_repos:,} active | "
        f"{t.commits:,} commits | {t.contributors:,} contributors"
    )


def _table(header: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]

    def fmt(cells: list[str] | tuple[str, ...]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in pairs)

    return [fmt(header), fmt(["-" * w for w in widths]), *(fmt(r) for r in rows)]


def render_text(m: TalentMap, *, people: bool = False) -> str:
    lines = [headline(m), ""]
    lines += _table(CATEGORY_COLUMNS, [category_cells(c) for c in m.categories])
    if m.overlaps:
        lines += ["", "Overlaps (people active in both categories; previous quarter in brackets):"]
        lines += [f"  {o.people:>5} ({o.previous})  {o.a} + {o.b}" for o in m.overlaps[:TOP_OVERLAPS]]
    if m.movers:
        lines += ["", "Movers (main category changed since the previous quarter):"]
        lines += [f"  {v.people:>5}  {v.from_category} -> {v.to_category}" for v in m.movers]
    lines += ["", "Repositories:"]
    lines += _table(REPO_COLUMNS, [repo_cells(r) for r in m.repos[:TOP_REPOS]])
    if people and m.people is not None:
        lines += ["", *_people_text(m.people)]
    return "\n".join(lines)


def _people_text(p: CategoryPeople) -> list[str]:
    lines = [f"People behind {p.category} (ids work with `scout profile ID`):"]
    sections = (
        (
            "New contributors",
            [f"{x.name} <{x.id}>: {x.commits} commits, {x.active_weeks} weeks" for x in p.new_contributors],
        ),
        ("Most engaged", [f"{x.name} <{x.id}>: {x.active_weeks} weeks, {x.commits} commits" for x in p.most_engaged]),
        ("Moved in", [f"{x.name} <{x.id}>: from {x.from_category}" for x in p.movers_in]),
        ("Moved out", [f"{x.name} <{x.id}>: to {x.to_category}" for x in p.movers_out]),
    )
    for title, items in sections:
        lines.append(f"  {title}:")
        lines += [f"    {item}" for item in items] or ["    (none)"]
    return lines


def _md_row(cells: list[str] | tuple[str, ...]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _md_table(header: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    return [_md_row(header), _md_row(["---"] * len(header)), *(_md_row(r) for r in rows)]


def render_markdown(m: TalentMap) -> str:
    lines = [f"# Talent map {m.quarter}", "", headline(m), "", "## Q-over-Q snapshot", ""]
    lines += _md_table(CATEGORY_COLUMNS, [category_cells(c) for c in m.categories])
    lines += ["", "## Work mix", ""]
    lines += _md_table(
        ("Category", "Benchmark/Profiling", "Touching Tests", "Rising Skills", "Top Affiliations"),
        [
            [
                c.category,
                percent(c.work_mix.benchmark_or_profiling_share),
                percent(c.work_mix.tests_share),
                ", ".join(f"{s.skill} {percent(s.growth, signed=True)}" for s in c.work_mix.rising_skills) or "-",
                ", ".join(f"{d.domain} {percent(d.share)}" for d in c.affiliation[:3]) or "-",
            ]
            for c in m.categories
        ],
    )
    lines += ["", "## Where talent is moving", ""]
    lines += _md_table(
        ("Category A", "Category B", "People", "Previous"),
        [[o.a, o.b, str(o.people), str(o.previous)] for o in m.overlaps[:TOP_OVERLAPS]],
    )
    if m.movers:
        lines += ["", "Movers (main category changed):", ""]
        lines += _md_table(
            ("From", "To", "People"), [[v.from_category, v.to_category, str(v.people)] for v in m.movers]
        )
    lines += ["", "## Repositories", ""]
    lines += _md_table(REPO_COLUMNS, [repo_cells(r) for r in m.repos])
    if m.people is not None:
        lines += ["", "## People", "", *(line.strip() and f"- {line.strip()}" for line in _people_text(m.people))]
    return "\n".join(lines) + "\n"
