"""`scout bench NAME --help` explains every option of every benchmark script."""

import ast
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


@pytest.mark.parametrize("script", sorted(BENCH.glob("*.py")), ids=lambda p: p.stem)
def test_every_bench_option_has_help_text(script: Path) -> None:
    calls = [
        node
        for node in ast.walk(ast.parse(script.read_text()))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "add_argument"
    ]
    silent = [ast.unparse(c.args[0]) if c.args else "?" for c in calls if not any(k.arg == "help" for k in c.keywords)]
    assert not silent, f"{script.name}: options without help: {', '.join(silent)}"
