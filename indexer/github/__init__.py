"""GitHub API source: pull request text, reviews and logins (see docs/GITHUB.md).

Public entry point: `index_github(store, repo, settings, since=None, client=None) -> GithubReport`.
"""

from indexer.github.client import GithubClient, GithubError, NotFoundError, Policy, RequestStats
from indexer.github.index import GithubReport, index_github, normalise_repo

__all__ = [
    "GithubClient",
    "GithubError",
    "GithubReport",
    "NotFoundError",
    "Policy",
    "RequestStats",
    "index_github",
    "normalise_repo",
]
