"""GitHub API source: pull request text, reviews and logins (see docs/GITHUB.md).

Public entry point: `index_github(store, repo, settings, since=None, client=None) -> GithubReport`.
"""

from indexer.github.client import GithubClient, GithubError, NotFoundError, Policy, RequestStats
from indexer.github.index import GithubReport, check_args, index_github, join_pull_requests, normalise_repo

__all__ = [
    "GithubClient",
    "GithubError",
    "GithubReport",
    "NotFoundError",
    "Policy",
    "RequestStats",
    "check_args",
    "index_github",
    "join_pull_requests",
    "normalise_repo",
]
