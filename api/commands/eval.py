"""`scout eval --profiles F --queries F [...]` and `scout eval --sample`: ranking quality beside baselines."""

from __future__ import annotations

import argparse
import json
import sys
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
        "for Scout and the baselines. --sample builds, indexes and evaluates the bundled sample corpus.",
    )
    parser.add_argument("--profiles", type=Path, help="labelled profiles, JSON lines (see DESIGN.md)")
    parser.add_argument("--queries", type=Path, help="labelled queries, JSON lines")
    parser.add_argument(
        "--sample",
        action="store_true",
        help="generate the sample corpus into <data-dir>/sample-corpus, index it if needed, evaluate on its labels",
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

    embedder = Embedder(settings)  # loaded once, shared by the sample's indexing and the search engine
    profiles, queries = _inputs(args, settings, embedder)
    if not 1 <= args.limit <= 100:
        raise ScoutError(f"--limit {args.limit} is out of range: use 1 to 100")
    for out in (args.json, args.report):
        if out is not None and not out.parent.exists():
            raise ScoutError(f"cannot write {out}: directory {out.parent} does not exist")

    from eval import baselines
    from eval.harness import SCOUT, evaluate
    from eval.report import markdown, terminal
    from indexer.store import Store
    from search.engine import SearchEngine

    engine = SearchEngine.open(settings, embedder)
    store = Store.open(settings.db_path, create=False)
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
        )
    finally:
        store.close()
        engine.close()

    print(terminal(report))
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
    if args.sample:
        if args.profiles is not None or args.queries is not None:
            raise ScoutError("give either --sample or --profiles and --queries, not both")
        from eval.sample import prepare_sample

        corpus = prepare_sample(settings, embedder=embedder, progress=wants_progress(args))
        return corpus.profiles, corpus.queries
    if args.profiles is None or args.queries is None:
        raise ScoutError("missing input: run `scout eval --profiles FILE --queries FILE` or `scout eval --sample`")
    for path in (args.profiles, args.queries):
        if not path.is_file():
            raise ScoutError(f"no such file: {path}")
    return args.profiles, args.queries
