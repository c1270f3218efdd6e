"""`scout eval --profiles F --queries F`, `--sample` and `--real`: ranking quality beside baselines.

The file formats, the real-repository set and its dev/test split are described in docs/EVALUATION.md."""

from __future__ import annotations

import argparse
import json
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from api.commands import add_progress_option, wants_progress
from models.errors import ScoutError
from models.settings import Settings

if TYPE_CHECKING:
    from indexer.embedding import Embedder

SAMPLE_MIN_NDCG = 0.9


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "eval",
        help="score the ranking against labelled profiles, beside bm25, dense and popularity baselines",
        description="Run every labelled query through the same code path as POST /v1/search on the current "
        "index, judge the results against labelled profiles and print nDCG@10, P@10, MRR, MAP and Recall@50 "
        "for Scout and the baselines. --sample builds, indexes and evaluates the bundled sample corpus; --real "
        "indexes the real repositories of eval/real/repos.toml and evaluates the labels in eval/real/. "
        "File formats, tags and the dev/test split: docs/EVALUATION.md.",
    )
    parser.add_argument("--profiles", type=Path, help="labelled profiles, JSON lines (format: docs/EVALUATION.md)")
    parser.add_argument("--queries", type=Path, help="labelled queries, JSON lines (format: docs/EVALUATION.md)")
    parser.add_argument(
        "--sample",
        action="store_true",
        help="generate the sample corpus into <data-dir>/sample-corpus, index it if needed, evaluate on its labels",
    )
    parser.add_argument(
        "--real",
        action="store_true",
        help="index the repositories of eval/real/repos.toml found under --repos-dir (skipped when already indexed "
        "at their HEAD) and evaluate on eval/real/'s labels",
    )
    parser.add_argument(
        "--repos-dir",
        type=Path,
        metavar="DIR",
        help="where --real looks for each repository, as <owner>+<name>/repo or <name>; env SCOUT_REAL_REPOS",
    )
    parser.add_argument(
        "--split",
        choices=("dev", "test", "all"),
        default="all",
        help="which half of the queries to run (queries carry a dev or test split; default all, "
        "printed per split when there are splits)",
    )
    parser.add_argument("--limit", type=int, default=50, help="results per query (1-100, default 50)")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the scores as JSON")
    parser.add_argument("--report", type=Path, metavar="OUT.md", help="write a Markdown report")
    parser.add_argument(
        "--unjudged-as-irrelevant",
        action="store_true",
        help="count results that match no labelled person as irrelevant instead of dropping them",
    )
    parser.add_argument(
        "--min-ndcg",
        type=float,
        default=None,
        help=f"exit 1 when Scout's mean nDCG@10 is below this or below any baseline "
        f"(default {SAMPLE_MIN_NDCG} with --sample, no check otherwise)",
    )
    add_progress_option(parser, "indexing the sample")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.embedding import Embedder

    if not 1 <= args.limit <= 100:
        raise ScoutError(f"--limit {args.limit} is out of range: use 1 to 100")
    for out in (args.json, args.report):
        if out is not None and not out.parent.exists():
            raise ScoutError(f"cannot write {out}: directory {out.parent} does not exist")
    embedder = Embedder(settings)  # loaded once, shared by the indexing of --sample/--real and the search engine
    profiles, queries = _inputs(args, settings, embedder)

    from eval import baselines
    from eval.harness import SCOUT, evaluate
    from eval.report import markdown, terminal
    from indexer.store import Store
    from search.engine import SearchEngine

    engine = SearchEngine.open(settings, embedder)
    store = Store.open(settings.db_path, read_only=True)
    try:
        if engine.embedder is None:
            raise ScoutError("the search engine has no embedding model: the dense baseline needs one")
        report = evaluate(
            engine,
            profiles,
            queries,
            limit=args.limit,
            unjudged_as_irrelevant=args.unjudged_as_irrelevant,
            baselines=baselines.build(store, engine.embedder),
            split=None if args.split == "all" else args.split,
        )
    finally:
        store.close()
        engine.close()

    parts = [(s, report.subset(s)) for s in report.splits] if len(report.splits) > 1 else [("", report)]
    print("\n\n".join((f"== {name} split ==\n" if name else "") + terminal(part) for name, part in parts))
    if args.json is not None:
        args.json.write_text(json.dumps(report.to_json(), indent=2) + "\n")
        print(f"\nwrote {args.json}")
    if args.report is not None:
        args.report.write_text(markdown(report))
        print(f"wrote {args.report}")

    floor = args.min_ndcg if args.min_ndcg is not None else (SAMPLE_MIN_NDCG if args.sample else None)
    if floor is None:
        return 0
    ours = report.systems[SCOUT].mean["ndcg@10"]
    failures = [f"below the floor {floor:.2f}"] if ours < floor else []
    failures += [
        f"below {name} ({s.mean['ndcg@10']:.3f})"
        for name, s in report.systems.items()
        if name != SCOUT and ours < s.mean["ndcg@10"]
    ]
    if failures:
        print(f"scout eval: FAILED: Scout's mean nDCG@10 {ours:.3f} is " + "; ".join(failures), file=sys.stderr)
        return 1
    return 0


def _inputs(args: argparse.Namespace, settings: Settings, embedder: Embedder) -> tuple[Path, Path]:
    if args.sample + args.real + (args.profiles is not None or args.queries is not None) > 1:
        raise ScoutError("give one of --sample, --real, or --profiles and --queries")
    if args.repos_dir is not None and not args.real:
        raise ScoutError("--repos-dir only goes with --real")
    if args.real:
        return _real_inputs(args, settings, embedder)
    if args.sample:
        from eval.sample import prepare_sample

        corpus = prepare_sample(settings, embedder=embedder, progress=wants_progress(args))
        return corpus.profiles, corpus.queries
    if args.profiles is None or args.queries is None:
        raise ScoutError(
            "missing input: run `scout eval --profiles FILE --queries FILE`, `scout eval --sample` "
            "or `scout eval --real`"
        )
    for path in (args.profiles, args.queries):
        if not path.is_file():
            raise ScoutError(f"no such file: {path}")
    return args.profiles, args.queries


def _real_inputs(args: argparse.Namespace, settings: Settings, embedder: Embedder) -> tuple[Path, Path]:
    """Finds every repository of the real set (or fails at once, naming the missing), indexes them, checks splits."""
    from eval import realset
    from eval.judging import load_queries
    from indexer.update import update

    repos_dir = args.repos_dir or settings.real_repos_dir
    if repos_dir is None:
        raise ScoutError("--real needs the repositories: give --repos-dir DIR or set SCOUT_REAL_REPOS")
    repos = realset.load_repos()
    specs = realset.locate(repos, repos_dir.expanduser())
    realset.check_splits(load_queries(realset.QUERIES))
    echo = partial(print, file=sys.stderr, flush=True)
    for note in realset.moved_on(repos, specs):
        echo(f"note: {note}; labels may lag behind the repository")
    update(settings, specs, embedder=embedder, progress=wants_progress(args), echo=echo)
    return realset.PROFILES, realset.QUERIES
