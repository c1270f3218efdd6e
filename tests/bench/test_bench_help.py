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


@pytest.mark.parametrize("name", ["search_latency", "load"])
def test_a_baseline_that_is_not_a_checkout_is_one_line_and_nothing_runs(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import argparse

    from api.commands import bench
    from models.settings import Settings

    args = argparse.Namespace(name=name, args=["--data-dir", str(tmp_path), "--baseline-source", str(tmp_path / "no")])
    assert bench.handle(args, Settings()) == 1
    err = capsys.readouterr().err.strip()
    assert err == f"scout bench: error: {tmp_path / 'no'} is not a Scout checkout (no api/cli.py there)"
