"""The `scout` command line as a user meets it: help, start-up, errors, pipes."""

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("torch", "sentence_transformers", "qdrant_client", "fastapi", "uvicorn", "numpy", "tree_sitter", "httpx")


def scout(*argv: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `scout ARGV` as a user would: a fresh interpreter, this checkout first on the path."""
    code = "import sys; from api.cli import main; sys.exit(main())"
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), **(env or {})}
    return subprocess.run(
        [sys.executable, "-c", code, *argv], capture_output=True, text=True, cwd=cwd or ROOT, env=full_env, timeout=120
    )


def test_help_imports_no_heavy_module() -> None:
    """`scout --help` must not pay for the model, Qdrant or the web stack (seconds of imports)."""
    probe = "import sys; from api.cli import build_parser; build_parser(); print(' '.join(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT)}
    )
    loaded = set(out.stdout.split())
    assert out.returncode == 0, out.stderr
    assert not loaded & set(HEAVY)


COMMANDS = (
    "demo", "index", "contributors", "profile", "search", "serve", "eval", "signals-check", "bench", "map", "repos",
    "people", "doctor", "shortlist",
)  # fmt: skip
# One bad argument per command: each must be refused before anything heavy loads.
BAD = {
    "demo": ["demo", "--limit", "0"],
    "index": ["index", "no/such/clone", "--name", "acme/k"],
    "contributors": ["contributors", "--top", "many"],
    "profile": ["profile", "nobody@example.com"],
    "search": ["search", "rust", "--limit", "0"],
    "serve": ["serve", "--port", "http"],
    "eval": ["eval", "--profiles", "no-such.jsonl", "--queries", "no-such.jsonl"],
    "signals-check": ["signals-check", "--verbose=yes"],
    "bench": ["bench", "no_such_benchmark"],
    "map": ["map", "--quarter", "2026Q9"],
    "repos": ["repos", "set-category", "acme/k", "Not A Category"],
    "people": ["people", "frobnicate"],
    "doctor": ["doctor", "--repair=yes"],
    "shortlist": ["shortlist", "frobnicate"],
}


def test_every_command_has_a_bad_argument_case() -> None:
    from api.cli import build_parser

    parser = build_parser()
    registered = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    assert set(registered) == set(COMMANDS) == set(BAD)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_prints_usage_and_exits_0(command: str | None, tmp_path: Path) -> None:
    done = scout(*([command] if command else []), "--help", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.startswith("usage: scout") and not done.stderr


@pytest.mark.parametrize("command", COMMANDS)
def test_a_bad_argument_is_one_error_line_and_a_non_zero_exit(command: str, tmp_path: Path) -> None:
    done = scout("--data-dir", str(tmp_path / "data"), *BAD[command], cwd=tmp_path)
    assert done.returncode == 2, done.stderr
    assert not done.stdout
    assert done.stderr.startswith("scout: error: ") and done.stderr.count("\n") == 1, done.stderr


def test_output_into_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    """`scout ... --json | head -1`: the reader is gone before the output is written."""
    from indexer.store import Store

    Store.open(tmp_path / "scout.db").close()
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        done = subprocess.run(
            [sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())"]
            + ["--data-dir", str(tmp_path), "contributors", "--json"],
            stdout=write_end,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            timeout=120,
        )
    finally:
        os.close(write_end)
    assert "Traceback" not in done.stderr and "BrokenPipeError" not in done.stderr, done.stderr
    assert done.returncode == 141 and not done.stderr


@pytest.mark.parametrize("argv", [["serve"], ["demo", "--serve"]])
def test_a_taken_port_is_refused_at_once_with_the_way_out(argv: list[str], tmp_path: Path) -> None:
    """Before the fix `scout serve` loaded for 22 s, then uvicorn printed its own errno line."""
    import socket

    from indexer.store import Store

    Store.open(tmp_path / "scout.db").close()
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        done = scout("--data-dir", str(tmp_path), *argv, "--port", str(port), cwd=tmp_path)
    assert done.returncode == 2 and not done.stdout
    assert done.stderr == (
        f"scout: error: cannot serve on 127.0.0.1:{port}: address already in use;"
        " pick another port with --port N (make demo PORT=N)\n"
    )
