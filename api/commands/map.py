"""`scout map [--quarter 2026Q2] [--json] [--markdown OUT.md] [--html OUT.html] [--category C [--people]]`."""

from __future__ import annotations

import argparse
from pathlib import Path

from models.errors import ScoutError
from models.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "map",
        help="the quarterly talent map: categories, QoQ movement, churn, engagement, overlaps, movers",
        description="The quarterly talent map of the index (definitions: docs/TALENT_MAP.md). Default quarter: "
        "the last complete one in the index, compared with the one before.",
    )
    parser.add_argument("--quarter", metavar="YYYYQn", help="the quarter to map, e.g. 2026Q2")
    parser.add_argument("--category", metavar="C", help="only this category (see `scout repos`)")
    parser.add_argument("--people", action="store_true", help="with --category: the people behind the numbers")
    parser.add_argument("--json", action="store_true", help="print the map as JSON")
    parser.add_argument("--markdown", type=Path, metavar="OUT.md", help="also write a Markdown report")
    parser.add_argument("--html", type=Path, metavar="OUT.html", help="also write a self-contained HTML page")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.store import Store
    from talent.map import build_map
    from talent.render import render_markdown, render_text

    if args.people and not args.category:
        raise ScoutError('--people needs --category: e.g. --category "GPU Kernels & Performance" --people')
    store = Store.open(settings.db_path, read_only=True)
    try:
        talent = build_map(store, args.quarter, category=args.category)
    finally:
        store.close()
    if args.markdown is not None:
        _write(args.markdown, render_markdown(talent))
    if args.html is not None:
        from talent.html import render_html

        _write(args.html, render_html(talent))
    print(talent.model_dump_json(indent=2) if args.json else render_text(talent, people=args.people))
    return 0


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ScoutError(f"cannot write {path}: {exc.strerror or exc}") from exc
