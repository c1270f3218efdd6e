"""One module per `scout` subcommand; each exposes `register(subparsers)`.

A command's handler takes (args, settings) and returns the exit code.
"""

from __future__ import annotations

import argparse
import sys


def add_progress_option(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help=f"progress bars on stderr while {what} (default: only when stderr is a terminal)",
    )


def wants_progress(args: argparse.Namespace) -> bool:
    """Bars only on a terminal unless asked: piped or redirected output stays clean for logs and scripts."""
    return bool(sys.stderr.isatty() if args.progress is None else args.progress)
