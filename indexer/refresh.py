"""After indexing: identity -> profiles -> embeddings -> Qdrant, doing work only for people who changed.

Which people changed is decided by profile fingerprints (their change ids, identities, landed commits
and signal counts, and the scoring settings), so no separate "last refreshed" bookkeeping can drift
from the data. A person whose profile changed but whose summary text did not keeps their stored
vector and only gets a new payload.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from indexer.embedding import Embedder
from indexer.profiles import load_profiles, rebuild
from indexer.store import Store
from indexer.vectors import VectorIndex
from models.records import Profile
from models.settings import Settings

Resolver = Callable[[Store], set[str]]


@dataclass
class RefreshReport:
    profiles: int = 0  # people with a profile after the refresh
    rebuilt: int = 0  # profiles recomputed
    unchanged: int = 0  # skipped by fingerprint
    removed: int = 0  # profiles dropped (merged into someone else or gone)
    embedded: int = 0  # summaries encoded
    reused: int = 0  # vectors kept because the summary text did not change
    published: str | None = None  # new collection name when the whole index was rewritten
    identity_changes: int = 0
    seconds: float = 0.0


def refresh(
    store: Store,
    settings: Settings,
    vectors: VectorIndex,
    embedder: Embedder,
    *,
    full: bool = False,
    resolve: Resolver | None = None,
    progress: bool = False,
) -> RefreshReport:
    """Bring profiles and the vector index up to date with the store; `full` rebuilds and republishes all."""
    started = time.perf_counter()
    report = RefreshReport()
    report.identity_changes = len((resolve or _resolve_identities)(store))

    old_summaries = store.profile_summaries()
    result = rebuild(store, settings, None, force=full)
    report.rebuilt, report.unchanged, report.removed = len(result.built), result.unchanged, len(result.removed)
    profile_count = len(store.profile_fingerprints())
    # A missing collection, or one that drifted from the store (an earlier write failed), gets rewritten.
    republish = full or vectors.current() is None or vectors.count() != len(old_summaries)
    if not republish:
        vectors.check(embedder.dimension)

    if republish:
        everyone = load_profiles(store)
        vecs = embedder.encode([p.summary for p in everyone], progress=progress)
        report.embedded = len(everyone)
        report.published = vectors.publish(everyone, vecs)
    else:
        try:
            report.embedded, report.reused = _upsert_changed(result.built, old_summaries, vectors, embedder, progress)
            vectors.delete(result.removed)
        except BaseException:
            # the store already holds the new profiles: forget their fingerprints so the next run redoes them
            store.invalidate_profiles([p.id for p in result.built])
            raise
    report.profiles = profile_count
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _upsert_changed(
    built: list[Profile], old_summaries: dict[str, str], vectors: VectorIndex, embedder: Embedder, progress: bool
) -> tuple[int, int]:
    if not built:
        return 0, 0
    same_text = [p.id for p in built if old_summaries.get(p.id) == p.summary]
    stored = vectors.vectors_for(same_text)
    to_encode = [p for p in built if p.id not in stored]
    encoded = embedder.encode([p.summary for p in to_encode], progress=progress)
    fresh = {p.id: encoded[i] for i, p in enumerate(to_encode)}
    matrix = np.stack([stored[p.id] if p.id in stored else fresh[p.id] for p in built]).astype(np.float32)
    vectors.upsert(built, matrix)
    return len(to_encode), len(built) - len(to_encode)


def _resolve_identities(store: Store) -> set[str]:
    from indexer.identity import resolve  # engineer A's module; imported late so profiles work without it

    return resolve(store)
