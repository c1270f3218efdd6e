"""`scout people merges|merge|split|suppress|unsuppress|forget|export|import`: who is who, corrected by hand.

Every change is recorded in the index and applied on every refresh and re-index; the command refreshes
profiles and vectors at once so search, profiles and the map agree with it.
"""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from models.errors import ScoutError
from models.settings import Settings

if TYPE_CHECKING:
    from indexer import people
    from indexer.store import Store


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "people",
        help="review identity merges, merge or split people, suppress or forget a person",
        description="Review the joins name rules made, correct them by hand, and honour opt-out requests. "
        "ID is a person id, gh:login, login or email.",
    )
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    merges = sub.add_parser("merges", help="joins made by name rules (weaker than a login or .mailmap), newest first")
    merges.add_argument("--top", type=int, default=50, help="how many to list (0: all; default 50)")
    merges.add_argument("--json", action="store_true", help="print a JSON array")
    merge = sub.add_parser("merge", help="make two people one")
    merge.add_argument("a", metavar="A")
    merge.add_argument("b", metavar="B")
    split = sub.add_parser("split", help="take addresses out of a person into a person of their own")
    split.add_argument("id", metavar="ID")
    split.add_argument("emails", metavar="EMAIL", nargs="+")
    suppress = sub.add_parser("suppress", help="leave a person out of search, profiles, the map and the API")
    suppress.add_argument("id", metavar="ID")
    suppress.add_argument("--reason", default="", help="why (kept with the suppression)")
    unsuppress = sub.add_parser("unsuppress", help="undo `suppress` (ID: an email or gh:login of theirs)")
    unsuppress.add_argument("id", metavar="ID")
    forget = sub.add_parser("forget", help="delete what Scout stored about a person; they stay suppressed")
    forget.add_argument("id", metavar="ID")
    forget.add_argument("--reason", default="", help="why (kept with the suppression)")
    export = sub.add_parser("export", help="write the hand decisions as identities.toml")
    export.add_argument("file", type=Path, nargs="?", help="where to write (default: standard output)")
    imp = sub.add_parser("import", help="replace the hand decisions with an identities.toml's")
    imp.add_argument("file", type=Path)
    for p in (merge, split, suppress, unsuppress, forget, imp):
        p.add_argument("--no-refresh", action="store_true", help="record only; the next `scout index` applies it")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    from indexer.store import Store
    from indexer.update import update

    store = Store.open(settings.db_path, create=False)
    try:
        message = _act(args, store)
    finally:
        store.close()
    if message is None:
        return 0
    if not getattr(args, "no_refresh", True):
        update(settings, [], progress=False, echo=lambda _: None)
    print(message)
    return 0


def _act(args: argparse.Namespace, store: Store) -> str | None:
    from indexer import people

    now = datetime.now(UTC).isoformat(timespec="seconds")
    match args.action:
        case "merges":
            print(_render_merges(people.name_merges(store), args.top, args.json))
            return None
        case "merge":
            a, b = people.merge(store, args.a, args.b, now)
            return f"merged {a} and {b}"
        case "split":
            pid = people.split(store, args.id, args.emails, now)
            return f"split {len(args.emails)} address(es) out of {pid}"
        case "suppress":
            return f"suppressed {people.suppress(store, args.id, args.reason, now)}"
        case "unsuppress":
            people.unsuppress(store, args.id)
            return f"unsuppressed {args.id}"
        case "forget":
            people.suppress(store, args.id, args.reason, now, forgotten=True)
            return f"forgot {args.id}: their changes are anonymous and they stay suppressed"
        case "export":
            text = people.export_toml(store)
            if args.file is None:
                print(text)
                return None
            _write(args.file, text)
            return f"wrote {args.file}"
        case "import":
            try:
                text = args.file.read_text(encoding="utf-8")
            except OSError as exc:
                raise ScoutError(f"cannot read {args.file}: {exc.strerror}") from exc
            return f"imported {people.import_toml(store, text, str(args.file))} decision(s) from {args.file}"
    raise ScoutError(f"unknown people action {args.action!r}")


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ScoutError(f"cannot write {path}: {exc.strerror}") from exc


def _render_merges(merges: list[people.NameMerge], top: int, as_json: bool) -> str:
    if top > 0:
        merges = merges[:top]
    if as_json:
        return json.dumps([asdict(m) for m in merges], indent=2)
    if not merges:
        return "no joins made by name rules"
    lines = []
    for m in merges:
        lines.append(f"{m.last_date or '?':10}  {m.person_id}  ({m.rule})")
        for side in (m.a, m.b):
            lines.append("    " + "; ".join(f"{s.name} <{s.email}> {s.commits}" for s in side))
    return "\n".join(lines)
