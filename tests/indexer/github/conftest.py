"""Fixtures for the GitHub source tests; the recorded server and helpers live in github_fakes.py."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # tests import github_fakes (pytest runs with importlib mode)

from github_fakes import ClientFactory, FakeClock, FakeGithub  # noqa: E402

from indexer.github.cache import EtagCache  # noqa: E402
from indexer.github.client import GithubClient, Policy  # noqa: E402
from indexer.store import Store  # noqa: E402


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def server(clock: FakeClock) -> FakeGithub:
    return FakeGithub(clock)


@pytest.fixture
def make_client(clock: FakeClock, tmp_path: Path) -> Iterator[ClientFactory]:
    made: list[GithubClient] = []

    def make(server: FakeGithub, *, cache: bool = True, policy: Policy | None = None) -> GithubClient:
        client = GithubClient(
            "ghp_test_token_not_real",
            cache=EtagCache.open(tmp_path / "github-cache") if cache else None,
            clock=clock,
            transport=httpx.MockTransport(server.handler),
            policy=policy,
        )
        made.append(client)
        return client

    yield make
    for client in made:
        client.close()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = Store.open(tmp_path / "data" / "scout.db")
    yield s
    s.close()
