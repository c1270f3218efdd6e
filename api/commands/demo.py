"""`scout demo [--serve]`: the sample corpus, indexed, a few recruiter sentences answered, then the API."""

from __future__ import annotations

import argparse
import json

from api.commands import add_progress_option, wants_progress
from api.commands.serve import add_listen_options, listen, run_server
from models.errors import ScoutError
from models.settings import Settings

SHOWN_QUERIES = 4


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="build and index the sample corpus, answer a few recruiter sentences, optionally serve the API",
        description="Generate the sample corpus into <data-dir>/sample-corpus, index it (incrementally), print "
        "the answers to a few of its labelled recruiter sentences, and with --serve serve the JSON API.",
    )
    parser.add_argument("--serve", action="store_true", help="serve the API after printing the answers")
    add_listen_options(parser, prefix="with --serve: ")
    parser.add_argument("--limit", type=int, default=5, help="matches shown per sentence (default 5)")
    add_progress_option(parser, "indexing")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    if not 1 <= args.limit <= 100:
        raise ScoutError(f"--limit {args.limit} is out of range: use 1 to 100")
    # The port first: a taken one must fail now, not after indexing the corpus.
    sock = listen(args.host, args.port) if args.serve else None
    from api.commands.search import render
    from eval.sample import prepare_sample
    from indexer.embedding import Embedder
    from models.records import SearchRequest
    from search.engine import SearchEngine

    embedder = Embedder(settings)
    corpus = prepare_sample(settings, embedder=embedder, progress=wants_progress(args))
    with corpus.queries.open(encoding="utf-8") as lines:
        sentences = [json.loads(line)["text"] for line in lines if line.strip()][:SHOWN_QUERIES]
    engine = SearchEngine.open(settings, embedder)
    try:
        for sentence in sentences:
            print(f'\n» "{sentence}"')
            print(render(engine.search(SearchRequest(query=sentence, limit=args.limit))))
    finally:
        if sock is None:
            engine.close()
    if sock is None:
        print(f'\nTry: scout --data-dir {settings.data_dir} search "..."   or   scout demo --serve')
        return 0
    return run_server(settings, sock, engine_factory=lambda _settings: engine)
