"""Indexing one repository: git commits -> signals -> the store, in resumable batches.

Each batch of commits is written in one transaction, and the commits already stored for the repo are
skipped on the next read, so a killed run resumes without duplicates. A change that already landed
elsewhere (same patch id, or the same author, author time and subject: a cherry-pick or a vendored sync
under another directory) is recorded as one more landing of that change, not as new work.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import re
import signal
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from multiprocessing.pool import Pool
from pathlib import Path

from tqdm import tqdm

from indexer.git import ReadReport, git_dir_of, head_sha, list_commits, read_commits
from indexer.git.command import has_commit
from indexer.git.mailmap import read_mailmap
from indexer.signals import Detection, detect_commit, shared_engine
from indexer.store import Store
from models.catalog import classify_path
from models.errors import ScoutError
from models.records import Commit
from models.settings import Settings

REPO_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_.-]+$")
BATCH_SIZE = 500
BATCH_TEXT_BYTES = 64_000_000  # flush early when a batch holds this much added text
POOL_MIN_COMMITS = 64  # fewer commits to detect than this: not worth starting worker processes
_PR_REF = re.compile(r"\(\s*(?:[\w.-]+/|#)\d+\s*\)")
_SPACE = re.compile(r"\s+")


@dataclass
class IndexReport:
    repo: str
    path: str
    commits: int = 0  # commits read this run
    new: int = 0  # commits that brought a new change
    duplicates: int = 0  # commits whose change was already indexed (patch id or sync key)
    author_emails: int = 0  # distinct among the commits read; `scout index` resolves them into people later
    total_commits: int = 0  # commits of this repo in the index after the run
    skipped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    up_to_date: bool = False
    empty: bool = False
    head: str | None = None

    def summary(self) -> str:
        if self.empty:
            return f"{self.repo}: empty repository, nothing to index ({self.seconds:.1f}s)"
        if self.up_to_date:
            return f"{self.repo}: up to date at {(self.head or '')[:12]}, {self.total_commits} commits indexed"
        skipped = ", ".join(f"{k} {v}" for k, v in self.skipped.items() if v) or "none"
        rate = self.commits / self.seconds if self.seconds > 0 else 0.0
        return (
            f"{self.repo}: {self.commits} commits read, {self.new} new,"
            f" {self.duplicates} duplicates (same patch id or synced copy),"
            f" {self.author_emails} author email{'s' if self.author_emails != 1 else ''};"
            f" skipped files: {skipped}; {self.seconds:.1f}s ({rate:.0f} commits/s)"
        )


def validate_name(repo: str) -> str:
    if not REPO_NAME.match(repo) or repo.endswith((".", "/")) or ".." in repo:
        raise ScoutError(f"repository name {repo!r} is not OWNER/REPO (e.g. huggingface/candle): fix --name")
    return repo


def sync_key(commit: Commit) -> str | None:
    """The same change re-applied elsewhere keeps author, author time and subject (PR refs rewritten)."""
    subject = _SPACE.sub(" ", _PR_REF.sub("", commit.subject)).strip().lower()
    if not subject:
        return None
    raw = f"{commit.author.email}\n{int(commit.authored_at.timestamp())}\n{subject}"
    return "k:" + hashlib.sha1(raw.encode("utf-8")).hexdigest()


@dataclass
class _Batch:
    changes: list[tuple] = field(default_factory=list)
    keys: list[tuple[str, str]] = field(default_factory=list)
    commits: list[tuple[str, str, str, str | None]] = field(default_factory=list)
    co_authors: list[tuple[str, str, str]] = field(default_factory=list)
    file_changes: list[tuple] = field(default_factory=list)
    signals: list[tuple] = field(default_factory=list)
    replaced: list[str] = field(default_factory=list)
    key_index: dict[str, str] = field(default_factory=dict)  # keys written by this batch
    vendored_only: dict[str, bool] = field(default_factory=dict)  # change ids of this batch
    to_detect: list[tuple[str, Commit, bool]] = field(default_factory=list)  # (change_id, commit, replace)
    text_bytes: int = 0  # added text held by to_detect, so a batch of giant commits flushes early
    detections: Callable[[], list[Detection]] = field(default=list)  # set by detect()

    def __len__(self) -> int:
        return len(self.commits)

    def detect(self, detector: Detector) -> None:
        """Start detection on this batch's new changes; `write` collects the results."""
        self.detections = detector.submit([c for _, c, _ in self.to_detect])

    def successor(self) -> _Batch:
        """The next batch, which must see this one's change keys while this one is still being detected."""
        return _Batch(key_index=dict(self.key_index), vendored_only=dict(self.vendored_only))

    def write(self, store: Store, skipped: Counter[str]) -> None:
        for (change_id, commit, replace), detection in zip(self.to_detect, self.detections(), strict=True):
            _add_rows(self, change_id, commit, detection, replace)
            skipped.update(detection.skipped)
        store.git_put_batch(
            self.changes, self.keys, self.commits, self.co_authors, self.file_changes, self.signals, self.replaced
        )


def _file_rows(change_id: str, commit: Commit) -> list[tuple]:
    rows: dict[str, list] = {}
    for f in commit.files:
        flags = [n for n in ("binary", "vendored", "submodule", "truncated", "unreadable") if getattr(f, n)]
        path_class = "vendored" if f.vendored else classify_path(commit.repo, f.path)
        row = rows.get(f.path)
        if row is None:  # a type change prints the same path twice (deleted, then added): one row
            rows[f.path] = [change_id, f.path, f.old_path, f.kind, f.language, f.added, f.removed, flags, path_class]
        else:
            row[5] += f.added
            row[6] += f.removed
            row[7] = sorted(set(row[7]) | set(flags))
    return [(*r[:7], ",".join(r[7]), r[8]) for r in rows.values()]


def _is_vendored_only(commit: Commit) -> bool:
    return bool(commit.files) and all(
        f.vendored or classify_path(commit.repo, f.path) == "vendored" for f in commit.files
    )


def _add_rows(batch: _Batch, change_id: str, commit: Commit, detection: Detection, replace: bool) -> None:
    added = sum(f.added for f in commit.files)
    removed = sum(f.removed for f in commit.files)
    batch.changes.append(
        (
            change_id,
            commit.author.email,
            commit.author.name,
            commit.authored_at.isoformat(),
            commit.subject,
            commit.message,
            added,
            removed,
            detection.commit_class.model_dump_json(),
        )
    )
    if replace:
        batch.replaced.append(change_id)
    batch.co_authors.extend((change_id, a.email, a.name) for a in commit.co_authors)
    batch.file_changes.extend(_file_rows(change_id, commit))
    batch.signals.extend(
        (
            change_id,
            s.kind,
            s.weight,
            s.language,
            s.evidence.repo,
            s.evidence.sha,
            s.evidence.path,
            s.evidence.line,
            s.evidence.snippet,
            s.evidence.title,
            json.dumps(s.detail, sort_keys=True),
        )
        for s in detection.signals
    )


def _stage(batch: _Batch, change_id: str, commit: Commit, replace: bool) -> None:
    batch.to_detect.append((change_id, commit, replace))
    batch.vendored_only[change_id] = _is_vendored_only(commit)
    batch.text_bytes += sum(len(text) for f in commit.files for _, text in f.added_lines)


def _ignore_interrupts() -> None:
    # Ctrl-C is the parent's to handle (it keeps the committed batches); workers just get terminated.
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _detect(commit: Commit, settings: Settings) -> Detection:
    """Detection for one commit; a detector that crashes on one odd commit costs that commit's signals only."""
    try:
        return detect_commit(commit, settings)
    except Exception:
        return Detection(skipped=Counter({"detector_errors": 1}))


class Detector:
    """Signal detection, in a pool of worker processes when there is enough work to pay for one.

    Results come back in submission order, so the stored rows do not depend on the pool. A batch is
    detected while the next one is read from git, so the two stages overlap on separate cores. One
    Detector serves every repository of a run (`scout index --manifest`): its workers compile the
    detectors' queries once (about a CPU second each) instead of once per repository.
    """

    def __init__(self, settings: Settings, workers: int | None = None) -> None:
        self.settings = settings
        self.workers = workers if workers is not None else detection_workers(settings)
        self.pool: Pool | None = None

    def __enter__(self) -> Detector:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self, commits_to_read: int) -> None:
        """Start the workers now, before any other thread (the progress bar's) exists to be forked; kept until close."""
        if self.workers >= 2 and commits_to_read >= POOL_MIN_COMMITS and self.pool is None:
            methods = multiprocessing.get_all_start_methods()
            if "fork" in methods:
                shared_engine()  # compiled once here and inherited, not once per worker (~0.8 CPU s each)
            ctx = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
            self.pool = ctx.Pool(self.workers, initializer=_ignore_interrupts)

    def submit(self, commits: list[Commit]) -> Callable[[], list[Detection]]:
        """Detect in the workers while the caller goes on reading git; call the result to wait for them."""
        if self.pool is None or len(commits) < 2:
            # Without workers, detect when asked: the batch before this one is written first (as with workers).
            return lambda: [_detect(c, self.settings) for c in commits]
        return self.pool.map_async(partial(_detect, settings=self.settings), commits, chunksize=4).get

    def close(self) -> None:
        if self.pool is not None:
            self.pool.terminate()
            self.pool.join()
            self.pool = None


def detection_workers(settings: Settings) -> int:
    """Worker processes for signal detection: the setting, or one per core (the parent reads git meanwhile)."""
    return settings.index_workers if settings.index_workers > 0 else (os.cpu_count() or 1)


def _add_commit(store: Store, batch: _Batch, commit: Commit) -> bool:
    """Stage one commit; True when it brought a new change, False when it is another landing of a known one."""
    keys = ([f"p:{commit.patch_id}"] if commit.patch_id else []) + [k for k in (sync_key(commit),) if k]
    existing = next((batch.key_index[k] for k in keys if k in batch.key_index), None)
    if existing is None:
        existing = store.git_change_for_keys(keys)
    committed_at = commit.committed_at.isoformat() if commit.committed_at else None
    if existing is not None:
        batch.commits.append((commit.repo, commit.sha, existing, committed_at))
        for k in keys:
            batch.keys.append((k, existing))
            batch.key_index.setdefault(k, existing)
        was_vendored = batch.vendored_only.get(existing)
        if was_vendored is None:
            was_vendored = store.git_change_is_vendored_only(existing)
        if was_vendored and not _is_vendored_only(commit) and commit.files:
            # The original landed after its vendored copy: credit the original's files and signals.
            _stage(batch, existing, commit, replace=True)
        return False
    change_id = f"p:{commit.patch_id}" if commit.patch_id else f"s:{commit.repo}:{commit.sha}"
    _stage(batch, change_id, commit, replace=False)
    batch.commits.append((commit.repo, commit.sha, change_id, committed_at))
    for k in keys:
        batch.keys.append((k, change_id))
        batch.key_index.setdefault(k, change_id)
    return True


def index_repo(
    store: Store,
    path: Path,
    repo: str,
    settings: Settings,
    category: str | None = None,
    *,
    progress: bool = True,
    batch_size: int = BATCH_SIZE,
    workers: int | None = None,
    detector: Detector | None = None,
) -> IndexReport:
    """Index PATH's history as REPO: only what is not indexed yet; resumes after an interruption.

    `detector`: a pool shared by several calls (the caller closes it); by default one of `workers` processes
    (default: detection_workers) is started for this repository and closed after it.
    """
    started = time.monotonic()
    validate_name(repo)
    path = Path(path)
    git_dir_of(path)
    report = IndexReport(repo=repo, path=str(path))
    head = head_sha(path)
    report.head = head
    state = store.git_repo_state(repo)
    if head is None:
        store.git_start_repo(repo, str(path.resolve()), category)
        report.empty = True
        report.seconds = time.monotonic() - started
        return report
    if state is not None and state[1] == head:
        report.up_to_date = True
        report.total_commits = len(store.git_indexed_shas(repo))
        report.seconds = time.monotonic() - started
        return report
    store.git_start_repo(repo, str(path.resolve()), category)
    store.git_replace_mailmap(repo, read_mailmap(path))
    since = state[1] if state is not None and state[1] and has_commit(path, state[1]) else None
    done = store.git_indexed_shas(repo)
    read = ReadReport()
    emails: set[str] = set()
    batch = _Batch()
    pending: _Batch | None = None  # written once its detection is in, while `batch` is being read
    detection_skipped: Counter[str] = Counter()
    own_detector = detector is None
    if detector is None:
        detector = Detector(settings, workers)
    detector.start(sum(1 for sha in list_commits(path, since) if sha not in done))
    bar = tqdm(desc=repo, unit="commit", file=sys.stderr, disable=not progress, smoothing=0.1, dynamic_ncols=True)
    try:
        for commit in read_commits(path, repo, settings, since=since, exclude=done, report=read):
            if bar.total != read.total:
                bar.total = read.total
                bar.refresh()
            report.commits += 1
            emails.add(commit.author.email)
            if _add_commit(store, batch, commit):
                report.new += 1
            else:
                report.duplicates += 1
            if len(batch) >= batch_size or batch.text_bytes >= BATCH_TEXT_BYTES:
                # Queued behind the pending batch before that one is written, so the workers never wait on SQLite.
                batch.detect(detector)
                if pending is not None:
                    pending.write(store, detection_skipped)
                pending, batch = batch, batch.successor()
            bar.update(1)
        batch.detect(detector)
        if pending is not None:
            pending.write(store, detection_skipped)
        batch.write(store, detection_skipped)
    finally:
        if own_detector:
            detector.close()
        bar.close()
    report.author_emails = len(emails)
    report.skipped = read.skipped() | {"detector_errors": detection_skipped["detector_errors"]}
    indexed_at = datetime.now(UTC).isoformat(timespec="seconds")
    report.total_commits = store.git_finish_repo(repo, head, json.dumps(report.skipped, sort_keys=True), indexed_at)
    report.seconds = time.monotonic() - started
    return report
