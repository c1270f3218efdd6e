"""`scout repos [--json]` and `scout repos set-category OWNER/REPO CATEGORY`: the indexed repositories."""

from __future__ import annotations

import argparse
import json

from models.catalog import CATEGORIES, UNCATEGORIZED
from models.records import RepoSummary
from models.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "repos",
        help="list the indexed repositories and their categories",
        description="List the indexed repositories with their category, commits and people; "
        "`scout repos set-category OWNER/REPO CATEGORY` changes a category without re-reading history.",
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.set_defaults(handler=handle)
    actions = parser.add_subparsers(dest="action", metavar="ACTION")
    setter = actions.add_parser(
        "set-category",
        help="change a repository's category",
        description=f"Categories: {'; '.join((*CATEGORIES, UNCATEGORIZED))}.",
    )
    setter.add_argument("repo", metavar="OWNER/REPO")
    setter.add_argument("category", metavar="CATEGORY")
    setter.set_defaults(handler=handle_set)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.repos import repo_summaries
    from indexer.store import Store

    store = Store.open(settings.db_path, read_only=True)
    try:
        repos = repo_summaries(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps([r.model_dump(mode="json") for r in repos], indent=2))
    else:
        print(render(repos))
    return 0


def handle_set(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.repos import set_category
    from indexer.store import Store

    store = Store.open(settings.db_path, create=False)
    try:
        category = set_category(store, args.repo, args.category)
    finally:
        store.close()
    print(f"{args.repo}: {category}")
    return 0


def render(repos: list[RepoSummary]) -> str:
    if not repos:
        return "no repositories indexed (run `scout index` first)"
    width = max(len(r.name) for r in repos)
    lines = [f"{'repository':{width}}  {'commits':>7}  {'people':>6}  category"]
    lines += [f"{r.name:{width}}  {r.commits:>7}  {r.contributors:>6}  {r.category}" for r in repos]
    return "\n".join(lines)
