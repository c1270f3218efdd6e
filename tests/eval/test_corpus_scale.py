"""The scale history: deterministic, lopsided like real contribution data, and a fraction is a true part."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from eval.corpus_scale import NEWSLETTER, ScaleInfo, ScaleSpec, build_pool, generate_scale, plan_repos, skew
from models.catalog import CATEGORIES
from models.errors import ScoutError

MEDIUM = ScaleSpec(total_repos=12, quarters=2, commits_per_quarter=1_500, people=500, seed=3)


@pytest.fixture(scope="module")
def medium(tmp_path_factory: pytest.TempPathFactory) -> ScaleInfo:
    return generate_scale(tmp_path_factory.mktemp("scale") / "medium", MEDIUM)


def test_same_seed_writes_the_same_commit_ids(tmp_path: Path, medium: ScaleInfo) -> None:
    again = generate_scale(tmp_path / "again", MEDIUM)
    assert again.heads == medium.heads
    assert again.commits_per_person == medium.commits_per_person


def test_another_seed_writes_another_history(tmp_path: Path, medium: ScaleInfo) -> None:
    other = generate_scale(tmp_path / "other", ScaleSpec(**{**MEDIUM.__dict__, "seed": 4}))
    assert set(other.heads.values()) != set(medium.heads.values())


def test_a_fraction_of_the_repos_is_exactly_that_part_of_the_full_history(tmp_path: Path, medium: ScaleInfo) -> None:
    part = generate_scale(tmp_path / "part", ScaleSpec(**{**MEDIUM.__dict__, "repos": 3}))
    assert len(part.heads) == 3
    assert all(medium.heads[name] == head for name, head in part.heads.items())


def test_contributions_are_heavy_tailed(medium: ScaleInfo) -> None:
    s = skew(medium)
    assert s["one_commit_share"] >= 0.1  # drive-bys
    assert s["top_1pct_commit_share"] >= 0.05  # a few people write a lot
    assert s["max_commits"] >= 10 * s["median_commits"]
    assert s["several_repos_share"] >= 0.2  # people active in several repositories


def test_history_spans_the_quarters_asked_for(medium: ScaleInfo) -> None:
    assert list(medium.commits_by_quarter) == ["2026Q2", "2026Q3"]
    assert sum(medium.commits_by_quarter.values()) == medium.commits
    assert 0.6 * 2 * 1_500 <= medium.commits <= 1.4 * 2 * 1_500


def test_repositories_carry_the_newsletter_categories_and_real_code(medium: ScaleInfo) -> None:
    manifest = Path(medium.manifest).read_text()
    assert manifest.count("[[repo]]") == len([h for h in medium.heads.values() if h])
    assert all(c in CATEGORIES for c in NEWSLETTER)
    files = "".join(
        subprocess.run(["git", "-C", medium.root + "/repos/" + name, "ls-files"], capture_output=True, text=True,
                       check=True).stdout
        for name, head in medium.heads.items() if head
    )  # fmt: skip
    assert {".cu", ".rs", ".py"} <= {Path(f).suffix for f in files.split()}


def test_full_scale_plan_matches_the_newsletter_shape() -> None:
    repos = plan_repos(ScaleSpec())
    assert len(repos) == 474
    assert {r.category for r in repos} == set(NEWSLETTER)
    assert sum(r.weight for r in repos) == pytest.approx(1.0)


def test_out_of_range_fraction_is_refused() -> None:
    with pytest.raises(ScoutError, match="--repos"):
        ScaleSpec(repos=475)


def test_every_person_has_their_own_name_address_and_login() -> None:
    pool = build_pool(17_500, 7)
    for values in ([p.name for p in pool.people], [p.emails[0][0] for p in pool.people],
                   [p.login for p in pool.people if p.login]):  # fmt: skip
        assert len(set(values)) == len(values)
