"""Builds small commits for detector tests."""

from __future__ import annotations

import textwrap
from datetime import UTC, datetime

from models.records import Commit, FileChange, Identity


def commit(
    files: dict[str, str | list[tuple[int, str]]],
    message: str = "Change",
    repo: str = "example/repo",
    pr_text: str | None = None,
    vendored: frozenset[str] = frozenset(),
) -> Commit:
    changes = []
    for path, body in files.items():
        if isinstance(body, str):
            lines = list(enumerate(textwrap.dedent(body).strip("\n").splitlines(), start=1))
        else:
            lines = body
        changes.append(
            FileChange(path=path, added=len(lines), added_lines=lines, vendored=path in vendored, kind="modified")
        )
    return Commit(
        repo=repo,
        sha="a" * 40,
        author=Identity(name="Ada Example", email="ada@example.com"),
        authored_at=datetime(2025, 3, 1, tzinfo=UTC),
        message=message,
        pr_text=pr_text,
        files=changes,
    )
