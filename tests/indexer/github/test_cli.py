from __future__ import annotations

from pathlib import Path

import pytest

from api.cli import main


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["index", "--github", "fastmm"], "--github expects OWNER/REPO"),
        (["index", "--github", "kernelworks/fastmm"], "needs a token: export GITHUB_TOKEN"),
        (["index", "--since", "2026-01-01", "--github", "kernelworks/fastmm"], "needs a token"),
    ],
)
def test_bad_github_input_is_refused_before_the_index_is_touched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    assert main(["--data-dir", str(tmp_path / "data"), *argv]) == 2
    err = capsys.readouterr().err
    assert err.startswith("scout: error: ") and message in err and err.count("\n") == 1
    assert not (tmp_path / "data").exists()


def test_since_needs_a_date(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_test_token_not_real")
    argv = ["--data-dir", str(tmp_path / "data"), "index", "--github", "kernelworks/fastmm", "--since", "last week"]
    assert main(argv) == 2
    assert "--since expects a date like 2024-01-31" in capsys.readouterr().err
    assert not (tmp_path / "data").exists()
