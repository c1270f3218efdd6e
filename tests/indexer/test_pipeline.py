import json
import os
import time
from pathlib import Path

import gitrepo  # tests/support, on pytest's pythonpath
import pytest

import indexer.pipeline as pipeline
from indexer.pipeline import index_repo
from indexer.signals import Detection
from indexer.store import Store
from models.errors import ScoutError
from models.records import Commit, CommitClass, Evidence, Signal
from models.settings import Settings

ADA, BEN = gitrepo.ADA, gitrepo.BEN
SETTINGS = Settings()
TABLES = ("changes", "commits", "file_changes", "co_authors", "signals", "change_keys")


def counts(store: Store) -> dict[str, int]:
    return {t: store.conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


def build(path: Path, n: int = 12) -> "gitrepo.Repo":
    repo = gitrepo.Repo(path)
    for i in range(n):
        author = ADA if i % 2 else BEN
        msg = f"step {i}" + ("\n\nCo-authored-by: Cy Dorn <cy@example.com>" if i == 3 else "")
        repo.commit(msg, author=author, files={f"src/f{i % 4}.cpp": f"int v{i} = {i};\n" * (i + 1)})
    return repo


def fake_detect(commit: Commit, settings: Settings) -> Detection:
    """One signal per commit that touched C++, so signal storage is checked without the real detectors."""
    cpp = [f for f in commit.files if f.language == "cpp" and f.added_lines]
    signals = [
        Signal(
            kind="simd",
            weight=0.5,
            language="cpp",
            evidence=Evidence(
                repo=commit.repo,
                sha=commit.sha,
                path=f.path,
                line=f.added_lines[0][0],
                snippet=f.added_lines[0][1],
                title=commit.subject,
            ),
        )
        for f in cpp[:1]
    ]
    return Detection(signals=signals, commit_class=CommitClass(systems_lines=sum(f.added for f in cpp)))


@pytest.fixture(autouse=True)
def _detector(monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "detect_commit", fake_detect)


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "data" / "scout.db")
    yield s
    s.close()


def test_index_stores_changes_files_and_no_added_text(tmp_path: Path, store: Store) -> None:
    repo = build(tmp_path / "r")
    report = index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False)
    assert (report.commits, report.new, report.duplicates, report.author_emails) == (12, 12, 0, 2)
    c = counts(store)
    assert c["changes"] == 12 and c["commits"] == 12 and c["co_authors"] == 1 and c["file_changes"] == 12
    cols = [r[1] for r in store.conn.execute("PRAGMA table_info(file_changes)")]
    assert not any("text" in col or "lines" in col for col in cols)
    row = store.conn.execute(
        "SELECT language, added, removed, flags FROM file_changes WHERE path = 'src/f3.cpp' ORDER BY added DESC LIMIT 1"
    ).fetchone()
    assert row[0] == "cpp" and row[1] > 0
    assert "12 commits read" in report.summary() and "12 new" in report.summary()
    assert c["signals"] == 12
    snippet, line = store.conn.execute("SELECT snippet, line FROM signals WHERE title = 'step 2'").fetchone()
    assert (snippet, line) == ("int v2 = 2;", 1)
    (cls,) = store.conn.execute("SELECT class_json FROM changes WHERE subject = 'step 2'").fetchone()
    assert CommitClass.model_validate_json(cls).systems_lines == 3


def test_second_run_over_unchanged_repo_does_no_work(tmp_path: Path, store: Store, monkeypatch) -> None:
    repo = build(tmp_path / "r")
    index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False)
    before = counts(store)

    def boom(*a, **k):
        raise AssertionError("read_commits must not run for an unchanged repo")

    monkeypatch.setattr(pipeline, "read_commits", boom)
    started = time.monotonic()
    report = index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False)
    assert report.up_to_date and "up to date" in report.summary()
    assert time.monotonic() - started < 2
    assert counts(store) == before


def test_new_commits_are_read_incrementally(tmp_path: Path, store: Store) -> None:
    repo = build(tmp_path / "r", n=4)
    index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False)
    repo.commit("later", files={"src/new.rs": "fn later() {}\n"})
    report = index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False)
    assert (report.commits, report.new) == (1, 1)
    assert counts(store)["commits"] == 5


def test_interrupted_run_resumes_without_duplicates(tmp_path: Path, monkeypatch) -> None:
    repo = build(tmp_path / "r", n=12)
    clean = Store.open(tmp_path / "clean" / "scout.db")
    index_repo(clean, repo.path, "acme/engine", SETTINGS, progress=False, batch_size=3)
    expected = counts(clean)

    store = Store.open(tmp_path / "killed" / "scout.db")
    real = pipeline.detect_commit
    calls = {"n": 0}

    def dies_on_the_eighth(commit, settings):
        calls["n"] += 1
        if calls["n"] == 8:
            raise KeyboardInterrupt
        return real(commit, settings)

    monkeypatch.setattr(pipeline, "detect_commit", dies_on_the_eighth)
    with pytest.raises(KeyboardInterrupt):
        index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False, batch_size=3)
    assert counts(store)["commits"] == 6  # two whole batches, nothing of the third
    monkeypatch.setattr(pipeline, "detect_commit", real)
    report = index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False, batch_size=3)
    assert report.commits == 6
    assert counts(store) == expected
    assert index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False).up_to_date


def test_cherry_pick_across_two_repos_counts_once(tmp_path: Path, store: Store) -> None:
    base = "int a;\nint b;\nint c;\n"
    one = gitrepo.Repo(tmp_path / "one")
    one.commit("base one", author=BEN, files={"src/x.c": base, "README.md": "one\n"})
    picked = one.commit("fix c", author=ADA, date="2024-03-01T12:00:00+00:00", files={"src/x.c": base + "int d;\n"})
    two = gitrepo.Repo(tmp_path / "two")
    two.commit("base two", author=BEN, files={"src/x.c": base, "LICENSE": "two\n"})
    two.git("fetch", "-q", str(one.path), "main")
    two.git("-c", "user.name=Ben Okafor", "-c", "user.email=ben.okafor@example.net", "cherry-pick", picked)
    index_repo(store, one.path, "acme/one", SETTINGS, progress=False)
    report = index_repo(store, two.path, "acme/two", SETTINGS, progress=False)
    assert (report.commits, report.new, report.duplicates) == (2, 1, 1)
    landed = store.conn.execute(
        "SELECT m.repo FROM commits m JOIN changes c ON c.change_id = m.change_id WHERE c.subject = 'fix c'"
        " ORDER BY m.repo"
    ).fetchall()
    assert [r[0] for r in landed] == ["acme/one", "acme/two"]
    assert store.conn.execute("SELECT count(*) FROM changes WHERE subject = 'fix c'").fetchone()[0] == 1


def test_synced_copy_under_another_directory_counts_once_and_the_original_keeps_credit(
    tmp_path: Path, store: Store
) -> None:
    lib = gitrepo.Repo(tmp_path / "lib")
    app = gitrepo.Repo(tmp_path / "app")
    when = "2024-04-02T09:30:00+02:00"
    app.commit("app base", author=BEN, files={"main.c": "int main;\n"})
    # The app vendors the library under third_party/lib/ and syncs its commits with a rewritten PR ref.
    app.commit(
        "ggml : faster q4 dot (lib/77)",
        author=ADA,
        date=when,
        files={"third_party/lib/src/dot.c": "int dot_q4(void);\n"},
    )
    lib.commit("ggml : faster q4 dot (#77)", author=ADA, date=when, files={"src/dot.c": "int dot_q4(void);\n"})
    index_repo(store, app.path, "acme/app", SETTINGS, progress=False)
    report = index_repo(store, lib.path, "acme/lib", SETTINGS, progress=False)
    assert (report.new, report.duplicates) == (0, 1)
    (change_id,) = store.conn.execute("SELECT change_id FROM changes WHERE subject LIKE 'ggml%'").fetchone()
    paths = store.conn.execute("SELECT path, flags FROM file_changes WHERE change_id = ?", (change_id,)).fetchall()
    assert paths == [("src/dot.c", "")]  # the original's files replaced the vendored copy's
    repos = store.conn.execute("SELECT repo FROM commits WHERE change_id = ? ORDER BY repo", (change_id,)).fetchall()
    assert [r[0] for r in repos] == ["acme/app", "acme/lib"]


def test_same_subject_by_another_author_or_time_is_not_merged(tmp_path: Path, store: Store) -> None:
    a, b = gitrepo.Repo(tmp_path / "a"), gitrepo.Repo(tmp_path / "b")
    a.commit("update docs", author=ADA, date="2024-01-01T00:00:00+00:00", files={"x.md": "a\n"})
    b.commit("update docs", author=BEN, date="2024-01-01T00:00:00+00:00", files={"y.md": "b\n"})
    b.commit("update docs", author=ADA, date="2024-01-02T00:00:00+00:00", files={"z.md": "c\n"})
    index_repo(store, a.path, "acme/a", SETTINGS, progress=False)
    report = index_repo(store, b.path, "acme/b", SETTINGS, progress=False)
    assert (report.new, report.duplicates) == (2, 0)


def test_empty_repository_is_reported_not_an_error(tmp_path: Path, store: Store) -> None:
    repo = gitrepo.Repo(tmp_path / "empty")
    report = index_repo(store, repo.path, "acme/empty", SETTINGS, progress=False)
    assert report.empty and report.commits == 0 and "empty repository" in report.summary()


@pytest.mark.parametrize("name", ["engine", "acme/", "/engine", "a/b/c", "acme engine/x", "../x", "acme/.."])
def test_bad_names_are_refused(tmp_path: Path, store: Store, name: str) -> None:
    repo = build(tmp_path / "r", n=1)
    with pytest.raises(ScoutError, match="OWNER/REPO"):
        index_repo(store, repo.path, name, SETTINGS, progress=False)
    assert counts(store)["commits"] == 0


def test_a_path_that_is_not_a_repository_is_refused_naming_it(tmp_path: Path, store: Store) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    with pytest.raises(ScoutError, match="plain is not a git repository"):
        index_repo(store, plain, "acme/plain", SETTINGS, progress=False)
    with pytest.raises(ScoutError, match="missing is not a directory"):
        index_repo(store, tmp_path / "missing", "acme/plain", SETTINGS, progress=False)
    repo = build(tmp_path / "r", n=1)
    (repo.path / "sub").mkdir()
    with pytest.raises(ScoutError, match="not a git repository"):
        index_repo(store, repo.path / "src", "acme/sub", SETTINGS, progress=False)


def test_mailmap_is_read_from_head(tmp_path: Path, store: Store) -> None:
    repo = gitrepo.Repo(tmp_path / "r")
    repo.commit("mailmap", files={".mailmap": "Ada Quill <ada@example.org> <ada@old.example.org>\n"})
    index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False)
    assert store.git_mailmap_rows() == [("ada@old.example.org", "", "ada@example.org", "Ada Quill")]


def _detect_with_pid(commit: Commit, settings: Settings) -> Detection:
    detection = fake_detect(commit, settings)
    for s in detection.signals:
        s.detail["pid"] = os.getpid()
    return detection


def test_detection_in_worker_processes_stores_the_same_rows(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(pipeline, "detect_commit", _detect_with_pid)
    repo = gitrepo.Repo(tmp_path / "r")
    gitrepo.fast_history(
        repo,
        [
            (ADA if i % 3 else BEN, f"kernel step {i}", {f"src/k{i % 7}.cpp": f"int k{i};\n" * (1 + i % 5)})
            for i in range(150)
        ],
    )
    dumps, pids = [], []
    for workers in (1, 2):
        store = Store.open(tmp_path / f"w{workers}" / "scout.db")
        report = index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False, batch_size=40, workers=workers)
        assert report.commits == 150
        rows = store.conn.execute("SELECT * FROM signals ORDER BY rowid").fetchall()
        pids.append({json.loads(r[-1])["pid"] for r in rows})
        dumps.append(
            (
                [r[:-1] for r in rows],
                store.conn.execute("SELECT change_id, class_json FROM changes ORDER BY change_id").fetchall(),
            )
        )
    assert dumps[0] == dumps[1] and len(dumps[0][0]) == 150
    assert pids[0] == {os.getpid()} and os.getpid() not in pids[1]  # the second run really used workers


def test_a_detector_crash_costs_only_that_commits_signals(tmp_path: Path, store: Store, monkeypatch) -> None:
    def breaks_on_step_5(commit: Commit, settings: Settings) -> Detection:
        if commit.subject == "step 5":
            raise ValueError("detector bug")
        return fake_detect(commit, settings)

    monkeypatch.setattr(pipeline, "detect_commit", breaks_on_step_5)
    repo = build(tmp_path / "r", n=8)
    report = index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False)
    assert report.commits == 8 and report.skipped["detector_errors"] == 1
    assert counts(store)["commits"] == 8 and counts(store)["signals"] == 7
    assert "detector_errors 1" in report.summary()


def test_missing_commit_and_tree_objects_index_the_rest_and_finish_the_repo(tmp_path: Path, store: Store) -> None:
    repo = build(tmp_path / "r", n=6)
    for rev in ("HEAD~4", "HEAD~1^{tree}"):
        oid = repo.git("rev-parse", rev)
        (repo.path / ".git" / "objects" / oid[:2] / oid[2:]).unlink()
    report = index_repo(store, repo.path, "acme/engine", SETTINGS, progress=False)
    assert report.commits == 4 and report.skipped["missing_commits"] == 1  # HEAD~5 is reachable only through HEAD~4
    assert store.git_repo_state("acme/engine")[1] == repo.git("rev-parse", "HEAD")
    assert counts(store)["commits"] == 4
