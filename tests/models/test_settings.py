import pytest

from models.errors import ScoutError
from models.settings import Settings


@pytest.mark.parametrize(
    "name, value", [("SCOUT_EMBEDDING_PRECISION", "int4"), ("SCOUT_EMBEDDING_BACKEND", "tensorflow")]
)
def test_a_bad_setting_in_the_environment_is_one_line_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ScoutError) as raised:
        Settings.from_env()
    message = str(raised.value)
    assert message.startswith(f"{name}={value!r}:") and "\n" not in message


def test_the_precision_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SCOUT_EMBEDDING_PRECISION", "int8")
    assert Settings.from_env().embedding_precision == "int8"


def test_the_cli_reports_a_bad_setting_in_one_line_and_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    from api.cli import main

    monkeypatch.setenv("SCOUT_EMBEDDING_PRECISION", "int4")
    assert main(["--data-dir", str(tmp_path), "search", "rust"]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("scout: error: SCOUT_EMBEDDING_PRECISION='int4'") and "\n" not in err
    assert list(tmp_path.iterdir()) == []  # nothing created or touched
