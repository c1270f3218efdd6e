"""`scout search "TEXT" [--limit N] [--offset N] [--json]`: the API's search, in-process."""

from __future__ import annotations

import argparse
import json
import shutil
import sys

from api.app import search_payload
from models.errors import ScoutError
from models.records import SearchRequest, SearchResult
from models.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "search",
        help="rank contributors for a recruiter sentence",
        description='Rank contributors for a sentence such as "Rust engineers on candle with quantization experience".',
    )
    parser.add_argument("text", metavar="TEXT", help="what you are looking for, in plain words")
    parser.add_argument("--limit", type=int, default=10, help="how many matches (1-100, default 10)")
    parser.add_argument("--offset", type=int, default=0, help="skip this many matches (paging)")
    parser.add_argument("--json", action="store_true", help="print exactly the JSON of POST /v1/search")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from pydantic import ValidationError

    from search.engine import SearchEngine

    try:
        request = SearchRequest(query=args.text, limit=args.limit, offset=args.offset)
    except ValidationError as exc:
        reasons = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        raise ScoutError(f"bad search: {reasons}") from exc
    engine = SearchEngine.open(settings)
    try:
        result = engine.search(request)
    finally:
        engine.close()
    if args.json:
        print(json.dumps(search_payload(result, settings), indent=2, ensure_ascii=False))
    else:
        # Piped output keeps whole lines: the why is meant to be pasted.
        width = shutil.get_terminal_size((120, 20)).columns if sys.stdout.isatty() else 10_000
        print(render(result, width))
    return 0


def render(result: SearchResult, width: int = 120) -> str:
    i = result.interpretation
    understood = [
        f"languages={','.join(i.languages)}" if i.languages else "",
        f"repos={','.join(i.repos)}" if i.repos else "",
        f"skills={','.join(i.skills)}" if i.skills else "",
        f"active_since={i.active_since}" if i.active_since else "",
        f"seniority={i.seniority}" if i.seniority else "",
        f"excluding={','.join(i.exclusions)}" if i.exclusions else "",
    ]
    lines = ["understood: " + (" ".join(u for u in understood if u) or "(free text only)")]
    lines.extend(f"  note: {n}" for n in i.notes)
    if not result.matches:
        lines.append("no matches")
        return "\n".join(lines)
    people = [f"{m.name} ({m.login or m.id})" for m in result.matches]
    pw = min(36, max(len(p) for p in people))
    lines.append(f"{'#':>3}  {'person':<{pw}}  {'score':>5}  why")
    why_width = max(30, width - pw - 16)
    for m, person in zip(result.matches, people, strict=True):
        why = m.why if len(m.why) <= why_width else m.why[: why_width - 1] + "…"
        lines.append(f"{m.rank:>3}  {person[:pw]:<{pw}}  {m.score:5.3f}  {why}")
    lines.append(f"{result.total} matching in all")
    return "\n".join(lines)
