"""After indexing: identity -> profiles -> embeddings -> Qdrant, doing work only for people who changed.

Two comparisons keep the work small without any "last refreshed" bookkeeping that could drift:
- profiles: a person is rebuilt when their fingerprint (change ids, identities, landed commits, signal
  counts, scoring settings) differs from the stored one (indexer/profiles.py);
- vectors: each point carries digests of its profile and summary, compared with the store's. A point
  is rewritten when its profile changed, and re-embedded only when its summary text changed. So a
  profile rebuilt by anyone (or a vector write that failed half way) is picked up by the next refresh.
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
from models.settings import Settings

Resolver = Callable[[Store], set[str]]


@dataclass
class RefreshReport:
    profiles: int = 0  # people with a profile after the refresh
    rebuilt: int = 0  # profiles recomputed
    unchanged: int = 0  # skipped by fingerprint
    removed: int = 0  # profiles dropped (merged into someone else or gone)
    written: int = 0  # points written to the vector index
    embedded: int = 0  # summaries encoded
    reused: int = 0  # vectors kept because the summary text did not change
    deleted: int = 0  # points deleted from the vector index
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

    result = rebuild(store, settings, None, force=full)
    report.rebuilt, report.unchanged, report.removed = len(result.built), result.unchanged, len(result.removed)
    wanted = store.profile_digests()
    report.profiles = len(wanted)

    if full or vectors.current() is None:
        everyone = load_profiles(store)
        report.embedded = report.written = len(everyone)
        report.published = vectors.publish(everyone, embedder.encode([p.summary for p in everyone], progress=progress))
    else:
        indexed = vectors.digests()
        stale = sorted(pid for pid, digest in wanted.items() if indexed.get(pid) != digest)
        if stale:  # only then is the model needed (and loaded)
            vectors.check(embedder.dimension)
        gone = sorted(set(indexed) - set(wanted))
        same_text = [pid for pid in stale if pid in indexed and indexed[pid][1] == wanted[pid][1]]
        report.embedded, report.reused = _upsert(store, stale, same_text, vectors, embedder, progress)
        report.written = len(stale)
        vectors.delete(gone)
        report.deleted = len(gone)
    report.seconds = round(time.perf_counter() - started, 3)
    return report


def _upsert(
    store: Store, stale: list[str], same_text: list[str], vectors: VectorIndex, embedder: Embedder, progress: bool
) -> tuple[int, int]:
    if not stale:
        return 0, 0
    profiles = load_profiles(store, stale)
    kept = vectors.vectors_for(same_text)
    to_encode = [p for p in profiles if p.id not in kept]
    encoded = embedder.encode([p.summary for p in to_encode], progress=progress)
    fresh = {p.id: encoded[i] for i, p in enumerate(to_encode)}
    matrix = np.stack([kept[p.id] if p.id in kept else fresh[p.id] for p in profiles]).astype(np.float32)
    vectors.upsert(profiles, matrix)
    return len(to_encode), len(profiles) - len(to_encode)


def _resolve_identities(store: Store) -> set[str]:
    from indexer.identity import resolve  # engineer A's module; imported late so profiles work without it

    return resolve(store)
