import json
import sqlite3
from pathlib import Path

import gitrepo  # tests/support, on pytest's pythonpath
import pytest

import indexer.pipeline as pipeline
import indexer.update as update
from api.cli import main
from indexer.signals import Detection
from indexer.store import SCHEMA_VERSION, Store
from search.memory import HashingEncoder


@pytest.fixture(autouse=True)
def _hashing_embedder(monkeypatch) -> None:
    """The CLI's wiring is under test here, not the model: a model-free encoder keeps these tests fast."""
    monkeypatch.setattr(update, "Embedder", lambda settings: HashingEncoder(384))


@pytest.fixture(autouse=True)
def _no_detectors(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "detect_commit", lambda commit, settings: Detection())


def make(path: Path, n: int = 3) -> Path:
    repo = gitrepo.Repo(path)
    for i in range(n):
        repo.commit(f"c{i}", author=gitrepo.ADA if i % 2 else gitrepo.BEN, files={f"k{i}.cu": f"int k{i};\n"})
    return repo.path


def snapshot(data: Path) -> bytes | None:
    db = data / "scout.db"
    if not db.exists():
        return None
    conn = sqlite3.connect(db)
    dump = "\n".join(conn.iterdump()).encode()
    conn.close()
    return dump


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_index_one_repo_then_up_to_date(tmp_path: Path, capsys) -> None:
    repo, data = make(tmp_path / "r"), tmp_path / "data"
    code, out, _ = run(capsys, "--data-dir", str(data), "index", str(repo), "--name", "acme/kernels", "--no-progress")
    assert code == 0 and "acme/kernels: 3 commits read, 3 new" in out
    code, out, _ = run(capsys, "--data-dir", str(data), "index", str(repo), "--name", "acme/kernels", "--no-progress")
    assert code == 0 and "up to date" in out


def test_index_builds_profiles_and_vectors_for_the_people_it_touched(tmp_path: Path, capsys) -> None:
    repo, data = make(tmp_path / "r"), tmp_path / "data"
    code, out, _ = run(capsys, "--data-dir", str(data), "index", str(repo), "--name", "acme/k", "--no-progress")
    assert code == 0 and "profiles: 2 people (2 rebuilt" in out and "2 embedded" in out
    store = Store.open(data / "scout.db", create=False)
    assert store.conn.execute("SELECT COUNT(*) FROM profiles").fetchone()[0] == 2
    store.close()
    code, out, _ = run(capsys, "--data-dir", str(data), "index", str(repo), "--name", "acme/k", "--no-progress")
    assert code == 0 and "0 rebuilt" in out and "0 embedded" in out


def test_manifest_indexes_every_repo_with_relative_paths(tmp_path: Path, capsys) -> None:
    make(tmp_path / "repos" / "one")
    make(tmp_path / "repos" / "two", n=2)
    manifest = tmp_path / "repos.toml"
    manifest.write_text(
        '[[repo]]\npath = "repos/one"\nname = "acme/one"\ncategory = "GPU Kernels & Performance"\n\n'
        '[[repo]]\npath = "repos/two"\nname = "acme/two"\n'
    )
    data = tmp_path / "data"
    code, out, _ = run(capsys, "--data-dir", str(data), "index", "--manifest", str(manifest), "--no-progress")
    assert code == 0 and "acme/one: 3 commits read" in out and "acme/two: 2 commits read" in out
    conn = sqlite3.connect(data / "scout.db")
    assert conn.execute("SELECT category FROM repos WHERE name = 'acme/one'").fetchone()[0].startswith("GPU")


def test_contributors_lists_people_as_text_and_json(tmp_path: Path, capsys) -> None:
    repo, data = make(tmp_path / "r", n=3), tmp_path / "data"
    run(capsys, "--data-dir", str(data), "index", str(repo), "--name", "acme/k", "--no-progress")
    code, out, _ = run(capsys, "--data-dir", str(data), "contributors", "--json")
    assert code == 0
    listing = json.loads(out)
    assert [(p["id"], p["commits"]) for p in listing] == [("ben.okafor@example.net", 2), ("ada@example.org", 1)]
    assert listing[0]["repos"] == {"acme/k": 2} and listing[0]["first_date"] <= listing[0]["last_date"]
    code, out, _ = run(capsys, "--data-dir", str(data), "contributors", "--top", "1", "--repo", "acme/k")
    assert code == 0 and "Ben Okafor" in out and "Ada Quill" not in out


def test_contributors_of_an_unknown_repo_is_an_error_naming_the_indexed_ones(tmp_path: Path, capsys) -> None:
    repo, data = make(tmp_path / "r", n=3), tmp_path / "data"
    run(capsys, "--data-dir", str(data), "index", str(repo), "--name", "acme/k", "--no-progress")
    code, out, err = run(capsys, "--data-dir", str(data), "contributors", "--repo", "acme/kk")
    assert code == 2 and not out
    assert err == "scout: error: unknown repo 'acme/kk': not in this index; indexed repos are acme/k\n"
    code, out, _ = run(capsys, "--data-dir", str(data), "contributors", "--repo", "K", "--json")
    assert code == 0 and len(json.loads(out)) == 2


BAD_MANIFESTS = {
    "syntax": ("[[repo]\npath = 1", "not valid TOML"),
    "empty": ("title = 'x'\n", "no [[repo]] entries"),
    "no-name": ('[[repo]]\npath = "repos/one"\n', "#1: missing or empty 'name'"),
    "bad-name": ('[[repo]]\npath = "repos/one"\nname = "justone"\n', "#1: repository name 'justone'"),
    "not-a-repo": ('[[repo]]\npath = "repos/one"\nname = "a/b"\n[[repo]]\npath = "nope"\nname = "a/c"\n', "#2 (a/c)"),
    "unknown-key": ('[[repo]]\npath = "repos/one"\nname = "a/b"\nbranch = "x"\n', "unknown key 'branch'"),
}


@pytest.mark.parametrize("case", sorted(BAD_MANIFESTS))
def test_bad_manifest_is_one_line_error_and_index_untouched(tmp_path: Path, capsys, case: str) -> None:
    text, message = BAD_MANIFESTS[case]
    make(tmp_path / "repos" / "one")
    data = tmp_path / "data"
    run(capsys, "--data-dir", str(data), "index", str(tmp_path / "repos" / "one"), "--name", "a/b", "--no-progress")
    before = snapshot(data)
    manifest = tmp_path / "bad.toml"
    manifest.write_text(text)
    code, out, err = run(capsys, "--data-dir", str(data), "index", "--manifest", str(manifest), "--no-progress")
    assert code != 0 and out == ""
    assert err.count("\n") == 1 and err.startswith("scout: error: ") and "bad.toml" in err and message in err
    assert snapshot(data) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["{tmp}/plain", "--name", "a/b"], "plain is not a git repository"),
        (["{tmp}/missing", "--name", "a/b"], "missing is not a directory"),
        (["{tmp}/r", "--name", "not-a-name"], "is not OWNER/REPO"),
        (["{tmp}/r"], "missing input"),
    ],
)
def test_bad_input_is_one_line_error_and_index_untouched(tmp_path: Path, capsys, args, message) -> None:
    make(tmp_path / "r")
    (tmp_path / "plain").mkdir()
    data = tmp_path / "data"
    run(capsys, "--data-dir", str(data), "index", str(tmp_path / "r"), "--name", "a/b", "--no-progress")
    before = snapshot(data)
    argv = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = run(capsys, "--data-dir", str(data), "index", *argv, "--no-progress")
    assert code != 0 and err.count("\n") == 1 and message in err
    assert snapshot(data) == before


def test_unusable_data_dir_is_one_line_error(tmp_path: Path, capsys) -> None:
    repo = make(tmp_path / "r")
    data = tmp_path / "data"
    data.write_text("a file where the data directory should be")
    code, _, err = run(capsys, "--data-dir", str(data), "index", str(repo), "--name", "a/b", "--no-progress")
    assert code != 0 and err.count("\n") == 1 and str(data) in err
    assert data.read_text() == "a file where the data directory should be"


def test_newer_schema_is_refused_and_untouched(tmp_path: Path, capsys) -> None:
    repo, data = make(tmp_path / "r"), tmp_path / "data"
    data.mkdir()
    conn = sqlite3.connect(data / "scout.db")
    conn.execute("CREATE TABLE future (x TEXT)")
    conn.execute("INSERT INTO future VALUES ('kept')")
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.commit()
    conn.close()
    before = snapshot(data)
    code, _, err = run(capsys, "--data-dir", str(data), "index", str(repo), "--name", "a/b", "--no-progress")
    assert code != 0 and err.count("\n") == 1 and "newer than this Scout" in err
    assert snapshot(data) == before
    conn = sqlite3.connect(data / "scout.db")
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION + 1


def test_counts_name_author_emails_per_repo_and_people_after_resolving(tmp_path: Path, capsys) -> None:
    """One person under two addresses: the repository line counts addresses, the profiles line people."""
    repo = gitrepo.Repo(tmp_path / "r")
    repo.commit("c0", author=gitrepo.ADA, files={"a.cu": "int a;\n"})
    repo.commit("c1", author=("Ada Quill", "ada@work.example.com"), files={"b.cu": "int b;\n"})
    repo.commit("c2", author=gitrepo.BEN, files={"c.cu": "int c;\n"})
    code, out, _ = run(
        capsys, "--data-dir", str(tmp_path / "d"), "index", str(repo.path), "--name", "acme/k", "--no-progress"
    )
    assert code == 0 and "3 author emails;" in out and "profiles: 2 people (" in out


def test_one_person_is_one_person_not_one_people(tmp_path: Path, capsys) -> None:
    repo, data = make(tmp_path / "r", n=1), tmp_path / "data"
    code, out, _ = run(capsys, "--data-dir", str(data), "index", str(repo), "--name", "acme/k", "--no-progress")
    assert code == 0 and "1 author email;" in out and "profiles: 1 person (" in out and "1 people" not in out


def test_redirected_stderr_gets_no_progress_bar_unless_asked(tmp_path: Path, capsys) -> None:
    repo = make(tmp_path / "r")
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d1"), "index", str(repo), "--name", "acme/k")
    assert code == 0 and "commit/s" not in err and "\r" not in err
    code, _, err = run(capsys, "--data-dir", str(tmp_path / "d2"), "index", str(repo), "--name", "acme/k", "--progress")
    assert code == 0 and "acme/k: 100%" in err


def test_zero_byte_database_is_refused_by_reads_and_index_and_stays_empty(tmp_path: Path, capsys) -> None:
    repo, data = make(tmp_path / "r"), tmp_path / "data"
    data.mkdir()
    (data / "scout.db").write_bytes(b"")
    for argv in (["contributors"], ["index", str(repo), "--name", "acme/k", "--no-progress"]):
        code, out, err = run(capsys, "--data-dir", str(data), *argv)
        assert code == 2 and err.startswith("scout: error:") and "empty (0 bytes)" in err and err.count("\n") == 1
    assert (data / "scout.db").stat().st_size == 0


def test_damage_found_while_reading_is_one_line(tmp_path: Path, capsys) -> None:
    repo, data = make(tmp_path / "r", n=40), tmp_path / "data"
    run(capsys, "--data-dir", str(data), "index", str(repo), "--name", "acme/k", "--no-progress")
    db = data / "scout.db"
    conn = sqlite3.connect(db)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'identities'").fetchone()[0]
    page = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    raw = bytearray(db.read_bytes())
    raw[(root - 1) * page : root * page] = b"\xa5" * page  # the identities table's root page, past the header
    db.write_bytes(bytes(raw))
    code, _, err = run(capsys, "--data-dir", str(data), "contributors")
    assert code == 2 and err.startswith("scout: error:") and "damaged" in err and err.count("\n") == 1
