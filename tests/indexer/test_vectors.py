import socket
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import numpy as np
import pytest

from indexer.vectors import VectorIndex, payload_for, point_id
from models.errors import ScoutError
from models.records import Activity, Profile, SkillScore
from models.settings import Settings

DIM = 8


def person(pid: str, *, langs: dict[str, int], repos: dict[str, int], skills: dict[str, float], last: date) -> Profile:
    return Profile(
        id=pid,
        names=[pid.split("@")[0]],
        emails=[pid],
        languages=langs,
        repos=repos,
        skills={k: SkillScore(skill=k, score=v, commits=1) for k, v in skills.items()},
        activity=Activity(commits=3, first_date=date(2020, 1, 1), last_date=last),
        systems_share=0.7,
        depth=0.4,
    )


PEOPLE = [
    person(
        "ada@example.com",
        langs={"rust": 900, "cuda": 200},
        repos={"acme/tensor": 3},
        skills={"quantization": 0.8, "cuda_kernel": 0.5},
        last=date(2025, 6, 1),
    ),
    person(
        "bo@example.org",
        langs={"cpp": 500},
        repos={"acme/ggx": 3},
        skills={"simd": 0.9, "quantization": 0.05},
        last=date(2021, 1, 1),
    ),
    person(
        "cy@example.net",
        langs={"rust": 50, "python": 5},
        repos={"acme/tensor": 1, "acme/ggx": 2},
        skills={"quantization": 0.3, "simd": 0.4},
        last=date(2024, 2, 1),
    ),
]


def unit(i: int, dim: int = DIM) -> np.ndarray:
    v = np.zeros(dim, dtype=np.float32)
    v[i] = 1.0
    return v


VECTORS = np.stack([unit(0), unit(1), unit(2)])


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path)


@pytest.fixture
def index(settings: Settings) -> Iterator[VectorIndex]:
    with VectorIndex(settings) as vi:
        yield vi


def ids(hits: list) -> list[str]:
    return [h[0] for h in hits]


def test_publish_then_search_returns_nearest_with_payload(index: VectorIndex) -> None:
    assert index.current() is None and index.count() == 0
    index.publish(PEOPLE, VECTORS)
    assert index.count() == 3
    hits = index.search(unit(1), None, 2)
    assert hits[0][0] == "bo@example.org" and hits[0][1] == pytest.approx(1.0)
    payload = hits[0][2]
    assert payload["languages"] == ["cpp"] and payload["repos"] == ["acme/ggx"]
    assert payload["skills"] == ["simd"]  # below 0.1 is dropped
    assert payload["last_active"] == "2021-01-01T00:00:00Z"


def test_filters_languages_repos_skills_and_recency(index: VectorIndex) -> None:
    index.publish(PEOPLE, VECTORS)
    q = unit(0)
    assert set(ids(index.search(q, {"languages": ["rust"]}, 10))) == {"ada@example.com", "cy@example.net"}
    assert set(ids(index.search(q, {"repos": ["acme/ggx"]}, 10))) == {"bo@example.org", "cy@example.net"}
    assert set(ids(index.search(q, {"skills": ["simd", "cuda_kernel"]}, 10))) == set(ids(index.search(q, None, 10)))
    assert ids(index.search(q, {"skills_all": ["simd", "quantization"]}, 10)) == ["cy@example.net"]
    assert set(ids(index.search(q, {"active_since": date(2024, 1, 1)}, 10))) == {"ada@example.com", "cy@example.net"}
    assert ids(index.search(q, {"active_since": "2025-01-01", "languages": ["rust"]}, 10)) == ["ada@example.com"]
    with pytest.raises(ValueError, match="unknown vector filter"):
        index.search(q, {"langs": ["rust"]}, 10)


def test_language_with_a_few_lines_is_not_filterable(index: VectorIndex) -> None:
    assert payload_for(PEOPLE[2])["languages"] == ["rust"]


def test_republish_switches_alias_and_drops_old_collection(index: VectorIndex) -> None:
    first = index.publish(PEOPLE, VECTORS)
    second = index.publish(PEOPLE[:2], VECTORS[:2])
    assert first != second and index.current() == second
    assert index.count() == 2
    names = {c.name for c in index._client.get_collections().collections}
    assert names == {second}


def test_failed_publish_leaves_previous_collection_serving(index: VectorIndex, monkeypatch) -> None:
    first = index.publish(PEOPLE, VECTORS)

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(index._client, "upsert", broken)
    with pytest.raises(ScoutError, match="failed to write points.*disk full"):
        index.publish(PEOPLE[:1], VECTORS[:1])
    monkeypatch.undo()
    assert index.current() == first and index.count() == 3
    assert {c.name for c in index._client.get_collections().collections} == {first}
    assert ids(index.search(unit(2), None, 1)) == ["cy@example.net"]


def test_upsert_and_delete_touch_only_given_people(index: VectorIndex) -> None:
    index.publish(PEOPLE, VECTORS)
    moved = PEOPLE[1].model_copy(update={"repos": {"acme/new": 1}})
    index.upsert([moved], np.stack([unit(5)]))
    assert index.count() == 3
    assert index.search(unit(5), None, 1)[0][2]["repos"] == ["acme/new"]
    index.delete(["ada@example.com"])
    assert set(ids(index.search(unit(0), None, 10))) == {"bo@example.org", "cy@example.net"}
    stored = index.vectors_for(["cy@example.net", "nobody@example.com"])
    assert list(stored) == ["cy@example.net"] and np.allclose(stored["cy@example.net"], unit(2))


def test_model_change_is_reported_with_the_fix(index: VectorIndex) -> None:
    index.publish(PEOPLE, VECTORS)
    with pytest.raises(ScoutError, match=r"8-d vectors but the embedding model gives 16-d.*scout index --rebuild"):
        index.search(unit(0, 16), None, 3)
    with pytest.raises(ScoutError, match="scout index --rebuild"):
        index.upsert(PEOPLE[:1], np.stack([unit(0, 16)]))
    assert index.count() == 3


def test_search_before_any_index_says_to_index(index: VectorIndex) -> None:
    with pytest.raises(ScoutError, match="run `scout index`"):
        index.search(unit(0), None, 3)


def test_corrupted_directory_is_a_clear_error(settings: Settings) -> None:
    settings.qdrant_path.mkdir(parents=True)
    (settings.qdrant_path / "meta.json").write_text("{not json")
    with pytest.raises(ScoutError, match="not a readable Qdrant directory.*scout index --rebuild"):
        VectorIndex(settings)


def test_foreign_directory_is_a_clear_error(settings: Settings) -> None:
    settings.qdrant_path.mkdir(parents=True)
    (settings.qdrant_path / "meta.json").write_text('{"something": "else"}')
    with pytest.raises(ScoutError, match="not a readable Qdrant directory"):
        VectorIndex(settings)


def test_second_open_in_one_process_is_refused(index: VectorIndex, settings: Settings) -> None:
    with pytest.raises(ScoutError, match="open in another Scout process"):
        VectorIndex(settings)


def test_publish_survives_reopen(settings: Settings) -> None:
    with VectorIndex(settings) as vi:
        name = vi.publish(PEOPLE, VECTORS)
    with VectorIndex(settings) as vi:
        assert vi.current() == name and vi.count() == 3
        assert point_id("ada@example.com") == point_id("ada@example.com") != point_id("bo@example.org")


def test_server_down_names_the_url_setting(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    vi = VectorIndex(Settings(data_dir=tmp_path, qdrant_url=f"http://127.0.0.1:{port}"), timeout_s=2)
    with pytest.raises(ScoutError, match=f"Qdrant at http://127.0.0.1:{port}.*check SCOUT_QDRANT_URL"):
        vi.search(unit(0), None, 3)
    with pytest.raises(ScoutError, match="check SCOUT_QDRANT_URL"):
        vi.publish(PEOPLE, VECTORS)


def test_slow_server_times_out_with_a_clear_error(tmp_path: Path) -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept_and_stall() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])  # never answers
            except OSError:
                continue

    thread = threading.Thread(target=accept_and_stall, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        vi = VectorIndex(Settings(data_dir=tmp_path, qdrant_url=url), timeout_s=1)
        with pytest.raises(ScoutError, match="check SCOUT_QDRANT_URL"):
            vi.count()
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()


def test_embedded_scan_agrees_with_qdrant_filters(index: VectorIndex) -> None:
    rng = np.random.default_rng(5)
    langs, repos, skills = ["rust", "cpp", "cuda", "python"], ["acme/a", "acme/b", "acme/c"], ["simd", "ffi", "serving"]
    people = []
    for i in range(120):
        people.append(
            person(
                f"p{i}@example.com",
                langs={str(lang): 100 for lang in rng.choice(langs, size=int(rng.integers(1, 3)), replace=False)},
                repos={str(r): 1 for r in rng.choice(repos, size=int(rng.integers(1, 3)), replace=False)},
                skills={str(s): float(rng.uniform(0.05, 1)) for s in rng.choice(skills, size=2, replace=False)},
                last=date(2018, 1, 1) + (date(2026, 1, 1) - date(2018, 1, 1)) * float(rng.uniform()),
            ).model_copy(update={"depth": float(rng.uniform()), "flags": ["docs_only"] if i % 7 == 0 else []})
        )
    matrix = rng.normal(size=(120, DIM)).astype(np.float32)
    index.publish(people, matrix)
    cases = [
        None,
        {"languages": ["rust", "cuda"]},
        {"repos": ["acme/b"], "skills": ["ffi"]},
        {"skills_all": ["simd", "serving"]},
        {"active_since": "2023-06-01", "exclude_flags": ["docs_only"], "min_depth": 0.3},
        {"languages": ["zig"]},
        {"skills_all": ["simd", "serving"], "languages": ["rust"]},  # selective: scores only kept rows
    ]
    for flt in cases:
        q = rng.normal(size=DIM).astype(np.float32)
        index.use_scan = True
        scanned = index.search(q, flt, 20)
        index.use_scan = False
        native = index.search(q, flt, 20)
        assert [h[0] for h in scanned] == [h[0] for h in native], flt
        assert np.allclose([h[1] for h in scanned], [h[1] for h in native], atol=1e-5)
    # a write drops the copy, so the next search sees it
    index.use_scan = True
    index.search(matrix[0], None, 1)
    index.upsert([people[0]], np.stack([unit(3)]))
    assert index.search(unit(3), None, 1)[0][0] == "p0@example.com"
