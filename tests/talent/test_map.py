"""Known answers: every definition of docs/TALENT_MAP.md on the hand-worked index of conftest.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from indexer.store import Store
from models.talent_map import TalentMap
from talent.map import NoDataError, UnknownCategoryError, build_map
from talent.quarters import Quarter, QuarterError

GPU = "GPU Kernels & Performance"
TRAIN = "Training Frameworks & Model Architecture"
INFER = "Inference Runtimes & Engines"


def talent(data_dir: Path, quarter: str | None = None, category: str | None = None) -> TalentMap:
    store = Store.open(data_dir / "scout.db", create=False)
    try:
        return build_map(store, quarter, category=category)
    finally:
        store.close()


@pytest.fixture(scope="module")
def m(map_store: Path) -> TalentMap:
    return talent(map_store)


def test_the_default_quarter_is_the_last_complete_one_against_the_one_before(m: TalentMap) -> None:
    assert (m.quarter, m.previous) == ("2026Q2", "2026Q1")
    assert m.quarters == ["2025Q4", "2026Q1", "2026Q2", "2026Q3"]  # 2026Q3 is still running


def test_totals_count_a_sync_once_and_leave_the_bot_out(m: TalentMap) -> None:
    assert m.totals.model_dump() == {"repos": 3, "active_repos": 3, "commits": 11, "contributors": 7}


def test_category_figures(m: TalentMap) -> None:
    rows = {c.category: c for c in m.categories}
    assert [c.category for c in m.categories] == [GPU, INFER, TRAIN]  # the newsletter's order
    gpu = rows[GPU]
    # Cy's 2026-04-01 01:30 +02:00 commit is 2026-03-31 in UTC: Q1, so Cy left in Q2.
    assert (gpu.commits, gpu.contributors, gpu.active_repos) == (8, 6, 1)
    assert (gpu.previous_commits, gpu.previous_contributors) == (5, 3)
    assert (gpu.commits_qoq, gpu.contributors_qoq) == (0.6, 1.0)
    assert gpu.new_contributors == 4  # Eve, her co-author Ben (new to kernels), Gus, Hal
    assert gpu.churn == 0.3333  # Cy, of Ada, Cy and Dee
    assert gpu.mean_active_weeks == 1.5  # Ada 3 weeks, Dee 2, four people 1: 9 / 6
    train = rows[TRAIN]
    assert (train.commits, train.contributors, train.commits_qoq, train.contributors_qoq) == (2, 1, -0.3333, -0.5)
    assert (train.new_contributors, train.churn, train.mean_active_weeks) == (0, 0.5, 2.0)
    infer = rows[INFER]  # the fork: the cherry-pick counts in kern, where it landed first
    assert (infer.commits, infer.contributors, infer.new_contributors) == (1, 1, 1)
    assert (infer.commits_qoq, infer.contributors_qoq, infer.churn) == (None, None, None)


def test_repository_figures_and_concentration(m: TalentMap) -> None:
    rows = {r.repo: r for r in m.repos}
    kern = rows["acme/kern"]
    assert (kern.commits, kern.contributors, kern.new_contributors, kern.churn) == (8, 6, 4, 0.3333)
    # Ada 3, Dee 2, then Ben (Eve's co-author) covers Eve's commit, Gus: 7 of 8; Ada + Dee make half.
    assert (kern.top5_share, kern.half_of_commits_people) == (0.875, 2)
    fork = rows["acme/fork"]
    assert (fork.commits, fork.contributors, fork.top5_share, fork.half_of_commits_people) == (1, 1, 1.0, 1)
    assert [r.repo for r in m.repos] == ["acme/kern", "acme/train", "acme/fork"]


def test_overlaps_with_the_previous_quarter(m: TalentMap) -> None:
    # Ben (kernels as a co-author, training) now; Dee (both) before.
    assert [o.model_dump() for o in m.overlaps] == [{"a": GPU, "b": TRAIN, "people": 1, "previous": 1}]


def test_movers_change_main_category(m: TalentMap) -> None:
    # Dee: mostly training in Q1, only kernels in Q2. Ben's main stays training (2 commits against 1).
    assert [v.model_dump() for v in m.movers] == [{"from_category": TRAIN, "to_category": GPU, "people": 1}]


def test_work_mix(m: TalentMap) -> None:
    mix = {c.category: c.work_mix for c in m.categories}[GPU]
    assert mix.benchmark_or_profiling_share == 0.125  # the "2.1x faster" commit
    assert mix.tests_share == 0.125  # tests/test_g.py
    assert [(s.skill, s.share, s.previous_share) for s in mix.rising_skills] == [
        ("benchmark_claim", 0.125, 0.0),
        ("cuda_kernel", 0.125, 0.0),
        ("kernel_fusion", 0.125, 0.0),
    ]


def test_affiliation_counts_public_and_noreply_mail_as_independent(m: TalentMap) -> None:
    gpu = {c.category: c for c in m.categories}[GPU]
    assert [(d.domain, d.commits, d.share) for d in gpu.affiliation] == [
        ("acme.example", 3, 0.375),
        ("lark.example", 2, 0.25),
        ("independent", 1, 0.125),  # Eve's noreply address
        ("ives.example", 1, 0.125),
        ("penn.example", 1, 0.125),
    ]
    assert [(d.domain, d.commits) for d in m.affiliation][:3] == [
        ("acme.example", 3),
        ("independent", 3),  # Ben's gmail.com commits count as independent
        ("lark.example", 2),
    ]


def test_drill_down_lists_the_people_behind_a_category(map_store: Path) -> None:
    m = talent(map_store, category="gpu kernels & performance")
    assert [c.category for c in m.categories] == [GPU]
    assert [r.repo for r in m.repos] == ["acme/kern"]
    assert m.people is not None
    assert [p.id for p in m.people.new_contributors] == [
        "ben.okafor@gmail.com",
        "gh:evemoss",
        "gus@penn.example",
        "hal@ives.example",
    ]
    assert [(p.name, p.active_weeks, p.commits) for p in m.people.most_engaged[:2]] == [
        ("Ada Quill", 3, 3),
        ("Dee Lark", 2, 2),
    ]
    assert [(p.id, p.from_category) for p in m.people.movers_in] == [("dee@lark.example", TRAIN)]
    assert m.people.movers_out == []


def test_an_earlier_quarter_on_request(map_store: Path) -> None:
    m = talent(map_store, "2026q1")
    assert (m.quarter, m.previous, m.totals.commits, m.totals.contributors) == ("2026Q1", "2025Q4", 8, 4)
    gpu = {c.category: c for c in m.categories}[GPU]
    assert (gpu.commits, gpu.contributors, gpu.new_contributors, gpu.churn) == (5, 3, 2, 0.0)


def test_a_quarter_without_data_or_a_bad_category_is_a_clear_error(map_store: Path) -> None:
    with pytest.raises(NoDataError, match="no counted commits in 2019Q1: the index has 2025Q4 to 2026Q3"):
        talent(map_store, "2019Q1")
    with pytest.raises(QuarterError, match="YYYYQn"):
        talent(map_store, "2026-Q2")
    with pytest.raises(UnknownCategoryError, match="unknown category 'Kernels'"):
        talent(map_store, category="Kernels")
    with pytest.raises(NoDataError, match="no indexed repository is in 'Agent Framework'"):
        talent(map_store, category="Agent Framework")


def test_quarter_arithmetic() -> None:
    q = Quarter.parse("2026Q1")
    assert (str(q.previous()), str(q.next()), str(Quarter.parse(" 2025q4 ").next())) == ("2025Q4", "2026Q2", "2026Q1")
    assert (q.start().isoformat(), q.end().isoformat()) == ("2026-01-01", "2026-04-01")
    assert Quarter.parse("2026Q2") > Quarter.parse("2025Q4")
