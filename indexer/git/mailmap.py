"""The repository's `.mailmap` as (alias_email, alias_name, canonical_email, canonical_name) rows."""

from __future__ import annotations

import re
from pathlib import Path

from indexer.git.command import git_run

_ENTRY = re.compile(r"^\s*([^<#]*?)\s*<([^>]*)>\s*(?:([^<#]*?)\s*<([^>]*)>)?\s*(?:#.*)?$")


def parse_mailmap(text: str) -> list[tuple[str, str, str, str]]:
    """All four .mailmap forms; an empty alias_name means "any name with this email"."""
    rows: list[tuple[str, str, str, str]] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        m = _ENTRY.match(line)
        if not m:
            continue
        name1, email1, name2, email2 = m.group(1), m.group(2).strip().lower(), m.group(3), m.group(4)
        if email2 is None:  # "Proper Name <commit@email>": the name for this email
            if email1 and name1:
                rows.append((email1, "", email1, name1))
            continue
        email2 = email2.strip().lower()
        if email2:
            rows.append((email2, (name2 or "").strip(), email1 or email2, name1))
    return rows


def read_mailmap(path: Path) -> list[tuple[str, str, str, str]]:
    """The .mailmap committed at HEAD (never the working tree: it may hold anything)."""
    proc = git_run(path, "show", "HEAD:.mailmap", check=False)
    if proc.returncode != 0:
        return []
    return parse_mailmap(proc.stdout[:1_000_000].decode("utf-8", "replace"))
