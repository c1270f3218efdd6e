"""`scout contributors [--repo R] [--top N] [--json]`: the people of the index."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from models.errors import ScoutError
from models.settings import Settings

if TYPE_CHECKING:
    from indexer.identity import Contributor


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "contributors",
        help="list the people of the index",
        description="List resolved people with their commits, repos and first and last dates, most commits first.",
    )
    parser.add_argument("--repo", help="only commits that landed in OWNER/REPO")
    parser.add_argument("--top", type=int, default=20, help="how many to list (0: all; default 20)")
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.identity import contributors
    from indexer.store import Store

    store = Store.open(settings.db_path, read_only=True)
    try:
        repo = _indexed_repo(args.repo, store.git_repo_names()) if args.repo is not None else None
        people = contributors(store, repo)
    finally:
        store.close()
    if args.top and args.top > 0:
        people = people[: args.top]
    if args.json:
        print(json.dumps([asdict(p) for p in people], indent=2))
    else:
        print(render(people))
    return 0


def _indexed_repo(value: str, indexed: list[str]) -> str:
    """OWNER/REPO as indexed, for that name or its unambiguous REPO part (any case)."""
    wanted = value.strip().lower()
    found = [n for n in indexed if wanted in (n.lower(), n.lower().rpartition("/")[2])]
    if len(found) != 1:
        known = ", ".join(indexed) or "none (run `scout index` first)"
        raise ScoutError(f"unknown repo {value!r}: not in this index; indexed repos are {known}")
    return found[0]


def render(people: list[Contributor]) -> str:
    if not people:
        return "no contributors indexed (run `scout index` first)"
    lines = [f"{'commits':>7}  {'first':10}  {'last':10}  person"]
    for p in people:
        repos = ", ".join(f"{r} ({n})" for r, n in p.repos.items())
        lines.append(f"{p.commits:>7}  {p.first_date or '?':10}  {p.last_date or '?':10}  {p.name} <{p.id}>  {repos}")
    return "\n".join(lines)
