"""`scout index PATH --name OWNER/REPO [--category C]` or `scout index --manifest repos.toml`."""

from __future__ import annotations

import argparse
import tomllib
from dataclasses import dataclass
from pathlib import Path

from indexer import github as gh
from indexer import identity
from indexer.git import git_dir_of
from indexer.pipeline import index_repo, validate_name
from indexer.store import Store
from models.errors import ScoutError
from models.settings import Settings


@dataclass(frozen=True)
class RepoSpec:
    path: Path
    name: str
    category: str | None = None


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "index",
        help="index git repositories into the data directory",
        description="Index one repository (PATH --name OWNER/REPO) or every [[repo]] of a TOML manifest. "
        "Incremental: only commits not indexed yet are read; an interrupted run resumes.",
    )
    parser.add_argument("path", nargs="?", type=Path, help="a git clone or bare repository")
    parser.add_argument("--name", help="OWNER/REPO the repository is known as (e.g. huggingface/candle)")
    parser.add_argument("--category", help="catalog category of the repository (optional)")
    parser.add_argument("--manifest", type=Path, help="TOML file of [[repo]] tables: path, name, category (optional)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    parser.add_argument(
        "--github",
        metavar="OWNER/REPO",
        help="also fetch the repository's pull requests and reviews from the GitHub API (needs GITHUB_TOKEN; "
        "see docs/GITHUB.md); alone, or with PATH (then --name defaults to OWNER/REPO)",
    )
    parser.add_argument("--since", metavar="DATE", help="with --github: only pull requests updated since DATE")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    github, since = gh.check_args(args.github, args.since, settings) if args.github else (None, None)
    if args.since and github is None:
        raise ScoutError("--since applies to --github: add --github OWNER/REPO")
    if github is not None and args.path is not None and args.name is None:
        args.name = github
    specs = [] if github is not None and args.path is None and args.manifest is None else _specs(args)
    for spec in specs:  # every input is checked before the index is opened, so bad input changes nothing
        validate_name(spec.name)
        git_dir_of(spec.path)
    store = Store.open(settings.db_path)
    try:
        for spec in specs:
            report = index_repo(store, spec.path, spec.name, settings, spec.category, progress=not args.no_progress)
            print(report.summary(), flush=True)
        if github is not None:  # after the clone, so PR text joins the commits indexed just now
            gh_report = gh.index_github(store, github, settings, since=since, progress=not args.no_progress)
            print(gh_report.summary(), flush=True)
        _after_index(store, settings)
    finally:
        store.close()
    return 0


def _after_index(store: Store, settings: Settings) -> set[str]:
    """What runs once the repos are in: identity resolution (the integrator extends this to profiles)."""
    return identity.resolve(store)


def _specs(args: argparse.Namespace) -> list[RepoSpec]:
    if args.manifest is not None:
        if args.path is not None or args.name is not None:
            raise ScoutError("give either PATH --name OWNER/REPO or --manifest FILE, not both")
        return load_manifest(args.manifest)
    if args.path is None or args.name is None:
        raise ScoutError("missing input: run `scout index PATH --name OWNER/REPO` or `scout index --manifest FILE`")
    return [RepoSpec(path=args.path, name=args.name, category=args.category)]


def load_manifest(path: Path) -> list[RepoSpec]:
    """[[repo]] tables with path (relative to the manifest), name and an optional category."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScoutError(f"cannot read manifest {path}: {exc.strerror or exc}") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ScoutError(f"manifest {path} is not valid TOML: {exc}") from exc
    entries = data.get("repo")
    if not isinstance(entries, list) or not entries or not all(isinstance(e, dict) for e in entries):
        raise ScoutError(f'manifest {path} has no [[repo]] entries: add [[repo]] tables with path = "..." name = "..."')
    specs: list[RepoSpec] = []
    seen: set[str] = set()
    for number, entry in enumerate(entries, 1):
        where = f"manifest {path}, [[repo]] #{number}"
        unknown = sorted(set(entry) - {"path", "name", "category"})
        if unknown:
            raise ScoutError(f"{where}: unknown key {unknown[0]!r} (allowed: path, name, category)")
        for key in ("path", "name"):
            if not isinstance(entry.get(key), str) or not entry[key].strip():
                raise ScoutError(f"{where}: missing or empty {key!r} (a string)")
        category = entry.get("category")
        if category is not None and not isinstance(category, str):
            raise ScoutError(f"{where}: category must be a string")
        name = entry["name"].strip()
        try:
            validate_name(name)
        except ScoutError as exc:
            raise ScoutError(f"{where}: {exc}") from exc
        if name in seen:
            raise ScoutError(f"{where}: {name} is listed twice")
        seen.add(name)
        repo_path = Path(entry["path"]).expanduser()
        if not repo_path.is_absolute():
            repo_path = path.parent / repo_path
        try:
            git_dir_of(repo_path)
        except ScoutError as exc:
            raise ScoutError(f"{where} ({name}): {exc}") from exc
        specs.append(RepoSpec(path=repo_path, name=name, category=category))
    return specs
