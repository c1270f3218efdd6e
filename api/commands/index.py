"""`scout index PATH --name OWNER/REPO [--category C]` or `scout index --manifest repos.toml`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from api.commands import add_progress_option, wants_progress
from models.errors import ScoutError
from models.settings import Settings

if TYPE_CHECKING:
    from indexer.manifest import RepoSpec


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "index",
        help="index git repositories into the data directory",
        description="Index one repository (PATH --name OWNER/REPO) or every [[repo]] of a TOML manifest, then "
        "rebuild the profiles and vectors of the people it touched. Incremental: only commits not indexed yet "
        "are read; an interrupted run resumes.",
    )
    parser.add_argument("path", nargs="?", type=Path, help="a git clone or bare repository")
    parser.add_argument("--name", help="OWNER/REPO the repository is known as (e.g. huggingface/candle)")
    parser.add_argument("--category", help="catalog category of the repository (optional)")
    parser.add_argument("--manifest", type=Path, help="TOML file of [[repo]] tables: path, name, category (optional)")
    add_progress_option(parser, "reading commits and embedding")
    parser.add_argument(
        "--github",
        metavar="OWNER/REPO",
        help="also fetch the repository's pull requests and reviews from the GitHub API (needs GITHUB_TOKEN; "
        "see docs/GITHUB.md); alone, or with PATH (then --name defaults to OWNER/REPO)",
    )
    parser.add_argument("--since", metavar="DATE", help="with --github: only pull requests updated since DATE")
    parser.add_argument(
        "--rebuild",
        action="store_true",
        help="recompute every profile and write a fresh vector collection (after a model or scoring change)",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from indexer import github as gh
    from indexer.update import update

    github, since = gh.check_args(args.github, args.since, settings) if args.github else (None, None)
    if args.since and github is None:
        raise ScoutError("--since applies to --github: add --github OWNER/REPO")
    if github is not None and args.path is not None and args.name is None:
        args.name = github
    only_github = github is not None and args.path is None and args.manifest is None
    specs = [] if only_github or (args.rebuild and args.path is None and args.manifest is None) else _specs(args)
    update(settings, specs, github=github, since=since, rebuild=args.rebuild, progress=wants_progress(args))
    return 0


def _specs(args: argparse.Namespace) -> list[RepoSpec]:
    from indexer.manifest import RepoSpec, load_manifest
    from models.catalog import check_category

    if args.manifest is not None:
        if args.path is not None or args.name is not None:
            raise ScoutError("give either PATH --name OWNER/REPO or --manifest FILE, not both")
        return load_manifest(args.manifest)
    if args.path is None or args.name is None:
        raise ScoutError("missing input: run `scout index PATH --name OWNER/REPO` or `scout index --manifest FILE`")
    category = check_category(args.category) if args.category is not None else None
    return [RepoSpec(path=args.path, name=args.name, category=category)]
