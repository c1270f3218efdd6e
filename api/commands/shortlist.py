"""`scout shortlist list|show|create|add|remove|delete|export`: named lists of people kept in the index.

A thin shell over search/shortlists.py, the core the API's /v1/shortlists routes use too; ID is anything
`scout profile` accepts (person id, p:id, gh:login, login or e-mail).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import ValidationError

from models.errors import ScoutError
from models.privacy import public_id
from models.settings import Settings
from models.workspace import NOTE_MAX, NewShortlist

if TYPE_CHECKING:
    from search.shortlists import Shortlists

DEFAULT_SERVER = "http://127.0.0.1:8000"


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "shortlist",
        help="keep named shortlists of people, with a note each; export them as CSV or JSON",
        description="Shortlists live in the index (the web page and /v1/shortlists see the same ones). "
        "ID is a person id, p:id, gh:login, login or email.",
    )
    sub = parser.add_subparsers(dest="action", required=True, metavar="ACTION")
    sub.add_parser("list", help="every shortlist and how many people it holds")
    for action, helptext in (("show", "the people on a shortlist"), ("create", "a new, empty shortlist")):
        sub.add_parser(action, help=helptext).add_argument("name", metavar="NAME")
    sub.add_parser("delete", help="delete a shortlist").add_argument("name", metavar="NAME")
    add = sub.add_parser("add", help="add a person to a shortlist, or change their note")
    add.add_argument("name", metavar="NAME")
    add.add_argument("id", metavar="ID")
    add.add_argument("--note", default="", help=f"why they are on it (at most {NOTE_MAX} characters)")
    remove = sub.add_parser("remove", help="take a person off a shortlist")
    remove.add_argument("name", metavar="NAME")
    remove.add_argument("id", metavar="ID")
    export = sub.add_parser("export", help="write a shortlist as CSV (default) or JSON")
    export.add_argument("name", metavar="NAME")
    kind = export.add_mutually_exclusive_group()
    kind.add_argument("--csv", dest="format", action="store_const", const="csv", help="CSV (the default)")
    kind.add_argument("--json", dest="format", action="store_const", const="json", help="JSON")
    export.add_argument("--output", "-o", type=Path, help="file to write (default: standard output)")
    parser.set_defaults(handler=handle, format="csv")


def handle(args: argparse.Namespace, settings: Settings) -> int:
    with _shortlists(settings) as lists:
        if args.action == "list":
            rows = lists.list()
            print(
                "\n".join(f"{s.name}\t{s.count} people\tupdated {s.updated_at:%Y-%m-%d %H:%M}" for s in rows)
                or "no shortlists yet: `scout shortlist create NAME`"
            )
        elif args.action == "show":
            shortlist = lists.show(args.name)
            print(f"{shortlist.name}: {len(shortlist.members)} people")
            for m in shortlist.members:
                note = f"  {m.note}" if m.note else ""
                print(f"  {_shown_id(m.id, settings)}\t{m.name}{note}")
        elif args.action == "create":
            lists.create(_valid_name(args.name))
            print(f"created shortlist {args.name.strip()!r}")
        elif args.action == "delete":
            lists.delete(args.name)
            print(f"deleted shortlist {args.name!r}")
        elif args.action == "add":
            if len(args.note) > NOTE_MAX:
                raise ScoutError(f"--note is {len(args.note)} characters; at most {NOTE_MAX}")
            member = lists.put(args.name, args.id, args.note)
            print(f"{_shown_id(member.id, settings)} ({member.name}) is on {args.name!r}")
        elif args.action == "remove":
            lists.remove(args.name, args.id)
            print(f"removed {args.id!r} from {args.name!r}")
        else:
            _export(lists, args, settings)
    return 0


def _export(lists: Shortlists, args: argparse.Namespace, settings: Settings) -> None:
    from api.local_server import running
    from search.shortlists import to_csv

    server = running(settings)
    base = (server.url if server else DEFAULT_SERVER).rstrip("/")
    export = lists.export(args.name, lambda pid: f"{base}/people/{pid}", settings.show_emails)
    text = to_csv(export) if args.format == "csv" else export.model_dump_json(indent=2) + "\n"
    if args.output is None:
        sys.stdout.write(text)
        return
    try:
        args.output.write_text(text, encoding="utf-8", newline="")
    except OSError as exc:
        raise ScoutError(f"cannot write {args.output}: {exc.strerror or exc}") from exc
    print(f"wrote {len(export.members)} people to {args.output}", file=sys.stderr)


@contextmanager
def _shortlists(settings: Settings) -> Iterator[Shortlists]:
    from indexer.store import Store
    from search.shortlists import Shortlists, StorePeople

    store = Store.open(settings.db_path, read_only=True)
    try:
        yield Shortlists(settings.db_path, StorePeople(store))
    finally:
        store.close()


def _valid_name(name: str) -> str:
    try:
        return NewShortlist(name=name).name
    except ValidationError as exc:
        raise ScoutError(
            f"shortlist name {name!r} is not valid: 1 to 80 characters, no '/' or control characters"
        ) from exc


def _shown_id(person_id: str, settings: Settings) -> str:
    return person_id if settings.show_emails else public_id(person_id)
