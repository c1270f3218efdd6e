"""`scout bench scale` runs end to end on a tiny history and reports its figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.cli import main

pytestmark = pytest.mark.slow  # generating is instant; indexing loads the embedding model (seconds)


def test_bench_scale_indexes_maps_and_appends_figures(tmp_path: Path) -> None:
    bench_md = tmp_path / "BENCHMARKS.md"
    bench_md.write_text("# Benchmarks\n")
    figures = tmp_path / "scale.json"
    rc = main([
        "bench", "scale", "--total-repos", "3", "--commits-per-quarter", "60", "--people", "40", "--quarters", "1",
        "--queries", "0", "--work-dir", str(tmp_path / "work"), "--benchmarks", str(bench_md), "--json", str(figures),
    ])  # fmt: skip
    assert rc == 0
    fig = json.loads(figures.read_text())
    assert fig["repos"] == 3 and fig["commits"] > 0
    assert fig["indexed_people"] > 0 and fig["read_s"] > 0 and fig["refresh_s"] > 0
    assert fig["index_peak_mb"] > 0 and fig["index_cpu_s"] > 0 and fig["db_mb"] > 0
    text = bench_md.read_text()
    assert text.startswith("# Benchmarks\n") and "`scout index --manifest`, fresh data dir" in text
    assert "Load average" in text
