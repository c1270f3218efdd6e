"""One `scout index --manifest` run gives exactly what indexing its repositories one call at a time gives."""

from pathlib import Path

import numpy as np
import pytest

from eval.corpus import generate
from indexer.embedding import Embedder
from indexer.manifest import load_manifest
from indexer.store import Store
from indexer.update import update
from indexer.vectors import VectorIndex
from models.settings import Settings

pytestmark = pytest.mark.slow


def _content(settings: Settings) -> tuple[list, dict, dict]:
    store = Store.open(settings.db_path)
    try:
        identities, profiles = store.identity_rows(), store.profile_digests()
    finally:
        store.close()
    with VectorIndex(settings) as vectors:
        stored = vectors.vectors_for(sorted(profiles))
    return identities, profiles, stored


def test_one_manifest_run_equals_one_call_per_repository(tmp_path: Path) -> None:
    specs = load_manifest(generate(tmp_path / "corpus").manifest)
    assert len(specs) > 3
    embedder = Embedder(Settings())
    together = Settings(data_dir=tmp_path / "together", index_workers=2)  # one run, one shared pool of 2 workers
    apart = Settings(data_dir=tmp_path / "apart", index_workers=1)  # one call per repo, detection in-process
    update(together, specs, embedder=embedder, progress=False, echo=lambda line: None)
    for spec in specs:
        update(apart, [spec], embedder=embedder, progress=False, echo=lambda line: None)

    ids_a, profiles_a, vectors_a = _content(together)
    ids_b, profiles_b, vectors_b = _content(apart)
    assert ids_a == ids_b and len(ids_a) > 50
    # digests of the whole profile JSON (skills, scores, evidence) and of the summary, person by person
    assert profiles_a == profiles_b and len(profiles_a) > 50
    assert vectors_a.keys() == vectors_b.keys() == profiles_a.keys()
    assert all(np.array_equal(vectors_a[p], vectors_b[p]) for p in profiles_a)
