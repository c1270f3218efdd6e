"""End to end on the sample corpus: generate, index, search every labelled query, mean nDCG@10 >= 0.9.

About half a minute on 2 cores, so it runs when SCOUT_SLOW=1 (`SCOUT_SLOW=1 pytest -m slow`).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from api.cli import main

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not os.environ.get("SCOUT_SLOW"), reason="end to end; set SCOUT_SLOW=1"),
]


def test_sample_corpus_mean_ndcg_at_10_is_at_least_0_9(tmp_path: Path) -> None:
    out = tmp_path / "eval.json"
    rc = main(["--data-dir", str(tmp_path / "data"), "eval", "--sample", "--no-progress", "--json", str(out)])
    assert rc == 0
    scout = json.loads(out.read_text())["systems"]["scout"]
    assert scout["mean"]["ndcg@10"] >= 0.9, scout["per_query"]
    best_baseline = max(v["mean"]["ndcg@10"] for k, v in json.loads(out.read_text())["systems"].items() if k != "scout")
    assert scout["mean"]["ndcg@10"] > best_baseline
