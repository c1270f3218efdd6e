import contextlib
import threading
from pathlib import Path

import gitrepo  # tests/support, on pytest's pythonpath
import pytest

import indexer.pipeline as pipeline
import indexer.update as update
from indexer.manifest import RepoSpec
from indexer.signals import Detection
from indexer.store import Store
from models.errors import ScoutError
from models.records import Commit, Evidence, Signal
from models.settings import Settings
from search.memory import HashingEncoder


def one_signal(commit: Commit, settings: Settings) -> Detection:
    f = commit.files[0]
    evidence = Evidence(repo=commit.repo, sha=commit.sha, path=f.path, line=1, snippet="x", title=commit.subject)
    return Detection(signals=[Signal(kind="simd", weight=0.5, language="cpp", evidence=evidence)])


@pytest.fixture(autouse=True)
def _light(monkeypatch) -> None:
    monkeypatch.setattr(update, "Embedder", lambda settings: HashingEncoder(384))
    monkeypatch.setattr(pipeline, "detect_commit", one_signal)


def _commits(repo: gitrepo.Repo, start: int, n: int = 3) -> None:
    for i in range(start, start + n):
        repo.commit(f"c{i}", author=gitrepo.ADA, files={f"k{i}.cpp": f"int k{i};\n"})


def test_two_index_runs_at_once_do_not_double_signals(tmp_path: Path, monkeypatch) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    repo = gitrepo.Repo(tmp_path / "r")
    _commits(repo, 0)
    spec = RepoSpec(repo.path, "acme/k")
    update.update(settings, [spec], progress=False, echo=lambda line: None)
    _commits(repo, 3)
    both_read = threading.Barrier(2, timeout=3)
    real_read = pipeline.read_commits

    def read_together(*args, **kwargs):
        # Both runs read (and look up) every commit before either writes: the race that doubled candle's signals.
        yield from real_read(*args, **kwargs)
        with contextlib.suppress(threading.BrokenBarrierError):
            both_read.wait()

    monkeypatch.setattr(pipeline, "read_commits", read_together)
    outcomes: list[str] = []

    def index() -> None:
        try:
            update.update(settings, [spec], progress=False, echo=lambda line: None)
            outcomes.append("ok")
        except ScoutError as exc:
            outcomes.append(str(exc))

    threads = [threading.Thread(target=index) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    store = Store.open(settings.db_path, create=False)
    assert store.conn.execute("SELECT count(*) FROM signals").fetchone()[0] == 6
    store.close()
    assert "ok" in outcomes
    refused = [o for o in outcomes if o != "ok"]
    assert len(refused) == 1 and "another `scout index`" in refused[0] and "\n" not in refused[0]


def test_deleted_vector_collection_is_reported_in_answers_and_readyz(tmp_path: Path) -> None:
    from fastapi.testclient import TestClient
    from qdrant_client import QdrantClient

    from api.app import create_app
    from search.engine import SearchEngine

    settings = Settings(data_dir=tmp_path / "data")
    repo = gitrepo.Repo(tmp_path / "r")
    _commits(repo, 0)
    update.update(settings, [RepoSpec(repo.path, "acme/k")], progress=False, echo=lambda line: None)
    client = QdrantClient(path=str(settings.qdrant_path))
    for collection in client.get_collections().collections:
        client.delete_collection(collection.name)
    client.close()

    def engine(s: Settings) -> SearchEngine:
        return SearchEngine.open(s, HashingEncoder(384))

    with TestClient(create_app(settings, engine_factory=engine)) as api:
        answer = api.post("/v1/search", json={"query": "C++ SIMD engineers"})
        assert answer.status_code == 200
        notes = answer.json()["interpretation"]["notes"]
        assert any("vectors" in n and "scout index --rebuild" in n for n in notes)
        ready = api.get("/readyz").json()
        assert ready["status"] == "degraded" and any("vectors" in n for n in ready["notes"])


def test_soak_reindex_while_searching_keeps_every_answer_whole_and_nothing_doubles(tmp_path: Path) -> None:
    from search.engine import SearchEngine, StoreSource

    settings = Settings(data_dir=tmp_path / "data")
    repo = gitrepo.Repo(tmp_path / "r")
    _commits(repo, 0)
    spec = RepoSpec(repo.path, "acme/k")
    update.update(settings, [spec], progress=False, echo=lambda line: None)
    # The reader opens the store read-only and no vectors (embedded Qdrant is one process's at a time).
    source = StoreSource(Store.open(settings.db_path, read_only=True))
    engine = SearchEngine(settings, source, HashingEncoder(384), None, refresh_seconds=0.0)
    stop = threading.Event()
    answers: list[int] = []
    failures: list[str] = []

    def client() -> None:
        from models.records import SearchRequest

        while not stop.is_set():
            try:
                result = engine.search(SearchRequest(query="C++ engineers with SIMD"))
                answers.append(len(result.matches))
                if any(not m.why for m in result.matches):
                    failures.append("an answer without its explanation")
            except Exception as exc:  # every answer must come, whole
                failures.append(repr(exc))

    reader = threading.Thread(target=client)
    reader.start()
    try:
        for round_ in range(1, 4):
            _commits(repo, 3 * round_)
            update.update(settings, [spec], progress=False, echo=lambda line: None)
    finally:
        stop.set()
        reader.join(timeout=30)
        engine.close()
    assert not failures and answers
    store = Store.open(settings.db_path, read_only=True)
    assert store.conn.execute("SELECT count(*) FROM signals").fetchone()[0] == 12
    assert store.duplicate_signal_count() == 0
    store.close()
