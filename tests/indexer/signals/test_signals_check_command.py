import json

import pytest

from api.cli import main


def test_signals_check_prints_scores_and_passes(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["signals-check", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["failing"] == []
    assert out["detectors"]["simd"]["positives"] >= 10
