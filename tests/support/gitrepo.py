"""A tiny builder of real git repositories for tests (fictional people only)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

ADA = ("Ada Quill", "ada@example.org")
BEN = ("Ben Okafor", "ben.okafor@example.net")


def git(path: Path, *args: str, input: bytes | None = None) -> str:
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("GIT_")},
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CEILING_DIRECTORIES": str(path.parent),
    }
    proc = subprocess.run(
        ["git", "-C", str(path), "-c", "init.defaultBranch=main", "-c", "commit.gpgsign=false", *args],
        input=input,
        capture_output=True,
        env=env,
        check=True,
    )
    return proc.stdout.decode("utf-8", "replace").strip()


class Repo:
    def __init__(self, path: Path) -> None:
        self.path = path
        path.mkdir(parents=True, exist_ok=True)
        git(path, "init", "-q")
        self.tick = 0

    def write(self, rel: str, content: str | bytes) -> None:
        target = self.path / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)

    def remove(self, rel: str) -> None:
        git(self.path, "rm", "-q", rel)

    def commit(
        self,
        message: str,
        author: tuple[str, str] = ADA,
        date: str | None = None,
        files: dict[str, str | bytes] | None = None,
    ) -> str:
        for rel, content in (files or {}).items():
            self.write(rel, content)
        self.tick += 1
        when = date or f"2024-01-{1 + self.tick % 28:02d}T10:{self.tick % 60:02d}:00+00:00"
        git(self.path, "add", "-A")
        git(
            self.path,
            "-c",
            f"user.name={author[0]}",
            "-c",
            f"user.email={author[1]}",
            "commit",
            "-q",
            "--allow-empty",
            "--no-verify",
            f"--author={author[0]} <{author[1]}>",
            f"--date={when}",
            "-m",
            message,
        )
        return git(self.path, "rev-parse", "HEAD")

    def git(self, *args: str) -> str:
        return git(self.path, *args)


def fast_history(repo: Repo, commits: list[tuple[tuple[str, str], str, dict[str, str]]]) -> None:
    """Many commits at once through `git fast-import`: (author, message, {path: content}) each."""
    out: list[bytes] = []
    for i, (author, message, files) in enumerate(commits):
        stamp = 1_700_000_000 + i * 3600
        msg = message.encode()
        out.append(b"commit refs/heads/main\n")
        out.append(f"author {author[0]} <{author[1]}> {stamp} +0000\n".encode())
        out.append(f"committer {author[0]} <{author[1]}> {stamp} +0000\n".encode())
        out.append(b"data %d\n%s\n" % (len(msg), msg))
        for path, content in files.items():
            data = content.encode()
            out.append(f"M 100644 inline {path}\n".encode())
            out.append(b"data %d\n%s\n" % (len(data), data))
    git(repo.path, "fast-import", "--quiet", input=b"".join(out))
    git(repo.path, "checkout", "-q", "-f", "main")


def dated_history(repo: Repo, commits: list[tuple[tuple[str, str], str, str | None, str, dict[str, str]]]) -> None:
    """Commits with exact dates through `git fast-import`: (author, authored ISO 8601 with offset, committed ISO
    8601 or None for the author date, message, {path: content}) each, in order."""
    from datetime import datetime

    def stamp(iso: str) -> str:
        when = datetime.fromisoformat(iso)
        minutes = int(when.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
        sign = "+" if minutes >= 0 else "-"
        return f"{int(when.timestamp())} {sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"

    out: list[bytes] = []
    for author, authored, committed, message, files in commits:
        msg = message.encode()
        out.append(b"commit refs/heads/main\n")
        out.append(f"author {author[0]} <{author[1]}> {stamp(authored)}\n".encode())
        out.append(f"committer {author[0]} <{author[1]}> {stamp(committed or authored)}\n".encode())
        out.append(b"data %d\n%s\n" % (len(msg), msg))
        for path, content in files.items():
            data = content.encode()
            out.append(f"M 100644 inline {path}\n".encode())
            out.append(b"data %d\n%s\n" % (len(data), data))
    git(repo.path, "fast-import", "--quiet", input=b"".join(out))
    git(repo.path, "checkout", "-q", "-f", "main")
