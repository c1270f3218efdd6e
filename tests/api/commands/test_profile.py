import json
from datetime import date
from pathlib import Path

import pytest

from api.cli import main
from indexer.profiles import build_profiles
from indexer.store import Store
from models.records import CommitClass
from models.settings import Settings


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    store = Store.open(tmp_path / "scout.db")
    with store.transaction() as c:
        c.execute("INSERT INTO identities VALUES ('ada@example.com', 'Ada Quill', 'gh:adaq')")
        c.execute("INSERT INTO logins VALUES ('ada@example.com', 'adaq', 'noreply')")
        c.execute(
            "INSERT INTO changes (change_id, author_email, author_name, authored_at, subject, message, class_json)"
            " VALUES ('p:1', 'ada@example.com', 'Ada Quill', '2025-06-01T10:00:00+00:00', 'Add q4 kernel', 'm', ?)",
            (CommitClass(systems_lines=30).model_dump_json(),),
        )
        c.execute("INSERT INTO commits (repo, sha, change_id) VALUES ('acme/tensor', 'abcdef1234567890', 'p:1')")
        c.execute(
            "INSERT INTO file_changes (change_id, path, kind, language, added, removed)"
            " VALUES ('p:1', 'k/q4.cu', 'added', 'cuda', 30, 0)"
        )
        c.execute(
            "INSERT INTO signals (change_id, kind, weight, repo, sha, path, line, snippet, title, detail_json)"
            " VALUES ('p:1', 'quantization', 1.0, 'acme/tensor', 'abcdef1234567890', 'k/q4.cu', 12,"
            " 'block_q4_0 *x = ...;', 'Add q4 kernel', '{\"format\": \"Q4_0\"}')"
        )
    build_profiles(store, Settings(data_dir=tmp_path, as_of=date(2026, 1, 1)))
    store.close()
    return tmp_path


@pytest.mark.parametrize("ident", ["gh:adaq", "adaq", "ADA@example.com", "gh:ADAQ"])
def test_profile_is_found_by_id_login_or_email(data_dir: Path, ident: str, capsys) -> None:
    assert main(["--data-dir", str(data_dir), "profile", ident]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Ada Quill (gh:adaq)")
    assert "acme/tensor@abcdef1 k/q4.cu:12  Add q4 kernel" in out
    assert "| block_q4_0 *x = ...;" in out and "[Q4_0]" in out


def test_profile_json_is_the_profile_record(data_dir: Path, capsys) -> None:
    assert main(["--data-dir", str(data_dir), "profile", "adaq", "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["id"] == "gh:adaq" and record["skills"]["quantization"]["details"] == ["Q4_0"]


def test_unknown_person_is_a_one_line_error(data_dir: Path, capsys) -> None:
    assert main(["--data-dir", str(data_dir), "profile", "nobody@example.com"]) == 2
    assert "no profile for 'nobody@example.com'" in capsys.readouterr().err


def test_missing_index_says_to_index(tmp_path: Path, capsys) -> None:
    assert main(["--data-dir", str(tmp_path / "none"), "profile", "adaq"]) == 2
    assert "scout index" in capsys.readouterr().err
