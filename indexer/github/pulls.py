"""Pull requests, their commits, files and reviews, and commit author logins, as typed records.

One GraphQL page holds PAGE_SIZE pull requests, newest update first, each with its first 100
commits and files and first 50 reviews; a PR that has more is completed over paginated REST.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from indexer.github.client import GithubClient, GithubError

PAGE_SIZE = 25  # 25 PRs x 4 nested connections ~ 100 nodes: 1 point of GraphQL quota per page
LOGIN_BATCH = 50

_PULLS_QUERY = """
query($owner: String!, $name: String!, $first: Int!, $after: String) {
  rateLimit { cost remaining resetAt }
  repository(owner: $owner, name: $name) {
    pullRequests(first: $first, after: $after, orderBy: {field: UPDATED_AT, direction: DESC}) {
      pageInfo { hasNextPage endCursor }
      nodes {
        number title body state merged url
        createdAt mergedAt updatedAt additions deletions headRefOid
        author { __typename login }
        mergeCommit { oid }
        labels(first: 20) { nodes { name } }
        commits(first: 100) {
          pageInfo { hasNextPage }
          nodes { commit { oid author { email name user { login } } } }
        }
        files(first: 100) { pageInfo { hasNextPage } nodes { path additions deletions } }
        reviews(first: 50) {
          pageInfo { hasNextPage }
          nodes { databaseId state body submittedAt author { __typename login } }
        }
      }
    }
  }
}
"""

_SHA = re.compile(r"^[0-9a-f]{40}$")


@dataclass(frozen=True)
class PrCommit:
    sha: str
    author_email: str | None = None  # lowercased
    author_name: str | None = None
    author_login: str | None = None


@dataclass(frozen=True)
class PrFile:
    path: str
    additions: int = 0
    deletions: int = 0


@dataclass(frozen=True)
class Review:
    review_id: int
    reviewer: str | None  # None: the account was deleted
    state: str  # APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING
    body: str = ""
    submitted_at: str | None = None
    bot: bool = False


@dataclass(frozen=True)
class PullRequest:
    repo: str
    number: int
    title: str
    body: str
    author: str | None  # None: the account was deleted
    state: str  # OPEN, CLOSED, MERGED
    merged: bool
    merge_sha: str | None
    head_sha: str | None
    created_at: str
    merged_at: str | None
    updated_at: str
    url: str = ""
    author_bot: bool = False
    additions: int = 0
    deletions: int = 0
    labels: tuple[str, ...] = ()
    commits: tuple[PrCommit, ...] = ()
    files: tuple[PrFile, ...] = ()
    reviews: tuple[Review, ...] = ()
    overflow: frozenset[str] = field(default_factory=frozenset)  # "commits", "files", "reviews"

    @property
    def text(self) -> str:
        """What joins a commit as its PR text: title, blank line, body."""
        return f"{self.title}\n\n{self.body}".strip()

    @property
    def landed_sha(self) -> str:
        return self.merge_sha or self.head_sha or ""


@dataclass(frozen=True)
class PullPage:
    pulls: list[PullRequest]
    end_cursor: str | None
    has_next: bool


def _actor(node: Any) -> tuple[str | None, bool]:
    if not isinstance(node, dict) or not node.get("login"):
        return None, False
    return str(node["login"]), node.get("__typename") == "Bot" or str(node["login"]).endswith("[bot]")


def _nodes(conn: Any) -> list[Any]:
    return [n for n in (conn or {}).get("nodes") or [] if isinstance(n, dict)]


def _more(conn: Any) -> bool:
    return bool(((conn or {}).get("pageInfo") or {}).get("hasNextPage"))


def parse_pull(repo: str, node: dict[str, Any]) -> PullRequest:
    author, author_bot = _actor(node.get("author"))
    commits = []
    for item in _nodes(node.get("commits")):
        commit = item.get("commit") or {}
        person = commit.get("author") or {}
        user = person.get("user") or {}
        email = person.get("email")
        commits.append(
            PrCommit(
                sha=str(commit.get("oid", "")),
                author_email=email.lower() if isinstance(email, str) and email else None,
                author_name=person.get("name"),
                author_login=user.get("login"),
            )
        )
    reviews = []
    for item in _nodes(node.get("reviews")):
        reviewer, bot = _actor(item.get("author"))
        reviews.append(
            Review(
                review_id=int(item.get("databaseId") or 0),
                reviewer=reviewer,
                state=str(item.get("state") or "COMMENTED"),
                body=item.get("body") or "",
                submitted_at=item.get("submittedAt"),
                bot=bot,
            )
        )
    overflow = frozenset(name for name in ("commits", "files", "reviews") if _more(node.get(name)))
    merge = node.get("mergeCommit") or {}
    return PullRequest(
        repo=repo,
        number=int(node["number"]),
        title=node.get("title") or "",
        body=node.get("body") or "",
        author=author,
        author_bot=author_bot,
        state=str(node.get("state") or "OPEN"),
        merged=bool(node.get("merged")),
        merge_sha=merge.get("oid"),
        head_sha=node.get("headRefOid"),
        created_at=str(node.get("createdAt") or node.get("updatedAt") or ""),
        merged_at=node.get("mergedAt"),
        updated_at=str(node.get("updatedAt") or ""),
        url=node.get("url") or "",
        additions=int(node.get("additions") or 0),
        deletions=int(node.get("deletions") or 0),
        labels=tuple(str(n.get("name")) for n in _nodes(node.get("labels")) if n.get("name")),
        commits=tuple(c for c in commits if c.sha),
        files=tuple(
            PrFile(str(n["path"]), int(n.get("additions") or 0), int(n.get("deletions") or 0))
            for n in _nodes(node.get("files"))
            if n.get("path")
        ),
        reviews=tuple(reviews),
        overflow=overflow,
    )


def pull_pages(client: GithubClient, repo: str, after: str | None = None) -> Iterator[PullPage]:
    """Pages of pull requests, most recently updated first, starting after the cursor `after`."""
    owner, name = repo.split("/", 1)
    page = 0
    while True:
        page += 1
        data = client.graphql(
            _PULLS_QUERY,
            {"owner": owner, "name": name, "first": PAGE_SIZE, "after": after},
            repo=repo,
            what=f"pull requests page {page}" + (f" after {after}" if after else ""),
        )
        conn = (data.get("repository") or {}).get("pullRequests")
        if not isinstance(conn, dict):
            raise GithubError(f"GitHub GraphQL pull requests page {page} for {repo} came back without pull requests")
        pulls = [parse_pull(repo, node) for node in _nodes(conn)]
        info = conn.get("pageInfo") or {}
        after = info.get("endCursor")
        has_next = bool(info.get("hasNextPage")) and after is not None
        yield PullPage(pulls, after, has_next)
        if not has_next:
            return


def complete(client: GithubClient, pr: PullRequest) -> PullRequest:
    """Fetch over REST whatever of the PR did not fit in the GraphQL page."""
    if not pr.overflow:
        return pr
    base = f"/repos/{pr.repo}/pulls/{pr.number}"
    changes: dict[str, Any] = {"overflow": frozenset()}
    if "commits" in pr.overflow:
        changes["commits"] = tuple(_rest_commit(item) for item in _items(client, f"{base}/commits", pr.repo))
    if "files" in pr.overflow:
        changes["files"] = tuple(
            PrFile(str(item.get("filename", "")), int(item.get("additions") or 0), int(item.get("deletions") or 0))
            for item in _items(client, f"{base}/files", pr.repo)
            if item.get("filename")
        )
    if "reviews" in pr.overflow:
        changes["reviews"] = tuple(_rest_review(item) for item in _items(client, f"{base}/reviews", pr.repo))
    return replace(pr, **changes)


def _items(client: GithubClient, path: str, repo: str) -> Iterator[dict[str, Any]]:
    for page in client.paginate(path, {"per_page": 100}, repo=repo):
        yield from (item for item in page if isinstance(item, dict))


def _rest_commit(item: dict[str, Any]) -> PrCommit:
    person = (item.get("commit") or {}).get("author") or {}
    email = person.get("email")
    return PrCommit(
        sha=str(item.get("sha", "")),
        author_email=email.lower() if isinstance(email, str) and email else None,
        author_name=person.get("name"),
        author_login=(item.get("author") or {}).get("login"),
    )


def _rest_review(item: dict[str, Any]) -> Review:
    user = item.get("user") or {}
    login = user.get("login")
    return Review(
        review_id=int(item.get("id") or 0),
        reviewer=login,
        state=str(item.get("state") or "COMMENTED"),
        body=item.get("body") or "",
        submitted_at=item.get("submitted_at"),
        bot=user.get("type") == "Bot" or bool(login and login.endswith("[bot]")),
    )


def newest_update(client: GithubClient, repo: str) -> str | None:
    """updated_at of the most recently updated PR: a conditional REST call, free when unchanged."""
    page = client.get(
        f"/repos/{repo}/pulls", {"state": "all", "sort": "updated", "direction": "desc", "per_page": 1}, repo=repo
    )
    if isinstance(page, list) and page and isinstance(page[0], dict):
        value = page[0].get("updated_at")
        return str(value) if value else None
    return None


def commit_logins(client: GithubClient, repo: str, shas: Iterable[str]) -> dict[str, PrCommit]:
    """sha -> (author email, login or None) for commits of `repo`, LOGIN_BATCH per GraphQL query."""
    owner, name = repo.split("/", 1)
    wanted = [s for s in dict.fromkeys(shas) if _SHA.match(s)]
    found: dict[str, PrCommit] = {}
    for start in range(0, len(wanted), LOGIN_BATCH):
        batch = wanted[start : start + LOGIN_BATCH]
        fields = " ".join(
            f'c{i}: object(oid: "{sha}") {{ ... on Commit {{ oid author {{ email name user {{ login }} }} }} }}'
            for i, sha in enumerate(batch)
        )
        query = f"query($owner: String!, $name: String!) {{ repository(owner: $owner, name: $name) {{ {fields} }} }}"
        data = client.graphql(query, {"owner": owner, "name": name}, repo=repo, what=f"commit authors {start + 1}+")
        repository = data.get("repository") or {}
        for i, sha in enumerate(batch):
            node = repository.get(f"c{i}") or {}
            person = node.get("author") or {}
            email = person.get("email")
            found[sha] = PrCommit(
                sha=sha,
                author_email=email.lower() if isinstance(email, str) and email else None,
                author_name=person.get("name"),
                author_login=(person.get("user") or {}).get("login"),
            )
    return found
