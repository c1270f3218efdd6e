"""`scout search "TEXT" [--limit N] [--offset N] [--json]`: the API's search, through `scout serve` when it runs."""

from __future__ import annotations

import argparse
import json
import shutil
import sys
from typing import TYPE_CHECKING, Any

from models.errors import ScoutError
from models.settings import Settings

if TYPE_CHECKING:
    from models.records import SearchRequest, SearchResult

NAME_WIDTH = 24
MIN_WHY_WIDTH = 30
SERVER_TIMEOUT_S = 60.0  # a search the server has to queue behind others still answers


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

    from api.local_server import running
    from models.records import SearchRequest

    try:
        request = SearchRequest(query=args.text, limit=args.limit, offset=args.offset)
    except ValidationError as exc:
        reasons = "; ".join(str(e["msg"]).removeprefix("Value error, ") for e in exc.errors())
        raise ScoutError(f"bad search: {reasons}") from exc
    server = running(settings)
    payload = _ask_server(server.url, request, settings) if server is not None else None
    if payload is None:
        payload = _search_here(request, settings)
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        from models.records import SearchResult

        # Piped output keeps whole lines: the why is meant to be pasted.
        width = shutil.get_terminal_size((120, 20)).columns if sys.stdout.isatty() else 10_000
        print(render(SearchResult.model_validate(payload), width))
    return 0


def _ask_server(url: str, request: SearchRequest, settings: Settings) -> dict[str, Any] | None:
    """The answer of the `scout serve` on this data directory; None when it cannot be reached."""
    import httpx

    headers = {"Authorization": f"Bearer {settings.api_keys[0]}"} if settings.api_keys else {}
    try:
        response = httpx.post(
            f"{url}/v1/search", json=request.model_dump(mode="json"), headers=headers, timeout=SERVER_TIMEOUT_S
        )
    except httpx.TransportError:
        return None
    if response.is_success:
        return response.json()
    try:
        detail = response.json().get("detail") or response.reason_phrase
    except ValueError:
        detail = response.reason_phrase
    raise ScoutError(
        f"the server at {url} (`scout serve` on this data directory) answered {response.status_code}: {detail}"
    )


def _search_here(request: SearchRequest, settings: Settings) -> dict[str, Any]:
    from api.deps import search_payload
    from search.engine import SearchEngine

    print(
        "scout: loading the model and the index for this one search (a few seconds; "
        "while `scout serve` runs on this data directory, searches go through it)",
        file=sys.stderr,
    )
    engine = SearchEngine.open(settings)
    try:
        return search_payload(engine.search(request), settings)
    finally:
        engine.close()


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
    # Ids whole, so they paste into `scout profile ID`; names and the why give way to the terminal width.
    iw = max(len(m.id) for m in result.matches)
    nw = min(NAME_WIDTH, max(len(m.name) for m in result.matches), max(8, width - iw - 16 - MIN_WHY_WIDTH))
    lines.append(f"{'#':>3}  {'id':<{iw}}  {'score':>5}  {'name':<{nw}}  why")
    why_width = max(MIN_WHY_WIDTH, width - iw - nw - 16)
    for m in result.matches:
        name = m.name if len(m.name) <= nw else m.name[: nw - 1] + "…"
        why = m.why if len(m.why) <= why_width else m.why[: why_width - 1] + "…"
        lines.append(f"{m.rank:>3}  {m.id:<{iw}}  {m.score:5.3f}  {name:<{nw}}  {why}")
    lines.append(f"{result.total} matching in all")
    return "\n".join(lines)
