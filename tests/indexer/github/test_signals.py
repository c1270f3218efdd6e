from __future__ import annotations

from pathlib import Path

import pytest
from github_fakes import REPO, ClientFactory, FakeClock, FakeGithub, index_local_repo, make_local_repo

import indexer.github.signals as gh_signals
from indexer.github import index_github
from indexer.github.pulls import PrFile, PullRequest, Review
from indexer.github.signals import is_systems, review_signals, systems_share
from indexer.signals import Detection
from indexer.store import Store
from models.records import Commit, Evidence, Signal
from models.settings import Settings


def pull(files: tuple[PrFile, ...], reviews: tuple[Review, ...], repo: str = "huggingface/candle") -> PullRequest:
    return PullRequest(
        repo=repo,
        number=7,
        title="Faster q4 matmul",
        body="",
        author="ada-kern",
        state="MERGED",
        merged=True,
        merge_sha="a" * 40,
        head_sha="b" * 40,
        created_at="2026-10-01T00:00:00Z",
        merged_at="2026-10-02T00:00:00Z",
        updated_at="2026-10-02T00:00:00Z",
        files=files,
        reviews=reviews,
    )


def approve(login: str, body: str = "", state: str = "APPROVED", bot: bool = False) -> Review:
    return Review(review_id=hash(login + state) & 0xFFFF, reviewer=login, state=state, body=body, bot=bot,
                  submitted_at="2026-10-02T00:00:00Z")  # fmt: skip


def test_catalog_paths_and_languages_decide_what_is_systems() -> None:
    assert is_systems("huggingface/candle", "candle-kernels/src/quantized.cu")
    assert not is_systems("huggingface/candle", "candle-examples/src/main.rs")  # application by the catalog
    assert is_systems("someone/unknown", "src/kernel.rs")
    assert not is_systems("someone/unknown", "third_party/blis/gemm.c")
    assert not is_systems("someone/unknown", "tests/test_gemm.cpp")
    files = (PrFile("candle-kernels/src/q.cu", 30, 10), PrFile("candle-book/src/q.md", 60, 0))
    assert systems_share("huggingface/candle", files) == pytest.approx(0.4)


def test_reviews_on_systems_code_weigh_more_than_on_docs() -> None:
    kernel = pull((PrFile("candle-kernels/src/q.cu", 120, 10),), (approve("cyd-review"),))
    docs = pull((PrFile("candle-book/src/q.md", 120, 10),), (approve("cyd-review"),))
    [on_kernel] = review_signals(kernel)
    [on_docs] = review_signals(docs)
    assert on_kernel.signal.weight > on_docs.signal.weight
    assert on_kernel.signal.language == "cuda" and on_kernel.signal.evidence.path == "candle-kernels/src/q.cu"
    assert on_docs.signal.language is None
    assert on_kernel.login == "cyd-review" and on_kernel.signal.kind == "code_review"


def test_a_substantive_review_weighs_more_than_a_bare_approval() -> None:
    files = (PrFile("candle-kernels/src/q.cu", 120, 10),)
    bare = review_signals(pull(files, (approve("cyd-review"),)))[0].signal.weight
    detailed = review_signals(pull(files, (approve("cyd-review", "x" * 300),)))[0].signal.weight
    assert detailed > bare


def test_self_reviews_bots_and_deleted_users_give_no_review_signal() -> None:
    files = (PrFile("src/a.rs", 10, 0),)
    reviews = (
        approve("ada-kern"),  # the PR's author
        approve("kw-ci[bot]", bot=True),
        Review(review_id=9, reviewer=None, state="APPROVED"),
        approve("bo-simd", state="PENDING"),
    )
    assert review_signals(pull(files, reviews, repo="someone/unknown")) == []


def test_several_reviews_by_one_person_make_one_signal() -> None:
    reviews = (approve("cyd-review", "please fix", "CHANGES_REQUESTED"), approve("cyd-review", "LGTM"))
    [only] = review_signals(pull((PrFile("src/a.rs", 10, 0),), reviews, repo="someone/unknown"))
    assert only.signal.detail["states"] == ["APPROVED", "CHANGES_REQUESTED"]
    assert only.signal.evidence.snippet == "please fix"


def _fake_detector(commit: Commit, settings: Settings) -> Detection:
    """Stands in for the text detectors: one benchmark_claim when the text mentions GFLOP/s."""
    text = commit.message + "\n" + (commit.pr_text or "")
    if "GFLOP/s" not in text and "faster" not in text:
        return Detection()
    evidence = Evidence(repo=commit.repo, sha=commit.sha, snippet="412 GFLOP/s -> 742 GFLOP/s", title=commit.subject)
    return Detection(signals=[Signal(kind="benchmark_claim", weight=0.8, evidence=evidence)])


def test_pr_text_signals_replace_the_message_ones_and_are_not_duplicated(
    tmp_path: Path, store: Store, clock: FakeClock, make_client: ClientFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gh_signals, "detect_commit", _fake_detector)
    shas = make_local_repo(tmp_path / "fastmm")
    index_local_repo(store, tmp_path / "fastmm", REPO)
    change = store.conn.execute("SELECT change_id FROM commits WHERE sha = ?", (shas["tile"],)).fetchone()[0]
    with store.transaction() as conn:  # what `scout index` found in the commit itself: one claim, one code signal
        for kind, path in (("benchmark_claim", None), ("simd", "src/pack.cpp")):
            conn.execute(
                "INSERT INTO signals (change_id, kind, weight, repo, sha, path, snippet, title)"
                " VALUES (?, ?, 0.5, ?, ?, ?, 'old', 'Tile')",
                (change, kind, REPO, shas["tile"], path),
            )
    server = FakeGithub(clock, shas).standard()
    settings = Settings(data_dir=tmp_path / "data")
    for _ in range(2):
        index_github(store, REPO, settings, client=make_client(server))
    rows = store.conn.execute("SELECT kind, snippet FROM signals WHERE change_id = ? ORDER BY kind", (change,))
    assert rows.fetchall() == [("benchmark_claim", "412 GFLOP/s -> 742 GFLOP/s"), ("simd", "old")]
    # PR #9 merged nothing that is indexed here: its claim belongs to its author's login.
    by_login = store.github_login_signals(["eve-gpu"])
    assert [(r[0], r[2], r[6]) for r in by_login] == [("eve-gpu", "benchmark_claim", 9)]
