"""Signals from pull requests: text signals from PR bodies and `code_review` from reviews given.

A review counts for the reviewer, not for the change's author, so review signals belong to a login
(table `github_signals`); so do the text signals of PRs whose commits are not in the local index.
Reviews weigh more the larger the share of the PR's changed lines in systems code.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import UTC, datetime

from indexer.git.classify import language_of
from indexer.github.pulls import PrFile, PullRequest, Review
from indexer.signals import detect_commit
from models.catalog import PathClass, classify_path
from models.records import Commit, Evidence, Identity, Signal
from models.settings import Settings
from models.taxonomy import SYSTEMS_LANGUAGES

REVIEW_KIND = "code_review"
# Text detectors whose signals a PR body can add to a change; their old rows are replaced, not doubled.
TEXT_KINDS: frozenset[str] = frozenset({"benchmark_claim", "profiling"})

_TEST_PARTS = frozenset({"test", "tests", "testing", "benches", "examples", "docs", "doc"})
_VENDOR_PARTS = frozenset({"third_party", "thirdparty", "vendor", "external", "3rdparty"})


@dataclass(frozen=True)
class LoginSignal:
    """A signal owned by a GitHub login, from PR `number`, dated `at` (ISO 8601) for recency."""

    login: str
    number: int
    at: str
    signal: Signal


def path_class(repo: str, path: str) -> PathClass | None:
    known = classify_path(repo, path)
    if known is not None:
        return known
    parts = set(path.lower().split("/")[:-1])
    if parts & _VENDOR_PARTS:
        return "vendored"
    if path.startswith(".github/") or path.startswith(".circleci/"):
        return "ci"
    if path.lower().endswith((".md", ".rst")) or "docs" in parts:
        return "docs"
    if parts & _TEST_PARTS:
        return "tests"
    return None


def is_systems(repo: str, path: str) -> bool:
    cls = path_class(repo, path)
    if cls is not None:
        return cls == "systems" and language_of(path) != "python"
    return language_of(path) in SYSTEMS_LANGUAGES


def systems_share(repo: str, files: tuple[PrFile, ...]) -> float:
    total = sum(f.additions + f.deletions for f in files)
    if total == 0:
        return 0.0
    return sum(f.additions + f.deletions for f in files if is_systems(repo, f.path)) / total


def _snippet(text: str, lines: int = 5, chars: int = 400) -> str:
    kept = [line for line in text.strip().splitlines() if line.strip()][:lines]
    return "\n".join(kept)[:chars]


def review_signals(pr: PullRequest) -> list[LoginSignal]:
    """One `code_review` signal per reviewer of the PR (self-reviews, bots and deleted users skipped)."""
    by_reviewer: dict[str, list[Review]] = defaultdict(list)
    for review in pr.reviews:
        if review.reviewer and not review.bot and review.reviewer != pr.author and review.state != "PENDING":
            by_reviewer[review.reviewer].append(review)
    if not by_reviewer:
        return []
    systems_files = [f for f in pr.files if is_systems(pr.repo, f.path)]
    total = sum(f.additions + f.deletions for f in pr.files)
    share = sum(f.additions + f.deletions for f in systems_files) / total if total else 0.0
    top = max(systems_files, key=lambda f: f.additions + f.deletions, default=None)
    languages: Counter[str] = Counter()
    for f in systems_files:
        language = language_of(f.path)
        if language:
            languages[language] += f.additions + f.deletions
    language = languages.most_common(1)[0][0] if languages else None
    out = []
    for login, reviews in sorted(by_reviewer.items()):
        states = sorted({r.state for r in reviews})
        longest = max((r.body for r in reviews), key=len)
        substantive = "CHANGES_REQUESTED" in states or len(longest) >= 200
        weight = (
            0.3 + 0.5 * share + (0.1 if substantive else 0.0) + (0.1 if pr.merged and "APPROVED" in states else 0.0)
        )
        at = max((r.submitted_at for r in reviews if r.submitted_at), default=pr.updated_at)
        signal = Signal(
            kind=REVIEW_KIND,
            weight=round(min(weight, 1.0), 3),
            language=language,
            evidence=Evidence(
                repo=pr.repo,
                sha=pr.landed_sha,
                path=top.path if top else None,
                snippet=_snippet(longest) or f"{'/'.join(states).lower()} {pr.url or f'#{pr.number}'}",
                title=f"#{pr.number} {pr.title}",
            ),
            detail={
                "pr": pr.number,
                "url": pr.url,
                "states": states,
                "systems_share": round(share, 3),
                "files": len(pr.files),
                "systems_files": len(systems_files),
            },
        )
        out.append(LoginSignal(login, pr.number, at, signal))
    return out


def _when(value: str | None) -> datetime:
    if value:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            pass
    return datetime(1970, 1, 1, tzinfo=UTC)


def text_signals(commit: Commit, settings: Settings) -> list[Signal]:
    """The text-only signals (no path) that the detectors find in a commit's message and PR text."""
    return [s for s in detect_commit(commit, settings).signals if s.evidence.path is None]


def pr_text_signals(pr: PullRequest, settings: Settings) -> list[LoginSignal]:
    """Text signals of a merged PR with no commit in the local index, for its author's login."""
    if not pr.merged or not pr.author or pr.author_bot:
        return []
    commit = Commit(
        repo=pr.repo,
        sha=pr.landed_sha,
        author=Identity(name=pr.author, email=f"{pr.author.lower()}@users.noreply.github.com"),
        authored_at=_when(pr.merged_at or pr.created_at),
        message=pr.title,
        pr_text=pr.body or None,
    )
    at = pr.merged_at or pr.created_at
    return [LoginSignal(pr.author, pr.number, at, s) for s in text_signals(commit, settings)]


def commit_for_change(
    repo: str, sha: str, email: str, name: str, authored_at: str, message: str, pr_text: str
) -> Commit:
    """A file-less Commit for an indexed change, carrying its PR text, for the text detectors."""
    return Commit(
        repo=repo,
        sha=sha,
        author=Identity(name=name, email=email),
        authored_at=_when(authored_at),
        message=message,
        pr_text=pr_text,
    )
