import sqlite3
from pathlib import Path

import gitrepo  # tests/support, on pytest's pythonpath
import pytest

import indexer.pipeline as pipeline
import indexer.update as update
from api.cli import main
from indexer.signals import Detection
from models.records import Commit, Evidence, Signal
from models.settings import Settings
from search.memory import HashingEncoder


def one_signal(commit: Commit, settings: Settings) -> Detection:
    f = commit.files[0]
    evidence = Evidence(repo=commit.repo, sha=commit.sha, path=f.path, line=1, snippet="x", title=commit.subject)
    return Detection(signals=[Signal(kind="simd", weight=0.5, language="cpp", evidence=evidence)])


@pytest.fixture
def data(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setattr(update, "Embedder", lambda settings: HashingEncoder(384))
    monkeypatch.setattr(pipeline, "detect_commit", one_signal)
    repo = gitrepo.Repo(tmp_path / "r")
    for i in range(4):
        repo.commit(f"c{i}", author=gitrepo.ADA, files={f"k{i}.cpp": f"int k{i};\n"})
    assert (
        main(["--data-dir", str(tmp_path / "data"), "index", str(repo.path), "--name", "acme/k", "--no-progress"]) == 0
    )
    return tmp_path / "data"


def test_doctor_finds_and_repairs_doubled_and_orphaned_rows(data: Path, capsys) -> None:
    conn = sqlite3.connect(data / "scout.db")
    conn.execute("INSERT INTO signals SELECT * FROM signals")  # what two writers at once left behind
    conn.execute(
        "INSERT INTO signals (change_id, kind, weight, repo, sha, snippet, title)"
        " VALUES ('p:gone', 'simd', 1, 'a/b', 's', '', '')"
    )
    conn.commit()
    conn.close()
    capsys.readouterr()
    assert main(["--data-dir", str(data), "doctor"]) == 1
    out = capsys.readouterr().out
    assert "integrity ok" in out and "4 duplicated signal rows" in out and "1 orphaned row" in out
    assert main(["--data-dir", str(data), "doctor", "--repair"]) == 0
    assert "repaired" in capsys.readouterr().out
    conn = sqlite3.connect(data / "scout.db")
    assert conn.execute("SELECT count(*) FROM signals").fetchone()[0] == 4
    conn.close()
    assert main(["--data-dir", str(data), "doctor"]) == 0
    assert "no duplicated or orphaned rows" in capsys.readouterr().out


def test_doctor_gives_a_one_line_verdict_on_a_damaged_file(data: Path, capsys) -> None:
    db = data / "scout.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'signals_kind'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    raw = bytearray(db.read_bytes())
    raw[(root - 1) * page + 8 : root * page] = b"\xa5" * (page - 8)
    db.write_bytes(bytes(raw))
    capsys.readouterr()
    code = main(["--data-dir", str(data), "doctor"])
    out, err = capsys.readouterr()
    assert code != 0 and "damaged" in out + err and (out + err).count("\n") <= 3
