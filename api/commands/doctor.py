"""`scout doctor [--repair]`: check the index database and find (or delete) rows no correct run leaves."""

from __future__ import annotations

import argparse

from indexer.lock import writer_lock
from indexer.store import RECOVER, Store
from models.settings import Settings


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doctor",
        help="check the index for damage, doubled and orphaned rows",
        description="SQLite's integrity check of scout.db, then doubled signals and rows whose change is gone. "
        "Exit 0 when all is well, 1 when something was found. --repair deletes the extra rows.",
    )
    parser.add_argument("--repair", action="store_true", help="delete doubled and orphaned rows")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    store = Store.open(settings.db_path, read_only=True)
    try:
        problems = store.integrity_problems(quick=False)
        if problems:
            print(f"{settings.db_path}: damaged ({len(problems)} problems, first: {problems[0]}): {RECOVER}")
            return 1
        print(f"{settings.db_path}: integrity ok")
        found = _findings(store)
    finally:
        store.close()
    if not found:
        print("no duplicated or orphaned rows")
        return 0
    print("found: " + "; ".join(found))
    if not args.repair:
        print("run `scout doctor --repair` to delete them, then `scout index --rebuild` to rebuild the profiles")
        return 1
    with writer_lock(settings.data_dir):
        store = Store.open(settings.db_path, create=False)
        try:
            deleted = store.repair_rows()
        finally:
            store.close()
    print(f"repaired: {deleted} rows deleted; run `scout index --rebuild` to rebuild the profiles from what is left")
    return 0


def _findings(store: Store) -> list[str]:
    found: list[str] = []
    doubled = store.duplicate_signal_count()
    if doubled:
        found.append(f"{doubled} duplicated signal rows")
    orphans = sum(store.orphan_counts().values())
    if orphans:
        found.append(f"{orphans} orphaned row{'s' if orphans != 1 else ''} (their change is gone)")
    return found
