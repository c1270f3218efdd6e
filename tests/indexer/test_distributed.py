"""Reading spread over worker processes, one writer: the same store and profiles as `scout index --manifest`."""

from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest

from eval.corpus_scale import ScaleSpec, generate_scale
from indexer.distributed import decode, index_distributed, plan, read_repository
from indexer.embedding import Embedder
from indexer.manifest import load_manifest
from indexer.store import Store
from indexer.update import update
from models.settings import Settings

TINY = ScaleSpec(total_repos=3, quarters=1, commits_per_quarter=90, people=40, seed=5)


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(generate_scale(tmp_path_factory.mktemp("scale") / "tiny", TINY).manifest)


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return Embedder(Settings())


def digests(settings: Settings) -> dict[str, tuple[str, str]]:
    store = Store.open(settings.db_path)
    try:
        return store.profile_digests()
    finally:
        store.close()


def test_workers_then_one_writer_give_the_same_profiles_as_one_process(
    tmp_path: Path, manifest: Path, embedder: Embedder
) -> None:
    specs = load_manifest(manifest)
    local = Settings(data_dir=tmp_path / "local")
    update(local, specs, embedder=embedder, progress=False, echo=lambda _: None)
    spread = Settings(data_dir=tmp_path / "spread")
    with ProcessPoolExecutor(max_workers=2) as pool:
        report = index_distributed(spread, specs, pool.map, embedder=embedder)
    assert [r.repo for r in report.repos] == [s.name for s in specs]
    assert sum(r.commits for r in report.repos) > 0
    assert digests(spread) == digests(local) and digests(local)


def test_a_second_run_reads_nothing_new(tmp_path: Path, manifest: Path, embedder: Embedder) -> None:
    specs = load_manifest(manifest)
    settings = Settings(data_dir=tmp_path / "data")
    index_distributed(settings, specs, map, embedder=embedder)
    again = index_distributed(settings, specs, map, embedder=embedder)
    assert all(r.up_to_date for r in again.repos)


def test_what_a_worker_sends_is_plain_json_records(tmp_path: Path, manifest: Path) -> None:
    spec = load_manifest(manifest)[0]
    store = Store.open(tmp_path / "scout.db")
    try:
        job = plan(store, [spec], Settings(data_dir=tmp_path))[0]
    finally:
        store.close()
    raw = read_repository(job)
    assert raw.lstrip().startswith(b"{")
    read = decode(raw)
    assert read.repo == spec.name and read.commits and len(read.commits) == len(read.detections)
    assert any(d.signals for d in read.detections)  # the generated code gives the detectors work
