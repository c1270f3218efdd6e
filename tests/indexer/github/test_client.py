from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest
from github_fakes import REPO, REPO_ID, ClientFactory, FakeClock, FakeGithub, Reply

from indexer.github.client import GithubError, NotFoundError, Policy, parse_link
from indexer.github.pulls import commit_logins

REPO_PATH = f"/repos/{REPO}"
AUTHORS = ("authors",)


def test_link_header_is_parsed_into_relations() -> None:
    header = '<https://api.github.com/x?page=2>; rel="next", <https://api.github.com/x?page=5>; rel="last"'
    assert parse_link(header) == {"next": "https://api.github.com/x?page=2", "last": "https://api.github.com/x?page=5"}
    assert parse_link("") == {}


def test_pagination_follows_link_headers_and_survives_non_utf8_in_a_patch(
    server: FakeGithub, make_client: ClientFactory
) -> None:
    client = make_client(server.standard())
    pages = list(client.paginate(f"/repos/{REPO}/pulls/12/files", {"per_page": 100}, repo=REPO))
    assert [len(p) for p in pages] == [2, 2]
    assert [f["filename"] for page in pages for f in page] == [
        "src/matmul.cpp",
        "src/pack.cpp",
        "third_party/blis/bli_config.h",
        "tests/test_matmul.cpp",
    ]
    assert "\ufffd" in pages[1][0]["patch"]  # the Latin-1 bytes, replaced rather than failing the page
    assert server.requests("GET") == [
        f"GET /repos/{REPO}/pulls/12/files?per_page=100",
        f"GET /repositories/{REPO_ID}/pulls/12/files?per_page=100&page=2",
    ]


def test_repeated_get_is_answered_304_from_the_cache_and_costs_no_quota(
    server: FakeGithub, make_client: ClientFactory
) -> None:
    first = make_client(server.standard())
    data = first.get(REPO_PATH, repo=REPO)
    left = server.remaining["core"]
    second = make_client(server)  # a new run, same on-disk cache
    assert second.get(REPO_PATH, repo=REPO) == data
    assert second.stats.not_modified == 1 and second.stats.counted == 0
    assert server.remaining["core"] == left


def test_pagination_from_the_cache_keeps_following_links(server: FakeGithub, make_client: ClientFactory) -> None:
    list(make_client(server.standard()).paginate(f"/repos/{REPO}/pulls/12/files", {"per_page": 100}, repo=REPO))
    again = make_client(server)
    pages = list(again.paginate(f"/repos/{REPO}/pulls/12/files", {"per_page": 100}, repo=REPO))
    assert [len(p) for p in pages] == [2, 2]
    assert again.stats.not_modified == 2


def test_waits_for_the_reset_before_hitting_the_limit(
    server: FakeGithub, make_client: ClientFactory, clock: FakeClock
) -> None:
    server.on(REPO_PATH, Reply(200, server.body("repo.json"), {"x-ratelimit-remaining": "1"}))
    client = make_client(server, cache=False)
    client.get(REPO_PATH, repo=REPO)
    assert clock.sleeps == []
    client.get(REPO_PATH, repo=REPO)
    assert clock.sleeps == [pytest.approx(server.reset - 1_795_000_000 + 1)]
    assert client.stats.requests == 2


def test_gives_up_when_the_reset_is_further_than_the_bound(
    server: FakeGithub, make_client: ClientFactory, clock: FakeClock
) -> None:
    server.on(REPO_PATH, Reply(200, server.body("repo.json"), {"x-ratelimit-remaining": "0"}))
    client = make_client(server, cache=False, policy=Policy(max_reset_wait_s=600))
    client.get(REPO_PATH, repo=REPO)
    with pytest.raises(GithubError, match=r"core quota is used up until .* UTC \(GET /repos/kernelworks/fastmm for"):
        client.get(REPO_PATH, repo=REPO)
    assert clock.sleeps == []


def test_502_then_success_backs_off_with_jitter(
    server: FakeGithub, make_client: ClientFactory, clock: FakeClock
) -> None:
    server.on(REPO_PATH, server.error(502, "error_bad_gateway.json"), server.ok("repo.json"))
    data = make_client(server, cache=False).get(REPO_PATH, repo=REPO)
    assert data["full_name"] == REPO
    assert len(clock.sleeps) == 1 and 0.5 <= clock.sleeps[0] <= 1.0


def test_backoff_doubles_and_gives_up_after_bounded_tries(
    server: FakeGithub, make_client: ClientFactory, clock: FakeClock
) -> None:
    server.on(REPO_PATH, server.error(503, "error_bad_gateway.json"))
    with pytest.raises(GithubError, match=r"GET /repos/kernelworks/fastmm for kernelworks/fastmm failed after 6 tries"):
        make_client(server, cache=False).get(REPO_PATH, repo=REPO)
    assert len(clock.sleeps) == 5
    for attempt, slept in enumerate(clock.sleeps):
        cap = 2.0**attempt
        assert cap / 2 <= slept <= cap


def test_secondary_limit_obeys_retry_after(server: FakeGithub, make_client: ClientFactory, clock: FakeClock) -> None:
    server.on(
        REPO_PATH, server.error(403, "error_secondary_limit.json", **{"retry-after": "30"}), server.ok("repo.json")
    )
    assert make_client(server, cache=False).get(REPO_PATH, repo=REPO)["name"] == "fastmm"
    assert clock.sleeps == [30.0]


def test_secondary_limit_without_retry_after_waits_a_minute(
    server: FakeGithub, make_client: ClientFactory, clock: FakeClock
) -> None:
    server.on(REPO_PATH, server.error(429, "error_secondary_limit.json"), server.ok("repo.json"))
    make_client(server, cache=False).get(REPO_PATH, repo=REPO)
    assert clock.sleeps == [60.0]


def test_primary_limit_403_waits_until_the_reset(
    server: FakeGithub, make_client: ClientFactory, clock: FakeClock
) -> None:
    exhausted = server.error(403, "error_secondary_limit.json", **{"x-ratelimit-remaining": "0"})
    exhausted.body = b'{"message": "API rate limit exceeded for user ID 5099."}'
    server.on(REPO_PATH, exhausted, server.ok("repo.json"))
    make_client(server, cache=False).get(REPO_PATH, repo=REPO)
    assert clock.sleeps == [pytest.approx(3601.0)]


def test_token_without_scope_fails_at_once_naming_repo_and_request(
    server: FakeGithub, make_client: ClientFactory, clock: FakeClock
) -> None:
    server.on(REPO_PATH, server.error(403, "error_no_scope.json"))
    with pytest.raises(GithubError) as err:
        make_client(server, cache=False).get(REPO_PATH, repo=REPO)
    message = str(err.value)
    assert "GET /repos/kernelworks/fastmm" in message and "Resource not accessible" in message
    assert "GITHUB_TOKEN" in message and "\n" not in message
    assert clock.sleeps == []


def test_missing_or_private_repo_is_a_not_found_error(server: FakeGithub, make_client: ClientFactory) -> None:
    server.on(REPO_PATH, server.error(404, "error_not_found.json"))
    with pytest.raises(NotFoundError, match=r"no kernelworks/fastmm or the token cannot see it \(404 on GET"):
        make_client(server, cache=False).get(REPO_PATH, repo=REPO)


def test_timeouts_are_retried_then_reported(server: FakeGithub, make_client: ClientFactory, clock: FakeClock) -> None:
    server.on(REPO_PATH, Reply(raise_=httpx.ReadTimeout))
    with pytest.raises(GithubError, match=r"failed after 3 tries: no complete answer within 30s"):
        make_client(server, cache=False, policy=Policy(max_attempts=3)).get(REPO_PATH, repo=REPO)
    assert len(clock.sleeps) == 2


def test_an_answer_that_never_ends_is_abandoned(
    server: FakeGithub, make_client: ClientFactory, clock: FakeClock
) -> None:
    def endless() -> Iterator[bytes]:
        yield b'{"data": '
        while True:
            clock.mono += 5.0  # the server trickles a byte every five seconds
            yield b" "

    server.on(REPO_PATH, Reply(chunks=endless))
    policy = Policy(max_attempts=2, response_deadline_s=60)
    with pytest.raises(GithubError, match=r"GET /repos/kernelworks/fastmm for kernelworks/fastmm failed after 2 tries"):
        make_client(server, cache=False, policy=policy).get(REPO_PATH, repo=REPO)


def test_total_retry_wait_is_bounded(server: FakeGithub, make_client: ClientFactory, clock: FakeClock) -> None:
    server.on(REPO_PATH, server.error(403, "error_secondary_limit.json", **{"retry-after": "120"}))
    with pytest.raises(GithubError, match=r"would pass the 300s bound"):
        make_client(server, cache=False, policy=Policy(max_reset_wait_s=300)).get(REPO_PATH, repo=REPO)
    assert sum(clock.sleeps) <= 300


def test_malformed_json_is_retried_then_reported(
    server: FakeGithub, make_client: ClientFactory, clock: FakeClock
) -> None:
    server.on(AUTHORS, server.ok("graphql_truncated.json"))
    with pytest.raises(GithubError, match=r"GraphQL commit authors 1\+ for kernelworks/fastmm .*malformed JSON"):
        commit_logins(make_client(server, policy=Policy(max_attempts=2)), REPO, [server.sha("dee")])


def test_graphql_rate_limited_waits_for_the_reset(
    server: FakeGithub, make_client: ClientFactory, clock: FakeClock
) -> None:
    server.on(AUTHORS, server.ok("graphql_rate_limited.json"), server.ok("graphql_commit_authors.json"))
    found = commit_logins(make_client(server), REPO, [server.sha("dee")])
    assert found[server.sha("dee")].author_login == "dee-dsp"
    assert clock.sleeps == [pytest.approx(3601.0)]


def test_graphql_not_found_names_the_repo(server: FakeGithub, make_client: ClientFactory) -> None:
    server.on(AUTHORS, server.ok("graphql_not_found.json"))
    with pytest.raises(NotFoundError, match="no repository kernelworks/fastmm"):
        commit_logins(make_client(server), REPO, [server.sha("dee")])


def test_graphql_error_deep_in_the_answer_keeps_the_rest(server: FakeGithub, make_client: ClientFactory) -> None:
    answer = json.loads(server.body("graphql_commit_authors.json"))
    answer["errors"] = [
        {"type": "FORBIDDEN", "path": ["repository", "c0", "author", "user"], "message": "SAML enforcement hides this"}
    ]
    server.on(AUTHORS, Reply(200, json.dumps(answer).encode()))
    found = commit_logins(make_client(server), REPO, [server.sha("dee")])
    assert found[server.sha("dee")].author_email == "dee@kernelworks.dev"


def test_graphql_error_at_the_top_is_reported(server: FakeGithub, make_client: ClientFactory) -> None:
    server.on(AUTHORS, server.ok("graphql_bad_cursor.json"))
    with pytest.raises(GithubError, match=r"GraphQL commit authors 1\+ for kernelworks/fastmm failed: .*valid cursor"):
        commit_logins(make_client(server), REPO, [server.sha("dee")])


def test_a_next_link_that_loops_is_an_error_not_an_endless_walk(server: FakeGithub, make_client: ClientFactory) -> None:
    url = f"https://api.github.com/repos/{REPO}/pulls/12/files?per_page=100"
    server.on(f"/repos/{REPO}/pulls/12/files?per_page=100", Reply(200, b"[]", {"link": f'<{url}>; rel="next"'}))
    with pytest.raises(GithubError, match="in a loop"):
        list(make_client(server, cache=False).paginate(f"/repos/{REPO}/pulls/12/files", {"per_page": 100}, repo=REPO))
