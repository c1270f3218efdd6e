"""The `scout` command line. Each subcommand lives in api/commands/<name>.py."""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from indexer.store import RECOVER, first_line
from models.errors import ScoutError
from models.settings import Settings

COMMANDS = (
    "demo",
    "index",
    "contributors",
    "repos",
    "map",
    "profile",
    "search",
    "serve",
    "eval",
    "signals_check",
    "doctor",
    "bench",
)

Handler = Callable[[argparse.Namespace, Settings], int]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scout", description="Find ML systems engineers from their real code.")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="index directory (SQLite + embedded Qdrant); env SCOUT_DATA_DIR; default ./scout-data",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"api.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name == f"api.commands.{name}":
                continue  # command not built yet
            raise
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    parser = build_parser()
    args = parser.parse_args(argv)
    settings = Settings.from_env(data_dir=args.data_dir)
    handler: Handler = args.handler
    try:
        return handler(args, settings)
    except ScoutError as exc:
        print(f"scout: error: {exc}", file=sys.stderr)
        return 2
    except sqlite3.DatabaseError as exc:  # damage that only shows when a damaged page is read
        print(f"scout: error: {settings.db_path} is damaged ({first_line(exc)}): {RECOVER}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("scout: interrupted; what was committed is kept, run the command again to resume", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
