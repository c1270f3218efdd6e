"""`scout contributors [--repo R] [--top N] [--json]`: the people of the index."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict

from indexer.identity import Contributor, contributors
from indexer.store import Store
from models.settings import Settings


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
    store = Store.open(settings.db_path, read_only=True)
    try:
        people = contributors(store, args.repo)
    finally:
        store.close()
    if args.top and args.top > 0:
        people = people[: args.top]
    if args.json:
        print(json.dumps([asdict(p) for p in people], indent=2))
    else:
        print(render(people))
    return 0


def render(people: list[Contributor]) -> str:
    if not people:
        return "no contributors indexed (run `scout index` first)"
    lines = [f"{'commits':>7}  {'first':10}  {'last':10}  person"]
    for p in people:
        repos = ", ".join(f"{r} ({n})" for r, n in p.repos.items())
        lines.append(f"{p.commits:>7}  {p.first_date or '?':10}  {p.last_date or '?':10}  {p.name} <{p.id}>  {repos}")
    return "\n".join(lines)
