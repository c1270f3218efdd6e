"""`scout bench NAME [ARGS...]`: run the benchmark script bench/NAME.py (a dispatcher, nothing more).

Each script under bench/ owns its arguments and prints its figures beside their baselines; see
BENCHMARKS.md for the commands that produced the published numbers.
"""

from __future__ import annotations

import argparse
import runpy
import sys
from pathlib import Path

from models.errors import ScoutError
from models.settings import Settings

BENCH_DIR = Path(__file__).resolve().parents[2] / "bench"
ALIASES = {"git": "git_stage"}


def register(subparsers: argparse._SubParsersAction) -> None:
    available = sorted(p.stem for p in BENCH_DIR.glob("*.py")) if BENCH_DIR.is_dir() else []
    parser = subparsers.add_parser(
        "bench",
        help="run a benchmark script from bench/",
        description=f"Run bench/NAME.py with ARGS. Available: {', '.join(available) or 'none'}"
        f" (aliases: {', '.join(f'{k}={v}' for k, v in ALIASES.items())}).",
    )
    parser.add_argument("name", metavar="NAME", help="benchmark script name (bench/NAME.py)")
    parser.add_argument("args", nargs=argparse.REMAINDER, help="arguments for the script (try: NAME --help)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace, settings: Settings) -> int:
    name = ALIASES.get(args.name, args.name)
    script = BENCH_DIR / f"{name}.py"
    if not name.replace("_", "").isalnum() or not script.is_file():
        raise ScoutError(f"no benchmark {args.name!r}: expected {script} (scripts live in bench/ of a source checkout)")
    saved = sys.argv
    sys.argv = [str(script), *args.args]
    try:
        runpy.run_path(str(script), run_name="__main__")
    except SystemExit as exc:
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)  # what Python prints for an uncaught SystemExit("...")
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    finally:
        sys.argv = saved
    return 0
