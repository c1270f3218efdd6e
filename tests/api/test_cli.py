"""The `scout` command line as a user meets it: help, start-up, errors, pipes."""

import os
import subprocess
import sys
from pathlib import Path

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
