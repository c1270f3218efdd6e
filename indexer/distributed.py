"""Repository reading spread over worker processes or machines; one writer puts it in the store.

Reading a repository (git + signal detection) is most of indexing and needs no store, so workers can do
it anywhere the repository is: `read_repository(job)` returns the commits and their detections as JSON
bytes (records, never pickles: the writer does not run what a worker sends). The writer plans the jobs
from the store (what each repository already has), hands them to any executor's `map` (a process pool
here; Ray tasks on a cluster, see docs/SCALING.md), ingests the answers in manifest order through the
pipeline's own batch writer, under the writer lock, then refreshes profiles and vectors once.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from indexer.embedding import Embedder
from indexer.git import ReadReport, head_sha, read_commits
from indexer.git.command import has_commit
from indexer.git.mailmap import read_mailmap
from indexer.lock import writer_lock
from indexer.manifest import RepoSpec
from indexer.pipeline import BATCH_SIZE, IndexReport, _add_commit, _Batch, _detect, validate_name
from indexer.refresh import RefreshReport, refresh
from indexer.signals import Detection
from indexer.store import Store
from indexer.vectors import VectorIndex
from models.records import Commit, CommitClass, Signal
from models.settings import Settings

Mapper = Callable[[Callable[["ReadJob"], bytes], Iterable["ReadJob"]], Iterator[bytes]]


@dataclass(frozen=True)
class ReadJob:
    """What one worker reads: everything it needs travels with it (no store, no shared disk but the repo)."""

    path: str  # where the repository is on the worker
    repo: str  # owner/name
    known_head: str | None  # the head the store has for it: equal means nothing to read
    since: str | None  # read only commits after this one (when the worker's clone has it)
    exclude: frozenset[str]  # commits the store already has
    settings_json: str  # the reading budgets of models.settings


@dataclass
class RepoRead:
    repo: str
    path: str
    head: str | None
    mailmap: list[tuple[str, str, str, str]] = field(default_factory=list)
    commits: list[Commit] = field(default_factory=list)
    detections: list[Detection] = field(default_factory=list)
    read_skipped: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


@dataclass
class DistributedReport:
    repos: list[IndexReport] = field(default_factory=list)
    refresh: RefreshReport | None = None


def read_repository(job: ReadJob) -> bytes:
    """Worker side: git + signals for one repository, as JSON bytes."""
    started = time.monotonic()
    settings = Settings.model_validate_json(job.settings_json)
    path = Path(job.path)
    head = head_sha(path)
    out: dict[str, object] = {"repo": job.repo, "path": str(path.resolve()), "head": head}
    if head is None or head == job.known_head:
        return json.dumps(out).encode()
    since = job.since if job.since and has_commit(path, job.since) else None
    read = ReadReport()
    items = []
    for commit in read_commits(path, job.repo, settings, since=since, exclude=set(job.exclude), report=read):
        d = _detect(commit, settings)
        detection = {"signals": [s.model_dump(mode="json") for s in d.signals],
                     "commit_class": d.commit_class.model_dump(mode="json"), "skipped": dict(d.skipped)}  # fmt: skip
        items.append({"commit": commit.model_dump(mode="json"), "detection": detection})
    out.update(mailmap=read_mailmap(path), items=items, read_skipped=read.skipped(), seconds=time.monotonic() - started)
    return json.dumps(out).encode()


def decode(raw: bytes) -> RepoRead:
    d = json.loads(raw)
    items = d.get("items", [])
    return RepoRead(
        repo=d["repo"],
        path=d["path"],
        head=d["head"],
        mailmap=[tuple(row) for row in d.get("mailmap", [])],
        commits=[Commit.model_validate(i["commit"]) for i in items],
        detections=[
            Detection(
                signals=[Signal.model_validate(s) for s in i["detection"]["signals"]],
                commit_class=CommitClass.model_validate(i["detection"]["commit_class"]),
                skipped=Counter(i["detection"]["skipped"]),
            )
            for i in items
        ],
        read_skipped=d.get("read_skipped", {}),
        seconds=float(d.get("seconds", 0.0)),
    )


def plan(store: Store, specs: Sequence[RepoSpec], settings: Settings) -> list[ReadJob]:
    """Writer side: one job per repository, carrying what the store already holds of it."""
    jobs = []
    for spec in specs:
        spec.check()
        state = store.git_repo_state(validate_name(spec.name))
        known = state[1] if state is not None else None
        jobs.append(
            ReadJob(
                path=str(spec.path),
                repo=spec.name,
                known_head=known,
                since=known,
                exclude=frozenset(store.git_indexed_shas(spec.name)),
                settings_json=settings.model_dump_json(),
            )
        )
    return jobs


class _Precomputed:
    """A detector whose answers came with the commits (the _Detector seam of indexer.pipeline)."""

    def __init__(self, read: RepoRead) -> None:
        self.by_sha = {c.sha: d for c, d in zip(read.commits, read.detections, strict=True)}

    def submit(self, commits: list[Commit]) -> Callable[[], list[Detection]]:
        done = [self.by_sha[c.sha] for c in commits]
        return lambda: done


def ingest(store: Store, read: RepoRead, category: str | None, *, batch_size: int = BATCH_SIZE) -> IndexReport:
    """Writer side: what a worker read, into the store, batch by batch, as `index_repo` writes it."""
    report = IndexReport(repo=read.repo, path=read.path, head=read.head, seconds=read.seconds)
    state = store.git_repo_state(read.repo)
    if read.head is None:
        store.git_start_repo(read.repo, read.path, category)
        report.empty = True
        return report
    if state is not None and state[1] == read.head:
        report.up_to_date = True
        report.total_commits = len(store.git_indexed_shas(read.repo))
        return report
    store.git_start_repo(read.repo, read.path, category)
    store.git_replace_mailmap(read.repo, read.mailmap)
    detector = _Precomputed(read)
    skipped: Counter[str] = Counter()
    batch = _Batch()
    for commit in read.commits:
        report.commits += 1
        if _add_commit(store, batch, commit):
            report.new += 1
        else:
            report.duplicates += 1
        if len(batch) >= batch_size:
            batch.detect(detector)  # type: ignore[arg-type]
            batch.write(store, skipped)
            batch = batch.successor()
    batch.detect(detector)  # type: ignore[arg-type]
    batch.write(store, skipped)
    report.author_emails = len({c.author.email for c in read.commits})
    report.skipped = read.read_skipped | {"detector_errors": skipped["detector_errors"]}
    indexed_at = datetime.now(UTC).isoformat(timespec="seconds")
    report.total_commits = store.git_finish_repo(read.repo, read.head, json.dumps(report.skipped, sort_keys=True),
                                                 indexed_at)  # fmt: skip
    return report


def index_distributed(
    settings: Settings, specs: Sequence[RepoSpec], mapper: Mapper, *, embedder: Embedder | None = None
) -> DistributedReport:
    """Read every repository through `mapper` (e.g. `ProcessPoolExecutor().map`), write them here, refresh once."""
    report = DistributedReport()
    with writer_lock(settings.data_dir):
        store = Store.open(settings.db_path)
        try:
            jobs = plan(store, specs, settings)
            for spec, raw in zip(specs, mapper(read_repository, jobs), strict=True):
                report.repos.append(ingest(store, decode(raw), spec.category))
            with VectorIndex(settings) as vectors:
                report.refresh = refresh(store, settings, vectors, embedder or Embedder(settings))
        finally:
            store.close()
    return report
