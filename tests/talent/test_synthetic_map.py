"""The benchmark's synthetic store at a small scale against the independent count of eval/map_oracle.py.

The generator (bench/map.py) hands the oracle every landing as `git log` would show it (syncs, bot commits,
co-authors), so the store's SQL is checked on thousands of random commits, beside the hand-worked known answers
of test_map.py: many people per scope, ties in commits, movers and overlaps between all twelve categories.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bench.map import Scale, synthetic
from eval import map_oracle as oracle
from eval.map_oracle import LogCommit
from indexer.repos import repo_categories
from talent.map import build_map

SMALL = Scale(
    repos=30,
    people=400,
    quarters=(
        ("2026Q1", datetime(2026, 1, 1, tzinfo=UTC), 2_500, 250),
        ("2026Q2", datetime(2026, 4, 1, tzinfo=UTC), 2_800, 280),
    ),
)


def test_every_figure_agrees_with_the_oracle_on_random_commits(tmp_path: Path) -> None:
    logs: list[LogCommit] = []
    store = synthetic(tmp_path, seed=5, scale=SMALL, logs=logs)
    expected = oracle.oracle_map(oracle.counted_commits(logs, lambda email, _name: email), repo_categories(store))
    m = build_map(store, "2026Q2")  # the newest quarter, which the default takes to be still running
    assert m.previous == "2026Q1"
    assert m.totals.commits == sum(expected.commits[("r", r.repo, m.quarter)] for r in m.repos) > 2_500
    for c in m.categories:
        want = oracle.scope_figures(expected, "c", c.category, m.quarter, m.previous)
        assert {k: getattr(c, k) for k in want} == want, c.category
        assert c.new_contributors and c.churn  # people arrive in and leave every category
    for r in m.repos:
        want = oracle.scope_figures(expected, "r", r.repo, m.quarter, m.previous)
        assert {k: getattr(r, k) for k in want} == want, r.repo
    assert {(o.a, o.b): o.people for o in m.overlaps if o.people} == oracle.overlaps(expected, m.quarter)
    assert {(o.a, o.b): o.previous for o in m.overlaps if o.previous} == oracle.overlaps(expected, m.previous)
    movers = {(v.from_category, v.to_category): v.people for v in m.movers}
    assert movers == dict(oracle.movers(expected, m.quarter, m.previous)) and len(movers) > 20
    domains = sum((expected.domains[(c.category, m.quarter)] for c in m.categories), Counter[str]())
    assert {d.domain: d.commits for d in m.affiliation if d.domain != "independent"} == {
        d: n for d, n in domains.items() if d.endswith(".example")
    }
