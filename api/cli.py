"""The `scout` command line. Each subcommand lives in api/commands/<name>.py."""

from __future__ import annotations

import argparse
import importlib
import os
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import NoReturn

from indexer.store import RECOVER, first_line
from models.errors import ScoutError
from models.settings import Settings

COMMANDS = (
    "demo",
    "index",
    "contributors",
    "people",
    "repos",
    "map",
    "profile",
    "shortlist",
    "search",
    "serve",
    "eval",
    "signals_check",
    "doctor",
    "bench",
)

Handler = Callable[[argparse.Namespace, Settings], int]
EXIT_BROKEN_PIPE = 141  # what a shell reports for a writer ended by SIGPIPE (`scout ... | head`)


class Parser(argparse.ArgumentParser):
    """argparse with the one-line error every `scout` failure uses (subcommand parsers inherit it)."""

    def error(self, message: str) -> NoReturn:
        command = self.prog.removeprefix("scout").strip()
        where = f"{command}: " if command else ""
        self.exit(2, f"scout: error: {where}{message} (see `{self.prog} --help`)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="scout", description="Find ML systems engineers from their real code.")
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
    try:
        settings = Settings.from_env(data_dir=args.data_dir)
    except ScoutError as exc:  # a bad SCOUT_* variable: before any command runs
        print(f"scout: error: {exc}", file=sys.stderr)
        return 2
    handler: Handler = args.handler
    try:
        code = handler(args, settings)
        sys.stdout.flush()  # here, not at exit, so a reader that went away is handled below
        return code
    except BrokenPipeError:
        # The reader closed early (`| head`): not an error of ours; stop writing, quietly.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
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
