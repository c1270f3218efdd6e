"""A streaming parser for one `git log -p` run in LOG_FORMAT: bytes lines in, Commit records out.

The patch id is computed on the way, with `git patch-id --stable` semantics: per file, a SHA-1 over the
diff's header and hunk lines with all whitespace removed (index lines and hunk headers left out), and
the per-file digests added as 160-bit little-endian numbers so file order does not matter.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from typing import NamedTuple

from indexer.git.classify import is_vendored, language_of
from indexer.git.report import ReadReport
from models.records import ChangeKind, Commit, FileChange, Identity
from models.settings import Settings

HEADER_START = b"\x01\x02"
HEADER_END = b"\x01\x03"
LOG_FORMAT = "format:%x01%x02%H%x00%an%x00%ae%x00%aI%x00%cn%x00%ce%x00%cI%x00%B%x01%x03"
SUBMODULE_MODE = b"160000"
_GIT_SPACE = b" \t\n\r"  # what git's isspace() removes before hashing a patch line

_HUNK = re.compile(rb"^@@+ [^+]*\+(\d+)")
_CO_AUTHOR = re.compile(r"^[ \t]*co-authored-by:[ \t]*(.*?)[ \t]*<([^<>\s]+)>[ \t]*$", re.IGNORECASE | re.MULTILINE)
_ESCAPES = {b"a": 7, b"b": 8, b"t": 9, b"n": 10, b"v": 11, b"f": 12, b"r": 13, b'"': 34, b"\\": 92}


def unquote_path(raw: bytes) -> str:
    """A path as git prints it (C-quoted when it holds special bytes) back to text."""
    raw = raw.rstrip(b"\n").rstrip(b"\t")
    if not (raw.startswith(b'"') and raw.endswith(b'"') and len(raw) >= 2):
        return raw.decode("utf-8", "replace")
    body = raw[1:-1]
    out = bytearray()
    i = 0
    while i < len(body):
        ch = body[i : i + 1]
        if ch == b"\\" and i + 1 < len(body):
            nxt = body[i + 1 : i + 2]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                i += 2
                continue
            octal = body[i + 1 : i + 4]
            if len(octal) == 3 and all(48 <= b <= 55 for b in octal):
                out.append(int(octal, 8))
                i += 4
                continue
        out += ch
        i += 1
    return out.decode("utf-8", "replace")


def _strip_prefix(path: str) -> str:
    return path[2:] if path[:2] in ("a/", "b/") else path


def _paths_from_diff_line(rest: bytes) -> tuple[str, str]:
    """'a/X b/Y' from a `diff --git` line; unambiguous when quoted or when X == Y (no rename)."""
    rest = rest.rstrip(b"\n")
    if rest.startswith(b'"'):
        end = 1
        while end < len(rest):
            if rest[end : end + 1] == b"\\":
                end += 2
                continue
            if rest[end : end + 1] == b'"':
                break
            end += 1
        first, second = rest[: end + 1], rest[end + 2 :]
        return _strip_prefix(unquote_path(first)), _strip_prefix(unquote_path(second))
    if rest.endswith(b'"'):
        start = rest.rfind(b' "')
        return _strip_prefix(unquote_path(rest[:start])), _strip_prefix(unquote_path(rest[start + 1 :]))
    half = (len(rest) - 1) // 2
    first, second = rest[:half], rest[half + 1 :]
    if first[2:] == second[2:]:
        text = _strip_prefix(first.decode("utf-8", "replace"))
        return text, text
    first_s, _, second_s = rest.decode("utf-8", "replace").partition(" b/")
    return _strip_prefix(first_s), second_s


def _add_digest(total: bytearray, digest: bytes) -> None:
    carry = 0
    for i in range(20):
        carry += total[i] + digest[i]
        total[i] = carry & 0xFF
        carry >>= 8


class RawChange(NamedTuple):
    """One changed path of a `--raw` listing: read from trees only, so it needs no blob."""

    status: str
    old_mode: str
    new_mode: str
    old_oid: str
    new_oid: str
    path: str


@dataclass
class _File:
    path: str
    old_path: str | None
    kind: ChangeKind = "modified"
    binary: bool = False
    submodule: bool = False
    added: int = 0
    removed: int = 0
    text_bytes: int = 0
    truncated: bool = False
    keep_text: bool = True
    decided: bool = False
    lines: list[tuple[int, str]] = field(default_factory=list)
    pre_oid: bytes = b""
    post_oid: bytes = b""


@dataclass
class _Pending:
    sha: str
    meta: list[bytes]
    files: list[FileChange] = field(default_factory=list)
    patch_sum: bytearray = field(default_factory=lambda: bytearray(20))
    hashed: bool = False


def co_authors_of(message: str, author_email: str) -> list[Identity]:
    seen = {author_email}
    out: list[Identity] = []
    for name, email in _CO_AUTHOR.findall(message):
        email = email.strip().lower()
        if email and email not in seen:
            seen.add(email)
            out.append(Identity(name=name.strip() or email, email=email))
    return out


class LogParser:
    """Feed it the lines of one `git log -p --format=LOG_FORMAT` stream; it yields finished commits.

    The last commit stays pending until `finish()`, so a stream that died half way through a commit
    (a missing object) never yields that commit half-read.
    """

    def __init__(self, repo: str, settings: Settings, report: ReadReport) -> None:
        self.repo = repo
        self.settings = settings
        self.report = report
        self.pending: _Pending | None = None
        self.raw: dict[str, list[RawChange]] = {}  # sha -> its --raw lines, when the stream has them

    def finish(self) -> Commit | None:
        pending, self.pending = self.pending, None
        return self._build(pending) if pending is not None else None

    def feed(self, lines: Iterable[bytes]) -> Iterator[Commit]:
        max_file = self.settings.max_file_bytes
        max_commit = self.settings.max_commit_bytes
        commit = self.pending
        header: list[bytes] | None = None
        cur: _File | None = None
        ctx = hashlib.sha1()
        in_hunk = False
        new_no = 0
        commit_bytes = 0

        def close_file() -> None:
            nonlocal cur, ctx
            if cur is None or commit is None:
                return
            if cur.binary:
                ctx.update(cur.pre_oid + cur.post_oid)
            _add_digest(commit.patch_sum, ctx.digest())
            commit.hashed = True
            ctx = hashlib.sha1()
            commit.files.append(self._file_change(cur))
            cur = None

        for line in lines:
            if in_hunk:
                assert cur is not None  # in_hunk is only set while a file's diff is open
                c = line[:1]
                if c == b"+":
                    ctx.update(line.translate(None, _GIT_SPACE))
                    cur.added += 1
                    if cur.keep_text:
                        size = len(line)
                        cur.text_bytes += size
                        commit_bytes += size
                        if cur.text_bytes > max_file or commit_bytes > max_commit:
                            cur.keep_text = False
                            cur.truncated = True
                            cur.lines = []
                        else:
                            cur.lines.append((new_no, line[1:].rstrip(b"\r\n").decode("utf-8", "replace")))
                    new_no += 1
                    continue
                if c == b" ":
                    ctx.update(line.translate(None, _GIT_SPACE))
                    new_no += 1
                    continue
                if c == b"-":
                    ctx.update(line.translate(None, _GIT_SPACE))
                    cur.removed += 1
                    continue
                if c == b"\\":
                    continue
                if c == b"@":
                    m = _HUNK.match(line)
                    if m:
                        new_no = int(m.group(1))
                        continue
                in_hunk = False
            if header is not None:
                header.append(line)
                if line.rstrip(b"\n").endswith(HEADER_END):
                    raw = b"".join(header)[len(HEADER_START) : -len(HEADER_END) - 1]
                    header = None
                    fields = raw.split(b"\x00", 7)
                    commit = _Pending(sha=fields[0].decode("ascii", "replace"), meta=fields)
                    commit_bytes = 0
                continue
            if line.startswith(HEADER_START):
                close_file()
                if commit is not None:
                    yield self._build(commit)
                    commit = None
                if line.rstrip(b"\n").endswith(HEADER_END):
                    raw = line.rstrip(b"\n")[len(HEADER_START) : -len(HEADER_END)]
                    fields = raw.split(b"\x00", 7)
                    commit = _Pending(sha=fields[0].decode("ascii", "replace"), meta=fields)
                    commit_bytes = 0
                else:
                    header = [line]
                continue
            if commit is None:
                continue
            if cur is None and line.startswith(b":"):
                meta, _, name = line.rstrip(b"\n").partition(b"\t")
                f = meta[1:].decode("ascii", "replace").split()
                if len(f) >= 5:
                    change = RawChange(f[4][:1], f[0], f[1], f[2], f[3], unquote_path(name))
                    self.raw.setdefault(commit.sha, []).append(change)
                continue
            if line.startswith(b"diff --git "):
                close_file()
                old, new = _paths_from_diff_line(line[11:])
                cur = _File(path=new, old_path=None)
                cur.old_path = old if old != new else None
                ctx.update(line.translate(None, _GIT_SPACE))
                continue
            if cur is None:
                continue
            if line.startswith(b"@@"):
                m = _HUNK.match(line)
                if m:
                    new_no = int(m.group(1))
                    in_hunk = True
                    if not cur.decided:
                        cur.decided = True
                        self._decide_text(cur)
                continue
            if line.startswith(b"index "):
                ids, _, mode = line[6:].rstrip(b"\n").partition(b" ")
                cur.pre_oid, _, cur.post_oid = ids.partition(b"..")
                if mode == SUBMODULE_MODE:
                    cur.submodule = True
                continue
            ctx.update(line.translate(None, _GIT_SPACE))
            if line.startswith(b"--- "):
                if not line.startswith(b"--- /dev/null"):
                    cur.old_path = _strip_prefix(unquote_path(line[4:]))
            elif line.startswith(b"+++ "):
                if not line.startswith(b"+++ /dev/null"):
                    cur.path = _strip_prefix(unquote_path(line[4:]))
                elif cur.old_path is not None:
                    cur.path = cur.old_path
            elif line.startswith(b"new file mode "):
                cur.kind = "added"
                cur.submodule = cur.submodule or line[14:20] == SUBMODULE_MODE
            elif line.startswith(b"deleted file mode "):
                cur.kind = "deleted"
                cur.submodule = cur.submodule or line[18:24] == SUBMODULE_MODE
            elif line.startswith(b"new mode "):
                cur.submodule = cur.submodule or line[9:15] == SUBMODULE_MODE
            elif line.startswith(b"rename from "):
                cur.kind = "renamed"
                cur.old_path = unquote_path(line[12:])
            elif line.startswith(b"rename to "):
                cur.path = unquote_path(line[10:])
            elif line.startswith(b"copy from "):
                cur.kind = "copied"
                cur.old_path = unquote_path(line[10:])
            elif line.startswith(b"copy to "):
                cur.path = unquote_path(line[8:])
            elif line.startswith(b"Binary files ") or line.startswith(b"GIT binary patch"):
                cur.binary = True
        close_file()
        self.pending = commit

    def _decide_text(self, cur: _File) -> None:
        if cur.submodule or cur.binary or is_vendored(self.repo, cur.path):
            cur.keep_text = False

    def _file_change(self, cur: _File) -> FileChange:
        vendored = is_vendored(self.repo, cur.path)
        if cur.kind in ("added", "deleted") or (cur.kind == "modified" and cur.old_path == cur.path):
            old_path = None
        else:
            old_path = cur.old_path if cur.old_path != cur.path else None
        return FileChange(
            path=cur.path,
            old_path=old_path,
            kind=cur.kind,
            language=None if cur.submodule else language_of(cur.path, (text for _, text in cur.lines)),
            added=cur.added,
            removed=cur.removed,
            binary=cur.binary,
            vendored=vendored,
            submodule=cur.submodule,
            truncated=cur.truncated,
            added_lines=cur.lines,
        )

    def _build(self, pending: _Pending) -> Commit:
        fields = [f.decode("utf-8", "replace") for f in pending.meta]
        while len(fields) < 8:
            fields.append("")
        _, a_name, a_email, a_date, c_name, c_email, c_date, message = fields
        message = message.rstrip("\n")
        a_email = a_email.strip().lower()
        report = self.report
        for change in pending.files:
            report.files += 1
            report.binary += change.binary
            report.vendored += change.vendored
            report.submodules += change.submodule
            report.truncated += change.truncated
        return Commit(
            repo=self.repo,
            sha=pending.sha,
            patch_id=pending.patch_sum.hex() if pending.hashed else None,
            author=Identity(name=a_name.strip() or a_email, email=a_email),
            committer=Identity(name=c_name.strip() or c_email.strip().lower(), email=c_email.strip().lower()),
            co_authors=co_authors_of(message, a_email),
            authored_at=datetime.fromisoformat(a_date),
            committed_at=datetime.fromisoformat(c_date) if c_date else None,
            message=message,
            files=pending.files,
        )
