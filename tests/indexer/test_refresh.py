import hashlib
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from indexer.profiles import build_profiles, load_profile
from indexer.refresh import refresh
from indexer.store import Store
from indexer.vectors import VectorIndex
from models.errors import ScoutError
from models.records import CommitClass
from models.settings import Settings


class HashEmbedder:
    """Deterministic stand-in for the model: same text, same unit vector; counts what it encodes."""

    def __init__(self, dimension: int = 16) -> None:
        self.dimension = dimension
        self.encoded: list[str] = []

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        self.encoded.extend(texts)
        rows = []
        for text in texts:
            seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:4], "little")
            v = np.random.default_rng(seed).normal(size=self.dimension).astype(np.float32)
            rows.append(v / np.linalg.norm(v))
        return np.stack(rows) if rows else np.zeros((0, self.dimension), np.float32)


def no_identity_changes(store: Store) -> set[str]:
    return set()


class World:
    def __init__(self, tmp_path: Path) -> None:
        self.settings = Settings(data_dir=tmp_path, as_of=date(2026, 1, 1))
        self.store = Store.open(self.settings.db_path)
        self.n = 0
        for email, name, pid in (
            ("ada@example.com", "Ada Quill", "gh:adaq"),
            ("bo@example.org", "Bo Rand", "bo@example.org"),
            ("cy@example.net", "Cy Moss", "cy@example.net"),
        ):
            with self.store.transaction() as c:
                c.execute("INSERT INTO identities VALUES (?, ?, ?)", (email, name, pid))

    def change(self, email: str, name: str, kind: str = "cuda_kernel", repo: str = "acme/tensor") -> None:
        self.n += 1
        cid, sha = f"p:{self.n}", f"{self.n:040x}"
        with self.store.transaction() as c:
            c.execute(
                "INSERT INTO changes (change_id, author_email, author_name, authored_at, subject, message, class_json)"
                " VALUES (?, ?, ?, '2025-06-01T10:00:00+00:00', 's', 's', ?)",
                (cid, email, name, CommitClass(systems_lines=10).model_dump_json()),
            )
            c.execute("INSERT INTO commits (repo, sha, change_id) VALUES (?, ?, ?)", (repo, sha, cid))
            c.execute(
                "INSERT INTO file_changes (change_id, path, kind, language, added, removed)"
                " VALUES (?, 'k/a.cu', 'modified', 'cuda', 30, 0)",
                (cid,),
            )
            c.execute(
                "INSERT INTO signals (change_id, kind, weight, repo, sha, path, line, snippet, title)"
                " VALUES (?, ?, 1.0, ?, ?, 'k/a.cu', 3, 'x', 's')",
                (cid, kind, repo, sha),
            )


@pytest.fixture
def world(tmp_path: Path) -> World:
    w = World(tmp_path)
    w.change("ada@example.com", "Ada Quill")
    w.change("bo@example.org", "Bo Rand", "simd")
    w.change("cy@example.net", "Cy Moss", "metal_kernel")
    return w


@pytest.fixture
def vectors(world: World) -> Iterator[VectorIndex]:
    with VectorIndex(world.settings) as vi:
        yield vi


def run(world: World, vectors: VectorIndex | Callable[[], VectorIndex], embedder: HashEmbedder, **kw: bool):
    return refresh(world.store, world.settings, vectors, embedder, resolve=no_identity_changes, **kw)


def test_first_refresh_publishes_everyone(world: World, vectors: VectorIndex) -> None:
    report = run(world, vectors, HashEmbedder())
    assert report.published and report.profiles == 3 and report.embedded == 3
    assert vectors.count() == 3


def test_second_refresh_without_new_commits_does_no_work(world: World, vectors: VectorIndex) -> None:
    run(world, vectors, HashEmbedder())
    embedder = HashEmbedder()
    report = run(world, vectors, embedder)
    assert (report.rebuilt, report.written, report.embedded, report.published) == (0, 0, 0, None)
    assert embedder.encoded == []


def test_new_commit_rebuilds_and_reembeds_only_its_author(world: World, vectors: VectorIndex) -> None:
    first = run(world, vectors, HashEmbedder())
    world.change("bo@example.org", "Bo Rand", "quantization", repo="acme/ggx")
    embedder = HashEmbedder()
    report = run(world, vectors, embedder)
    assert report.rebuilt == 1 and report.unchanged == 2 and report.published is None
    bo = load_profile(world.store, "bo@example.org")
    assert bo is not None and embedder.encoded == [bo.summary]
    assert vectors.current() == first.published  # incremental: same collection
    payload = vectors.search(embedder.encode([bo.summary])[0], {"repos": ["acme/ggx"]}, 5)
    assert [(pid, payload["skills"]) for pid, _, payload in payload] == [("bo@example.org", ["quantization", "simd"])]


def test_full_refresh_writes_a_new_collection(world: World, vectors: VectorIndex) -> None:
    first = run(world, vectors, HashEmbedder())
    second = run(world, vectors, HashEmbedder(), full=True)
    assert second.published and second.published != first.published
    assert second.rebuilt == 3 and vectors.count() == 3


def test_missing_collection_is_rebuilt_even_if_profiles_are_current(world: World, vectors: VectorIndex) -> None:
    first = run(world, vectors, HashEmbedder())
    vectors._client.delete_collection(first.published)
    report = run(world, vectors, HashEmbedder())
    assert report.rebuilt == 0 and report.published and vectors.count() == 3


def test_model_change_asks_for_rebuild_and_rebuild_fixes_it(world: World, vectors: VectorIndex) -> None:
    run(world, vectors, HashEmbedder(16))
    world.change("ada@example.com", "Ada Quill")
    with pytest.raises(ScoutError, match="scout index --rebuild"):
        run(world, vectors, HashEmbedder(32))
    assert vectors.count() == 3  # the old collection still serves
    report = run(world, vectors, HashEmbedder(32), full=True)
    assert report.published and vectors.dimension() == 32


def test_failed_vector_write_is_redone_next_time(world: World, vectors: VectorIndex, monkeypatch) -> None:
    run(world, vectors, HashEmbedder())
    world.change("cy@example.net", "Cy Moss")

    def broken(*args: object, **kwargs: object) -> None:
        raise ScoutError("Qdrant went away")

    monkeypatch.setattr(vectors, "upsert", broken)
    with pytest.raises(ScoutError, match="went away"):
        run(world, vectors, HashEmbedder())
    monkeypatch.undo()
    report = run(world, vectors, HashEmbedder())
    # the profile was already rebuilt last time; the vector index still lags and is caught up now
    assert report.rebuilt == 0 and report.written == 1 and report.embedded == 1


def test_person_merged_into_another_disappears_from_search(world: World, vectors: VectorIndex) -> None:
    run(world, vectors, HashEmbedder())
    with world.store.transaction() as c:
        c.execute("UPDATE identities SET person_id = 'gh:adaq' WHERE email = 'cy@example.net'")
    report = run(world, vectors, HashEmbedder())
    assert report.removed == 1 and report.rebuilt == 1 and report.deleted == 1
    assert vectors.count() == 2
    hits = vectors.search(np.ones(16, np.float32) / 4, None, 10)
    assert sorted(h[0] for h in hits) == ["bo@example.org", "gh:adaq"]


def test_profiles_rebuilt_outside_refresh_still_reach_the_vectors(world: World, vectors: VectorIndex) -> None:
    run(world, vectors, HashEmbedder())
    world.change("ada@example.com", "Ada Quill", "quantization")
    build_profiles(world.store, world.settings)  # someone rebuilt profiles without refreshing vectors
    embedder = HashEmbedder()
    report = run(world, vectors, embedder)
    ada = load_profile(world.store, "gh:adaq")
    assert report.rebuilt == 0 and ada is not None and embedder.encoded == [ada.summary]
    assert (
        "quantization"
        in vectors.search(embedder.encode([ada.summary])[0], {"skills": ["quantization"]}, 1)[0][2]["skills"]
    )


def test_payload_only_change_keeps_the_vector(world: World, vectors: VectorIndex) -> None:
    run(world, vectors, HashEmbedder())
    bo = load_profile(world.store, "bo@example.org")
    assert bo is not None
    changed = bo.model_copy(update={"depth": 0.99})  # depth is not in the summary text
    with world.store.transaction() as c:
        c.execute(
            "UPDATE profiles SET profile_json = ? WHERE person_id = ?", (changed.model_dump_json(), "bo@example.org")
        )
    embedder = HashEmbedder()
    report = run(world, vectors, embedder)
    assert (report.written, report.embedded, report.reused) == (1, 0, 1)
    assert vectors.search(np.ones(16, np.float32), {"min_depth": 0.9}, 5)[0][0] == "bo@example.org"


def test_unchanged_profiles_after_a_completed_sync_do_not_open_the_vectors(world: World, vectors: VectorIndex) -> None:
    opened: list[int] = []

    def open_vectors() -> VectorIndex:
        opened.append(1)
        return vectors

    assert run(world, open_vectors, HashEmbedder()).published and len(opened) == 1
    report = run(world, open_vectors, HashEmbedder())
    assert len(opened) == 1 and (report.rebuilt, report.written, report.profiles) == (0, 0, 3)
    world.change("bo@example.org", "Bo Rand", "quantization")
    report = run(world, open_vectors, HashEmbedder())
    assert len(opened) == 2 and report.rebuilt == 1 and report.written == 1


def test_an_interrupted_sync_leaves_no_mark_so_the_next_run_compares(
    world: World, vectors: VectorIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(world, lambda: vectors, HashEmbedder())
    mark = world.settings.data_dir / "vectors.synced"
    assert mark.is_file()
    world.change("cy@example.net", "Cy Moss")
    monkeypatch.setattr(vectors, "upsert", lambda *a, **k: (_ for _ in ()).throw(ScoutError("Qdrant went away")))
    with pytest.raises(ScoutError, match="went away"):
        run(world, lambda: vectors, HashEmbedder())
    assert not mark.exists()
    monkeypatch.undo()
    report = run(world, lambda: vectors, HashEmbedder())
    assert report.rebuilt == 0 and report.written == 1 and report.embedded == 1 and mark.is_file()


def test_a_change_of_embedding_precision_reembeds_everyone_once(world: World, vectors: VectorIndex) -> None:
    world.settings.embedding_precision = "fp32"
    run(world, vectors, HashEmbedder())
    world.settings.embedding_precision = "int8"
    embedder = HashEmbedder()
    report = run(world, vectors, embedder)
    assert report.published and report.embedded == 3 and len(embedder.encoded) == 3
    assert (world.settings.data_dir / "vectors.encoder").read_text().strip().endswith("|int8")
    again = HashEmbedder()
    assert run(world, vectors, again).embedded == 0 and again.encoded == []


def test_a_data_dir_without_an_encoder_record_is_taken_as_fp32(world: World, vectors: VectorIndex) -> None:
    world.settings.embedding_precision = "fp32"
    run(world, vectors, HashEmbedder())
    (world.settings.data_dir / "vectors.encoder").unlink()
    world.change("bo@example.org", "Bo Rand", "quantization", repo="acme/ggx")
    embedder = HashEmbedder()
    report = run(world, vectors, embedder)
    assert report.published is None and report.embedded == 1  # only the new commit's author, no republish
