"""CLI start-up: wall time and peak memory of `scout --help`, each subcommand's `--help` and `scout search`.

    scout bench cli_startup --data-dir DIR [--baseline OLD_CHECKOUT] [--runs 3] [--port 8766]

Every figure is a fresh interpreter running the CLI, the best of RUNS (the machine is shared; the best
run is the cleanest). `--baseline` names another Scout source tree (e.g. `git archive <commit>` of an
older version) whose CLI is timed the same way in the same run, row by row, beside this one. `scout
search` is timed twice for this tree: with no server (it loads the model and the index itself) and
through a `scout serve` started on the same data directory (the baseline has no such path: it always
loads). DIR must hold an index (e.g. the one `scout demo` builds).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

HERE = Path(__file__).resolve().parents[1]
COMMANDS = ("demo", "index", "contributors", "profile", "search", "serve", "eval", "signals-check", "bench")
QUERY = "NEON ARM kernels"


def run_cli(tree: Path, argv: list[str]) -> tuple[float, int, int]:
    """(seconds, peak RSS in MB, exit code) of one `scout ARGV` in a fresh interpreter on `tree`'s code."""
    code = "import sys; from api.cli import main; sys.exit(main())"
    env = {**os.environ, "PYTHONPATH": str(tree)}
    start = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", code, *argv], cwd=tree, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )  # cwd too: `python -c` puts the working directory first on the path
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    return seconds, int(usage.ru_maxrss / 1024), os.waitstatus_to_exitcode(status)


def best(tree: Path, argv: list[str], runs: int) -> tuple[float, int]:
    results = [run_cli(tree, argv) for _ in range(runs)]
    failed = [r for r in results if r[2] != 0]
    if failed:
        raise SystemExit(f"scout {' '.join(argv)} on {tree} exited {failed[0][2]}")
    return min(r[0] for r in results), max(r[1] for r in results)


def serving(data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    code = "import sys; from api.cli import main; sys.exit(main())"
    env = {**os.environ, "PYTHONPATH": str(HERE)}
    argv = ["--data-dir", str(data_dir), "serve", "--port", str(port)]
    server = subprocess.Popen(
        [sys.executable, "-c", code, *argv], cwd=HERE, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=5).status_code == 200:
                return server
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("scout serve did not become ready")


def row(what: str, ours: tuple[float, int], base: tuple[float, int] | None) -> str:
    mine = f"{ours[0]:.2f} s, {ours[1]} MB"
    if base is None:
        return f"| {what} | {mine} | – |"
    return f"| {what} | {mine} | {base[0]:.2f} s, {base[1]} MB ({base[0] / ours[0]:.1f}x) |"


def main() -> int:
    ap = argparse.ArgumentParser(prog="scout bench cli_startup", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True, help="an index to search (e.g. the demo's)")
    ap.add_argument("--baseline", type=Path, help="another Scout source tree to time beside this one")
    ap.add_argument("--runs", type=int, default=3, help="runs per figure; the best is reported (default 3)")
    ap.add_argument("--port", type=int, default=8766, help="port for the `scout serve` it starts (default 8766)")
    args = ap.parse_args()
    search = ["--data-dir", str(args.data_dir), "search", QUERY, "--limit", "5"]
    print(f"best of {args.runs} fresh interpreters; baseline tree: {args.baseline or 'none'}")
    print("| command | this tree | baseline |\n| --- | --- | --- |")
    for argv in (["--help"], *([c, "--help"] for c in COMMANDS)):
        base = best(args.baseline, argv, args.runs) if args.baseline else None
        print(row(f"`scout {' '.join(argv)}`", best(HERE, argv, args.runs), base), flush=True)
    base = best(args.baseline, search, args.runs) if args.baseline else None
    print(row(f'`scout search "{QUERY}"`, no server', best(HERE, search, args.runs), base), flush=True)
    server = serving(args.data_dir, args.port)
    try:
        print(row(f'`scout search "{QUERY}"`, `scout serve` up', best(HERE, search, args.runs), base))
    finally:
        server.terminate()
        server.wait(timeout=30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
