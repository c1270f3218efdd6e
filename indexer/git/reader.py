"""Reading a repository's history: one streamed `git log -p` per repo, with a detour around missing objects.

The commit list comes from one `git rev-list` (oldest first, parents before children) and is fed to
`git log --no-walk=unsorted --stdin`, so the k-th commit of the stream is known in advance. When a
partial or damaged clone makes git die on an unreadable blob, the commit it died in is read again
without the missing files, and the stream restarts after it.
"""

from __future__ import annotations

import re
import subprocess
import tempfile
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from indexer.git.classify import is_vendored, language_of
from indexer.git.command import git_popen, git_run, head_sha
from indexer.git.parse import LOG_FORMAT, LogParser, RawChange
from indexer.git.report import ReadReport
from models.errors import ScoutError
from models.records import ChangeKind, Commit, FileChange
from models.settings import Settings

LOG_ARGS: tuple[str, ...] = (
    "log",
    "--no-walk=unsorted",
    "--stdin",
    "-p",
    "--root",
    "-M",
    "--full-index",
    "--no-color",
    "--no-ext-diff",
    "--no-textconv",
    "--no-notes",
    "--no-mailmap",
    "--diff-algorithm=myers",
    "--src-prefix=a/",
    "--dst-prefix=b/",
    "--encoding=UTF-8",
    f"--format={LOG_FORMAT}",
)
_MISSING = re.compile(
    r"unable to read|failed to traverse|promisor remote|missing (?:blob|tree|object)|could not read|bad object"
    r"|corrupt|invalid object",
    re.IGNORECASE,
)
SORT_AFTER_FAILURES = 16  # damaged commits in one read before sorting the rest up front
_NULL_OID = "0" * 40
_SUBMODULE_MODE = "160000"
_RAW_KIND: dict[str, ChangeKind] = {"A": "added", "D": "deleted", "M": "modified", "T": "type_changed"}


@dataclass
class History:
    shas: list[str]  # non-merge commits to read, oldest first (parents before children)
    cut: set[str] = field(default_factory=set)  # commits whose parent commit is missing: no diff to read
    missing: int = 0  # commit objects the clone lacks (they and what only they lead to are not read)


def list_commits(path: Path, since: str | None = None) -> list[str]:
    """Non-merge commits reachable from HEAD (and not from SINCE), oldest first."""
    return history(path, since).shas


def history(path: Path, since: str | None = None) -> History:
    """The commits to read; a clone that lacks commit objects is walked by hand around the holes."""
    if head_sha(path) is None:
        return History([])  # an empty repository: no history yet, which is not an error
    rev = f"{since}..HEAD" if since else "HEAD"
    proc = git_run(path, "rev-list", "--no-merges", "--topo-order", "--reverse", rev, "--", check=False)
    if proc.returncode == 0:
        return History(proc.stdout.decode("ascii").split())
    stderr = proc.stderr.decode("utf-8", "replace")
    if not _MISSING.search(stderr) and "revision walk" not in stderr:
        lines = stderr.strip().splitlines()
        raise ScoutError(f"git rev-list failed in {path}: {lines[-1] if lines else 'exit ' + str(proc.returncode)}")
    return _walk_around_missing(path, since)


def _walk_around_missing(path: Path, since: str | None) -> History:
    """Depth-first from HEAD through `git cat-file --batch`, stopping at SINCE and at missing commits;
    post-order puts every parent before its children, as `rev-list --topo-order --reverse` does."""
    parents: dict[str, list[str]] = {}
    order: list[str] = []
    found = History([])
    proc = git_popen(path, "cat-file", "--batch", stdin=subprocess.PIPE)
    assert proc.stdin is not None and proc.stdout is not None
    try:
        stack: list[tuple[str, bool]] = [(head_sha(path) or "", False)]
        while stack:
            sha, parents_done = stack.pop()
            if parents_done:
                if len(parents[sha]) <= 1:
                    order.append(sha)
                continue
            if sha in parents:
                continue
            read = _commit_parents(proc.stdin, proc.stdout, sha)
            if read is None:
                found.missing += 1
                parents[sha] = []
                continue
            parents[sha] = read
            stack.append((sha, True))
            stack.extend((p, False) for p in reversed(read) if p != since and p not in parents)
    finally:
        proc.stdin.close()
        proc.kill()
        proc.wait()
    lost = {sha for sha, ps in parents.items() if not ps and sha not in order}
    found.shas = order
    found.cut = {sha for sha in order if any(p in lost for p in parents[sha])}
    return found


def _commit_parents(stdin: IO[bytes], stdout: IO[bytes], sha: str) -> list[str] | None:
    """SHA's parents, read from the object itself; None when the clone lacks it."""
    stdin.write(sha.encode("ascii") + b"\n")
    stdin.flush()
    header = stdout.readline().split()
    if len(header) < 3:
        return None  # "<sha> missing"
    body = stdout.read(int(header[2]) + 1)
    if header[1] != b"commit":
        return None
    head = body.split(b"\n\n", 1)[0]
    return [line[7:].decode("ascii") for line in head.splitlines() if line.startswith(b"parent ")]


def read_commits(
    path: Path,
    repo: str,
    settings: Settings,
    *,
    since: str | None = None,
    exclude: Collection[str] | None = None,
    report: ReadReport | None = None,
) -> Iterator[Commit]:
    """Every non-merge commit of PATH's HEAD not reachable from SINCE and not in EXCLUDE, oldest first."""
    report = report if report is not None else ReadReport()
    found = history(path, since)
    report.missing_commits = found.missing
    shas = [s for s in found.shas if s not in exclude] if exclude else found.shas
    report.total = len(shas)
    boundary = (_shallow_boundary(path) | found.cut) & set(shas)
    if boundary:
        # A shallow clone's oldest commits (or those whose parent commit is missing) look like roots: their
        # diff would be the whole tree, credited to whoever made them. Keep who and when, not the files.
        report.shallow_boundary += len(boundary)
        shas = [s for s in shas if s not in boundary]
        for commit in _metadata_only(path, repo, sorted(boundary), settings, report):
            report.commits += 1
            yield commit
    for commit in _stream(path, repo, shas, settings, report, allow_sorting=True):
        report.commits += 1
        yield commit


def _stream(
    path: Path, repo: str, shas: list[str], settings: Settings, report: ReadReport, *, allow_sorting: bool
) -> Iterator[Commit]:
    """SHAS through `git log -p`, restarting after each commit that dies on a missing object."""
    pos = failures = 0
    while pos < len(shas):
        if allow_sorting and failures >= SORT_AFTER_FAILURES:
            # Many damaged commits (a blob-less partial clone): sort the rest by what can be read instead
            # of dying and restarting once per commit.
            yield from _sorted_by_readability(path, repo, shas[pos:], settings, report)
            return
        parser = LogParser(repo, settings, report)
        done = 0
        with _stdin_of(shas[pos:]) as stdin, tempfile.TemporaryFile() as errors:
            proc = git_popen(path, *LOG_ARGS, stdin=stdin, stderr=errors)
            try:
                assert proc.stdout is not None
                for commit in parser.feed(proc.stdout):
                    done += 1
                    yield commit
                rc = proc.wait()
            finally:
                if proc.poll() is None:
                    proc.kill()
                    proc.wait()
                if proc.stdout is not None:
                    proc.stdout.close()
            errors.seek(0)
            stderr = errors.read().decode("utf-8", "replace")
        if rc == 0:
            last = parser.finish()
            if last is not None:
                yield last
            return
        if not _MISSING.search(stderr):
            lines = stderr.strip().splitlines()
            raise ScoutError(f"git log failed in {path}: {lines[-1] if lines else 'exit ' + str(rc)}")
        # The stream died inside the commit after the last finished one (or right at its start).
        suspect = pos + done
        failures += 1
        report.damaged_commits.append(shas[suspect])
        yield read_damaged_commit(path, repo, shas[suspect], settings, report)
        pos = suspect + 1


def _all_missing(path: Path) -> set[str]:
    """Every object HEAD's history refers to that the clone lacks (no fetch is attempted)."""
    proc = git_run(path, "rev-list", "--objects", "--missing=print", "HEAD", check=False)
    return {line[1:41] for line in proc.stdout.decode("ascii", "replace").splitlines() if line.startswith("?")}


def _sorted_by_readability(
    path: Path, repo: str, shas: list[str], settings: Settings, report: ReadReport
) -> Iterator[Commit]:
    """One `--raw` pass (trees only) sorts commits into fully readable, partly readable and unreadable."""
    missing = _all_missing(path)
    args = [a for a in LOG_ARGS if a not in ("-p", "-M")] + ["--raw", "--no-renames", "--no-abbrev"]
    proc = git_run(path, *args, input=("\n".join(shas) + "\n").encode("ascii"))
    parser = LogParser(repo, settings, report)
    listed = list(parser.feed(proc.stdout.splitlines(keepends=True)))
    last = parser.finish()
    listed += [last] if last is not None else []
    readable: list[str] = []
    for commit in listed:
        raw = parser.raw.get(commit.sha, [])
        bad = [r for r in raw if r.old_oid in missing or r.new_oid in missing]
        if not bad:
            readable.append(commit.sha)
        elif len(bad) == len(raw):
            report.damaged_commits.append(commit.sha)
            commit.files = [_unreadable(repo, r, report) for r in raw]
            yield commit
        else:
            report.damaged_commits.append(commit.sha)
            yield read_damaged_commit(path, repo, commit.sha, settings, report, missing=missing)
    yield from _stream(path, repo, readable, settings, report, allow_sorting=False)


def _unreadable(repo: str, change: RawChange, report: ReadReport) -> FileChange:
    report.unreadable += 1
    report.files += 1
    return FileChange(
        path=change.path,
        kind=_RAW_KIND.get(change.status, "modified"),
        language=language_of(change.path),
        vendored=is_vendored(repo, change.path),
        unreadable=True,
    )


@contextmanager
def _stdin_of(shas: list[str]) -> Iterator[IO[bytes]]:
    """The commit list as a seekable temp file, so git can read it all before it writes anything."""
    with tempfile.TemporaryFile() as file:
        file.write(("\n".join(shas) + "\n").encode("ascii"))
        file.seek(0)
        yield file


def _shallow_boundary(path: Path) -> set[str]:
    proc = git_run(path, "rev-parse", "--is-shallow-repository", "--absolute-git-dir", check=False)
    lines = proc.stdout.decode("utf-8", "replace").splitlines()
    if proc.returncode != 0 or len(lines) < 2 or lines[0] != "true":
        return set()
    try:
        return set((Path(lines[1]) / "shallow").read_text("ascii", "replace").split())
    except OSError:
        return set()


def _metadata_only(path: Path, repo: str, shas: list[str], settings: Settings, report: ReadReport) -> list[Commit]:
    args = [a for a in LOG_ARGS if a != "-p"]
    proc = git_run(path, *args, "-s", input=("\n".join(shas) + "\n").encode("ascii"))
    parser = LogParser(repo, settings, report)
    commits = list(parser.feed(proc.stdout.splitlines(keepends=True)))
    last = parser.finish()
    return commits + ([last] if last is not None else [])


def _raw_changes(path: Path, sha: str) -> list[RawChange] | None:
    """The paths SHA changed with their modes and object ids, read from trees only (no blob)."""
    proc = git_run(path, "diff-tree", "-r", "--root", "--no-renames", "--raw", "-z", "--no-commit-id", sha, check=False)
    if proc.returncode != 0:
        return None
    parts = proc.stdout.split(b"\x00")
    out: list[RawChange] = []
    i = 0
    while i + 1 < len(parts):
        meta = parts[i].decode("ascii", "replace")
        if not meta.startswith(":"):
            i += 1
            continue
        fields = meta[1:].split()
        name = parts[i + 1].decode("utf-8", "replace")
        i += 2
        if len(fields) >= 5:
            out.append(RawChange(fields[4][:1], fields[0], fields[1], fields[2], fields[3], name))
    return out


def _missing_oids(path: Path, oids: set[str]) -> set[str]:
    if not oids:
        return set()
    ordered = sorted(oids)
    proc = git_run(path, "cat-file", "--batch-check", input=("\n".join(ordered) + "\n").encode(), check=False)
    if proc.returncode == 0:
        lines = proc.stdout.decode("ascii", "replace").splitlines()
        return {line.split()[0] for line in lines if line.endswith(" missing")}
    # A partial clone's promised objects make --batch-check die instead of saying "missing": ask one by one.
    return {oid for oid in ordered if git_run(path, "cat-file", "-e", oid, check=False).returncode != 0}


def read_damaged_commit(
    path: Path, repo: str, sha: str, settings: Settings, report: ReadReport, *, missing: set[str] | None = None
) -> Commit:
    """One commit with the files whose objects cannot be read marked unreadable and the rest diffed."""
    raw = _raw_changes(path, sha)
    unreadable: list[FileChange] = []
    readable: list[str] = []
    if raw is None:  # even the trees are missing: keep the commit, credit no files
        report.unreadable += 1
    else:
        blobs = {
            oid
            for change in raw
            for oid, mode in ((change.old_oid, change.old_mode), (change.new_oid, change.new_mode))
            if oid != _NULL_OID and mode != _SUBMODULE_MODE
        }
        absent = missing & blobs if missing is not None else _missing_oids(path, blobs)
        for change in raw:
            if change.old_oid in absent or change.new_oid in absent:
                unreadable.append(_unreadable(repo, change, report))
            else:
                readable.append(change.path)
    # No rename detection here: it would compare the readable files with the missing ones.
    args = [a for a in LOG_ARGS if a not in ("--stdin", "--no-walk=unsorted", "-M")] + ["--no-renames"]
    if readable:
        proc = git_run(path, *args, "--no-walk", sha, "--", *readable, check=False)
    else:  # no diff at all, so git does not need the commit's (possibly missing) trees
        proc = git_run(path, *[a for a in args if a != "-p"], "--no-walk", "-s", sha, check=False)
    if proc.returncode != 0:
        raise ScoutError(f"cannot read commit {sha} in {path}: {proc.stderr.decode('utf-8', 'replace').strip()}")
    parser = LogParser(repo, settings, report)
    commits = list(parser.feed(proc.stdout.splitlines(keepends=True)))
    last = parser.finish()
    if last is not None:
        commits.append(last)
    if not commits:
        raise ScoutError(f"cannot read commit {sha} in {path}: git printed nothing for it")
    commit = commits[0]
    commit.files.extend(unreadable)
    return commit
