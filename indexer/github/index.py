"""`scout index --github OWNER/REPO`: fetch pull requests and reviews, join them to indexed commits.

Per page of pull requests, in one transaction: the PRs with their commits, files and reviews; email
-> login from the PR commits' authors; PR text joined onto the indexed changes it merged (by merge
sha and PR commit shas) with the text detectors re-run on it; `code_review` signals for reviewers;
the text signals of PRs with no indexed commit, for their author's login; and the page cursor. An
interrupted run therefore keeps every finished page and a re-run continues after the last one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from indexer.github.cache import EtagCache
from indexer.github.client import GithubClient, GithubError
from indexer.github.progress import TqdmProgress
from indexer.github.pulls import LOGIN_BATCH, PullRequest, commit_logins, complete, newest_update, pull_pages
from indexer.github.signals import (
    REVIEW_KIND,
    TEXT_KINDS,
    LoginSignal,
    commit_for_change,
    language_of,
    path_class,
    pr_text_signals,
    review_signals,
    text_signals,
)
from indexer.store import Store
from models.errors import ScoutError
from models.records import Signal
from models.settings import Settings

_REPO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$")
MAX_LOGIN_LOOKUPS = 1000  # commit authors per run whose login is asked for (LOGIN_BATCH per request)


@dataclass
class GithubReport:
    repo: str
    pulls: int = 0  # PRs fetched and written this run
    reviews: int = 0
    pages: int = 0
    joined_changes: int = 0  # indexed changes whose PR text was (re)written
    text_signals: int = 0  # text signals written on those changes
    login_signals: int = 0  # code_review + text signals of PRs not in the local index, by login
    logins: int = 0  # email -> login rows written
    lookups: int = 0  # commit authors looked up
    resumed: bool = False  # continued an interrupted run
    up_to_date: bool = False  # nothing updated since the last run
    requests: int = 0
    not_modified: int = 0  # answered 304 from the cache: free
    quota_left: dict[str, int] = field(default_factory=dict)
    waited_s: float = 0.0

    def summary(self) -> str:
        if self.up_to_date:
            head = f"{self.repo} on GitHub: no pull request updated since the last run"
        else:
            head = (
                f"{self.repo} on GitHub: {self.pulls} pull requests{' (resumed)' if self.resumed else ''}, "
                f"{self.reviews} reviews"
            )
        quota = ", ".join(f"{name} {left}" for name, left in sorted(self.quota_left.items())) or "unknown"
        return (
            f"{head}; {self.joined_changes} commits got PR text, {self.login_signals} review/PR signals by login, "
            f"{self.logins} logins learned; {self.requests} requests ({self.not_modified} answered from the cache), "
            f"quota left: {quota}" + (f", waited {self.waited_s:.0f}s" if self.waited_s else "")
        )


def normalise_repo(repo: str) -> str:
    name = repo.strip().removesuffix("/").removesuffix(".git")
    for prefix in ("https://github.com/", "http://github.com/", "github.com/", "git@github.com:"):
        name = name.removeprefix(prefix)
    if not _REPO.match(name):
        raise ScoutError(f"--github expects OWNER/REPO (e.g. huggingface/candle), got {repo!r}")
    return name


def _iso(since: date | datetime | str) -> str:
    if isinstance(since, str):
        try:
            since = datetime.fromisoformat(since.replace("Z", "+00:00"))
        except ValueError as exc:
            raise ScoutError(f"--since expects a date like 2024-01-31, got {since!r}") from exc
    if not isinstance(since, datetime):
        since = datetime(since.year, since.month, since.day, tzinfo=UTC)
    if since.tzinfo is None:
        since = since.replace(tzinfo=UTC)
    return since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_args(repo: str, since: str | None, settings: Settings) -> tuple[str, str | None]:
    """Validate `--github REPO [--since DATE]` and the token before anything is indexed: (repo, since as ISO)."""
    repo = normalise_repo(repo)
    if not settings.github_token:
        raise ScoutError(
            f"--github {repo} needs a token: export GITHUB_TOKEN (a fine-grained token with read access to "
            "pull requests and contents, or a classic token; see docs/GITHUB.md)"
        )
    return repo, (_iso(since) if since else None)


def index_github(
    store: Store,
    repo: str,
    settings: Settings,
    since: date | datetime | str | None = None,
    client: GithubClient | None = None,
    *,
    progress: bool = True,
) -> GithubReport:
    """Index `repo`'s pull requests updated since the last run (or since `since`)."""
    repo = normalise_repo(repo)
    if client is not None:
        return _run(store, repo, settings, since, client)
    check_args(repo, None, settings)
    cache = EtagCache.open(settings.data_dir / "github-cache")
    bar = TqdmProgress(repo, disable=None if progress else True)
    own = GithubClient(settings.github_token, cache=cache, progress=bar)
    try:
        return _run(store, repo, settings, since, own)
    finally:
        own.close()
        cache.close()
        bar.close()


def join_pull_requests(store: Store, repo: str, settings: Settings) -> int:
    """Join the stored PRs of `repo` onto its indexed changes, without any request (e.g. after `scout index PATH`
    indexed a clone whose PRs an earlier `--github` run fetched). Returns the changes whose PR text changed."""
    report = GithubReport(repo)
    with store.transaction():
        _join(store, repo, settings, None, report)
    return report.joined_changes


def _run(
    store: Store, repo: str, settings: Settings, since: date | datetime | str | None, client: GithubClient
) -> GithubReport:
    report = GithubReport(repo)
    try:
        _fetch(store, repo, settings, since, client, report)
    finally:
        stats = client.stats
        report.requests, report.not_modified = stats.requests, stats.not_modified
        report.quota_left, report.waited_s = dict(stats.remaining), stats.waited_s
    return report


def _fetch(
    store: Store,
    repo: str,
    settings: Settings,
    since: date | datetime | str | None,
    client: GithubClient,
    report: GithubReport,
) -> None:
    client.get(f"/repos/{repo}", repo=repo)  # a missing repo or a token without access fails here, first
    cursor, pending_after, pending_since, pending_high = store.github_cursor(repo)
    wanted = _iso(since) if since is not None else None
    after: str | None = None
    high: str | None = None
    if pending_after and wanted in (None, pending_since):
        threshold, after, high, report.resumed = pending_since, pending_after, pending_high, True
    else:
        threshold = wanted or cursor
        # Asked on the first run too: it primes the ETag, so an unchanged re-run costs nothing.
        newest = newest_update(client, repo)
        report.up_to_date = newest is None or (threshold is not None and newest <= threshold)
    if not report.up_to_date:
        try:
            _walk(store, repo, settings, client, report, after, threshold, high, cursor)
        except GithubError as exc:
            if not (report.resumed and report.pages == 0 and "valid cursor" in str(exc)):
                raise
            # GitHub no longer takes the saved page cursor: start again from the newest PR, same threshold.
            _walk(store, repo, settings, client, report, None, threshold, high, cursor)
    # A local clone indexed after an earlier --github run gets its PR text here, at no request cost.
    with store.transaction():
        _join(store, repo, settings, None, report)
    _lookup_logins(store, repo, client, report)


def _walk(
    store: Store,
    repo: str,
    settings: Settings,
    client: GithubClient,
    report: GithubReport,
    after: str | None,
    threshold: str | None,
    high: str | None,
    cursor: str | None,
) -> None:
    """Fetch pages newest-first until a PR older than `threshold`; commit each page with its cursor."""
    for page in pull_pages(client, repo, after):
        report.pages += 1
        fresh = [p for p in page.pulls if threshold is None or p.updated_at >= threshold]
        fresh = [complete(client, p) for p in fresh]
        high = max([high or "", *(p.updated_at for p in page.pulls)]) or None
        done = not page.has_next or len(fresh) < len(page.pulls)
        now = datetime.now(UTC).isoformat(timespec="seconds")
        with store.transaction():
            _write_page(store, repo, fresh, settings, report)
            if done:
                store.github_set_cursor(repo, high or cursor, None, None, None, now)
            else:
                store.github_set_cursor(repo, cursor, page.end_cursor, threshold, high, now)
        if isinstance(client.progress, TqdmProgress):
            client.progress.pulls(report.pulls)
        if done:
            return


def _pull_row(pr: PullRequest) -> tuple:
    return (
        pr.repo,
        pr.number,
        pr.title,
        pr.body,
        pr.author,
        pr.state,
        int(pr.merged),
        pr.merge_sha,
        pr.head_sha,
        json.dumps(list(pr.labels)),
        pr.additions,
        pr.deletions,
        pr.created_at,
        pr.merged_at,
        pr.updated_at,
    )


def _login_row(item: LoginSignal) -> tuple:
    s, e = item.signal, item.signal.evidence
    return (item.login, s.kind, s.weight, s.language, e.sha, e.path, e.snippet, e.title, json.dumps(s.detail), item.at)


def _signal_row(s: Signal) -> tuple:
    e = s.evidence
    return (s.kind, s.weight, s.language, e.repo, e.sha, e.path, e.line, e.snippet, e.title, json.dumps(s.detail))


def _write_page(store: Store, repo: str, pulls: list[PullRequest], settings: Settings, report: GithubReport) -> None:
    logins: dict[str, str] = {}
    for pr in pulls:
        store.github_put_pull(
            _pull_row(pr),
            [(c.sha, c.author_email, c.author_login) for c in pr.commits],
            [(f.path, f.additions, f.deletions, language_of(f.path), path_class(repo, f.path)) for f in pr.files],
            [(r.review_id, r.reviewer, r.state, r.body, r.submitted_at) for r in pr.reviews if r.review_id],
        )
        for c in pr.commits:
            if c.author_email and c.author_login and not c.author_login.endswith("[bot]"):
                logins[c.author_email] = c.author_login
        report.pulls += 1
        report.reviews += len(pr.reviews)
    report.logins += store.github_put_logins(sorted(logins.items()))
    joined = _join(store, repo, settings, [pr.number for pr in pulls], report)
    for pr in pulls:
        items = review_signals(pr)
        if pr.number not in joined:
            items += pr_text_signals(pr, settings)
        store.github_replace_login_signals(repo, pr.number, [_login_row(i) for i in items], None)
        report.login_signals += len(items)


def _join(store: Store, repo: str, settings: Settings, numbers: list[int] | None, report: GithubReport) -> set[int]:
    """Write PR text onto the indexed changes the PRs merged; returns the PR numbers that joined."""
    joined: set[int] = set()
    done: set[str] = set()
    texts: dict[int, str] = {}
    for number, change_id, sha, email, name, authored_at, message, old_text in store.github_pr_changes(repo, numbers):
        joined.add(number)
        if change_id in done:
            continue  # a change in several PRs takes the PR that merged it (merge-sha matches come first)
        done.add(change_id)
        if number not in texts:
            title, body = store.github_pull_text(repo, number) or ("", "")
            texts[number] = f"{title}\n\n{body}".strip()
        text = texts[number]
        if old_text == text:
            continue
        store.github_set_pr_text(change_id, text)
        found = text_signals(commit_for_change(repo, sha, email, name, authored_at, message, text), settings)
        kinds = sorted(TEXT_KINDS | {s.kind for s in found})
        store.github_replace_text_signals(change_id, kinds, [_signal_row(s) for s in found])
        report.joined_changes += 1
        report.text_signals += len(found)
    if numbers is None:
        for number in joined:
            store.github_drop_text_login_signals(repo, number, REVIEW_KIND)
    return joined


def _lookup_logins(store: Store, repo: str, client: GithubClient, report: GithubReport) -> None:
    """Ask GitHub for the login behind indexed commit authors that no PR or noreply address named."""
    pending = store.github_unlooked_emails(repo, MAX_LOGIN_LOOKUPS)
    for batch in _chunks(pending, LOGIN_BATCH):
        try:
            found = commit_logins(client, repo, [sha for _, sha in batch])
        except GithubError as exc:
            raise GithubError(f"{exc} (pull requests are saved; commit author logins are not complete)") from exc
        pairs = [(email, found[sha].author_login) for email, sha in batch if sha in found and found[sha].author_login]
        with store.transaction():
            report.logins += store.github_put_logins([(e, str(login)) for e, login in pairs])
            store.github_record_lookups(repo, [(e, s, found[s].author_login if s in found else None) for e, s in batch])
        report.lookups += len(batch)


def _chunks(items: list[tuple[str, str]], size: int) -> Iterable[list[tuple[str, str]]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
