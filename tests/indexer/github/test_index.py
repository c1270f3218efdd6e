from __future__ import annotations

import json
from pathlib import Path

import pytest
from github_fakes import (
    REPO,
    ClientFactory,
    FakeClock,
    FakeGithub,
    Reply,
    index_local_repo,
    index_with_pipeline,
    make_local_repo,
)

from indexer.github import GithubError, NotFoundError, index_github
from indexer.store import Store
from models.errors import ScoutError
from models.settings import Settings

FIRST_RUN = [
    f"GET /repos/{REPO}",
    f"GET /repos/{REPO}/pulls?direction=desc&per_page=1&sort=updated&state=all",
    "POST graphql pulls",
    f"GET /repos/{REPO}/pulls/12/files?per_page=100",
    "GET /repositories/700123456/pulls/12/files?per_page=100&page=2",
]


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data")


@pytest.fixture
def local(tmp_path: Path, store: Store, clock: FakeClock) -> FakeGithub:
    """A clone of kernelworks/fastmm indexed locally, and the recorded GitHub that knows its shas."""
    shas = make_local_repo(tmp_path / "fastmm")
    index_local_repo(store, tmp_path / "fastmm", REPO)
    return FakeGithub(clock, shas).standard()


def pr_text(store: Store, sha: str) -> str | None:
    row = store.conn.execute(
        "SELECT ch.pr_text FROM commits c JOIN changes ch USING (change_id) WHERE c.sha = ?", (sha,)
    ).fetchone()
    return row[0]


def login_signals(store: Store, kind: str) -> dict[tuple[str, int], float]:
    rows = store.conn.execute("SELECT login, number, weight FROM github_signals WHERE kind = ?", (kind,)).fetchall()
    return {(login, number): weight for login, number, weight in rows}


def test_recorded_session_joins_pr_text_reviews_and_logins(
    store: Store, local: FakeGithub, make_client: ClientFactory, settings: Settings
) -> None:
    report = index_github(store, REPO, settings, client=make_client(local))

    # PR text joins the commits each PR merged: #12 by merge sha (squash), #13 by its commit sha.
    assert "742 GFLOP/s" in (pr_text(store, local.sha("tile")) or "")
    assert (pr_text(store, local.sha("tile")) or "").startswith("Tile the matmul inner loop\n\n")
    assert "_mm256_fmadd_ps" in (pr_text(store, local.sha("avx2")) or "")
    assert pr_text(store, local.sha("init")) is None and pr_text(store, local.sha("dee")) is None
    assert report.joined_changes == 2

    # Reviews: the reviewer's code_review signal; self-reviews, bots and deleted users give none.
    reviews = login_signals(store, "code_review")
    assert set(reviews) == {("cyd-review", 12), ("cyd-review", 14), ("cyd-review", 9), ("ada-kern", 13)}
    assert reviews[("cyd-review", 12)] > reviews[("cyd-review", 14)]  # systems code outweighs docs

    # Logins: from the PR commits' authors, and one direct push looked up by sha.
    logins = dict(store.conn.execute("SELECT email, login FROM logins WHERE source = 'github'").fetchall())
    assert logins == {
        "ada@kernelworks.dev": "ada-kern",
        "bo@kernelworks.dev": "bo-simd",
        "dee@kernelworks.dev": "dee-dsp",
        "eve@gpu-lab.example": "eve-gpu",
    }

    # PRs with no local commit are kept too, with their odd corners.
    prs = {row[0]: row[1:] for row in store.conn.execute("SELECT number, author_login, body FROM pull_requests")}
    assert sorted(prs) == [9, 10, 11, 12, 13, 14]
    assert prs[11][0] is None  # deleted user
    assert prs[14][1] == ""  # body null
    assert len(prs[10][1]) == 60_000
    files = [r[0] for r in store.conn.execute("SELECT path FROM pr_files WHERE number = 12 ORDER BY path")]
    assert files == ["src/matmul.cpp", "src/pack.cpp", "tests/test_matmul.cpp", "third_party/blis/bli_config.h"]
    deleted = store.conn.execute("SELECT count(*) FROM reviews WHERE reviewer_login IS NULL").fetchone()[0]
    assert deleted == 1

    # The quota this repository cost: see docs/GITHUB.md.
    assert local.log == [*FIRST_RUN, f"POST graphql pulls after={local.cursor(1)}", "POST graphql authors"]
    assert (report.requests, report.not_modified, report.pulls, report.pages) == (7, 0, 6, 2)
    assert report.quota_left == {"core": 4996, "graphql": 4997}


def test_rerun_over_an_unchanged_repository_costs_no_quota(
    store: Store, local: FakeGithub, make_client: ClientFactory, settings: Settings
) -> None:
    index_github(store, REPO, settings, client=make_client(local))
    before = store.conn.execute("SELECT count(*) FROM github_signals").fetchone()[0]
    local.log.clear()
    report = index_github(store, REPO, settings, client=make_client(local))
    assert report.up_to_date and report.pulls == 0
    assert (report.requests, report.not_modified) == (2, 2)
    assert local.log == FIRST_RUN[:2]
    assert store.conn.execute("SELECT count(*) FROM github_signals").fetchone()[0] == before


def test_rerun_fetches_only_pull_requests_updated_since(
    store: Store, local: FakeGithub, make_client: ClientFactory, settings: Settings
) -> None:
    index_github(store, REPO, settings, client=make_client(local))
    page = json.loads(local.body("graphql_pulls_page1.json"))
    nodes = page["data"]["repository"]["pullRequests"]["nodes"]
    nodes[0]["updatedAt"] = "2026-11-05T08:00:00Z"
    nodes[0]["title"] = "docs: explain the tile sizes and the packing"
    local.on(("pulls", None), Reply(200, json.dumps(page).encode()))
    probe = json.loads(local.body("pulls_probe.json"))
    probe[0]["updated_at"] = "2026-11-05T08:00:00Z"
    local.on(FIRST_RUN[1].removeprefix("GET "), Reply(200, json.dumps(probe).encode(), etag='W/"probe-2"'))
    local.log.clear()

    report = index_github(store, REPO, settings, client=make_client(local))

    assert local.log == [*FIRST_RUN[:3]]  # one page, no overflow fetch for the untouched #12
    assert (report.pulls, report.requests, report.not_modified) == (1, 3, 1)
    title = store.conn.execute("SELECT title FROM pull_requests WHERE number = 14").fetchone()[0]
    assert title.endswith("and the packing")
    assert store.github_cursor(REPO)[0] == "2026-11-05T08:00:00Z"


def test_since_limits_the_first_run_to_recent_pull_requests(
    store: Store, local: FakeGithub, make_client: ClientFactory, settings: Settings
) -> None:
    report = index_github(store, REPO, settings, since="2026-10-24", client=make_client(local))
    numbers = [r[0] for r in store.conn.execute("SELECT number FROM pull_requests ORDER BY number")]
    assert numbers == [13, 14]
    assert report.pages == 1
    assert not local.requests("GET /repositories")


def test_interrupted_run_keeps_finished_pages_and_resumes_after_them(
    store: Store, local: FakeGithub, make_client: ClientFactory, settings: Settings
) -> None:
    from indexer.github.client import Policy

    local.on(("pulls", local.cursor(1)), local.ok("graphql_truncated.json"))
    with pytest.raises(GithubError, match=r"kernelworks/fastmm failed after 3 tries: malformed JSON") as err:
        index_github(store, REPO, settings, client=make_client(local, policy=Policy(max_attempts=3)))
    assert f"GraphQL pull requests page 2 after {local.cursor(1)}" in str(err.value)
    numbers = [r[0] for r in store.conn.execute("SELECT number FROM pull_requests ORDER BY number")]
    assert numbers == [12, 13, 14]
    assert "742 GFLOP/s" in (pr_text(store, local.sha("tile")) or "")
    assert store.github_cursor(REPO)[1] == local.cursor(1)

    local.on(("pulls", local.cursor(1)), local.ok("graphql_pulls_page2.json"))
    local.log.clear()
    report = index_github(store, REPO, settings, client=make_client(local))
    assert report.resumed
    assert local.log == [f"GET /repos/{REPO}", f"POST graphql pulls after={local.cursor(1)}", "POST graphql authors"]
    numbers = [r[0] for r in store.conn.execute("SELECT number FROM pull_requests ORDER BY number")]
    assert numbers == [9, 10, 11, 12, 13, 14]
    assert store.github_cursor(REPO) == ("2026-11-01T12:30:00Z", None, None, None)


def test_a_resume_cursor_github_no_longer_takes_restarts_from_the_newest_page(
    store: Store, local: FakeGithub, make_client: ClientFactory, settings: Settings
) -> None:
    from indexer.github.client import Policy

    local.on(("pulls", local.cursor(1)), local.ok("graphql_truncated.json"))
    with pytest.raises(GithubError):
        index_github(store, REPO, settings, client=make_client(local, policy=Policy(max_attempts=1)))
    local.on(("pulls", local.cursor(1)), local.ok("graphql_bad_cursor.json"), local.ok("graphql_pulls_page2.json"))
    local.log.clear()
    report = index_github(store, REPO, settings, client=make_client(local))
    assert report.resumed and report.pulls == 6
    assert local.requests("POST graphql pulls") == [
        f"POST graphql pulls after={local.cursor(1)}",
        "POST graphql pulls",
        f"POST graphql pulls after={local.cursor(1)}",
    ]
    assert store.github_cursor(REPO) == ("2026-11-01T12:30:00Z", None, None, None)


def test_404_mid_pagination_names_the_request_and_loses_nothing(
    store: Store, local: FakeGithub, make_client: ClientFactory, settings: Settings
) -> None:
    page = json.loads(local.body("graphql_pulls_page2.json"))
    page["data"]["repository"]["pullRequests"]["nodes"][2]["files"]["pageInfo"]["hasNextPage"] = True
    local.on(("pulls", local.cursor(1)), Reply(200, json.dumps(page).encode()))
    nine = "https://api.github.com/repositories/700123456/pulls/9/files?per_page=100&page=2"
    local.on(f"/repos/{REPO}/pulls/9/files?per_page=100", Reply(200, b"[]", {"link": f'<{nine}>; rel="next"'}))
    local.on("/repositories/700123456/pulls/9/files?per_page=100&page=2", local.error(404, "error_not_found.json"))

    with pytest.raises(NotFoundError) as err:
        index_github(store, REPO, settings, client=make_client(local))
    message = str(err.value)
    assert (
        "kernelworks/fastmm" in message and "GET /repositories/700123456/pulls/9/files?per_page=100&page=2" in message
    )
    assert store.conn.execute("SELECT count(*) FROM pull_requests").fetchone()[0] == 3
    assert store.conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 4


def test_missing_repository_fails_before_any_pull_request_request(
    store: Store, server: FakeGithub, make_client: ClientFactory, settings: Settings
) -> None:
    server.on(f"/repos/{REPO}", server.error(404, "error_not_found.json"))
    with pytest.raises(NotFoundError, match=r"no kernelworks/fastmm or the token cannot see it"):
        index_github(store, REPO, settings, client=make_client(server))
    assert server.log == [f"GET /repos/{REPO}"]
    assert store.github_cursor(REPO) == (None, None, None, None)


def test_clone_indexed_after_the_github_run_is_joined_on_the_next_run(
    tmp_path: Path, store: Store, clock: FakeClock, make_client: ClientFactory, settings: Settings
) -> None:
    shas = make_local_repo(tmp_path / "fastmm")
    server = FakeGithub(clock, shas).standard()
    index_github(store, REPO, settings, client=make_client(server))
    assert store.conn.execute("SELECT count(*) FROM pr_commits").fetchone()[0] > 0
    index_local_repo(store, tmp_path / "fastmm", REPO)
    server.log.clear()
    report = index_github(store, REPO, settings, client=make_client(server))
    assert report.up_to_date and report.joined_changes == 2
    assert "742 GFLOP/s" in (pr_text(store, shas["tile"]) or "")
    assert server.requests("POST graphql pulls") == []


def test_a_token_is_required(store: Store, settings: Settings) -> None:
    with pytest.raises(ScoutError, match="export GITHUB_TOKEN"):
        index_github(store, REPO, settings.model_copy(update={"github_token": None}))


@pytest.mark.parametrize("bad", ["fastmm", "kernelworks/", "a/b/c", "kernel works/fastmm"])
def test_a_malformed_repo_name_is_refused(store: Store, settings: Settings, bad: str) -> None:
    with pytest.raises(ScoutError, match="--github expects OWNER/REPO"):
        index_github(store, bad, settings)


def test_a_github_url_is_accepted_as_the_repo(
    store: Store, server: FakeGithub, make_client: ClientFactory, settings: Settings
) -> None:
    report = index_github(store, f"https://github.com/{REPO}.git", settings, client=make_client(server.standard()))
    assert report.repo == REPO and report.pulls == 6


def test_end_to_end_through_the_git_pipeline_finds_the_pr_benchmark_claim_and_the_review(
    tmp_path: Path, store: Store, clock: FakeClock, make_client: ClientFactory, settings: Settings
) -> None:
    shas = make_local_repo(tmp_path / "fastmm")
    index_with_pipeline(store, tmp_path / "fastmm", REPO)
    server = FakeGithub(clock, shas).standard()
    index_github(store, REPO, settings, client=make_client(server))

    def claims() -> list[tuple[str, str]]:
        return store.conn.execute(
            "SELECT s.kind, s.snippet FROM signals s JOIN commits c USING (change_id)"
            " WHERE c.sha = ? AND s.path IS NULL ORDER BY s.kind, s.snippet",
            (shas["tile"],),
        ).fetchall()

    found = claims()
    assert any(kind == "benchmark_claim" and "GFLOP/s" in snippet for kind, snippet in found)
    assert any(kind == "profiling" for kind, _ in found)
    assert login_signals(store, "code_review")[("cyd-review", 12)] > 0.5
    assert ("eve-gpu", 9) in login_signals(store, "benchmark_claim")  # PR with no local commit: by login

    index_github(store, REPO, settings, client=make_client(server))  # a re-run adds nothing twice
    assert claims() == found
