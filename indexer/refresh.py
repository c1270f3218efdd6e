"""After indexing: identity -> profiles -> embeddings -> Qdrant, doing work only for people who changed.

Two comparisons keep the work small without any "last refreshed" bookkeeping that could drift:
- profiles: a person is rebuilt when their fingerprint (change ids, identities, landed commits, signal
  counts, scoring settings) differs from the stored one (indexer/profiles.py);
- vectors: each point carries digests of its profile and summary, compared with the store's. A point
  is rewritten when its profile changed, and re-embedded only when its summary text changed. So a
  profile rebuilt by anyone (or a vector write that failed half way) is picked up by the next refresh.

A run that finds every profile as the last completed vector sync left it (`vectors.synced` in the data
directory holds the digest of all profile digests and the vector settings then) does not even open the
vector index: importing and opening Qdrant was most of an unchanged re-run's time. Only embedded Qdrant
is skipped so; a server is always compared, since others may write to it.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from indexer.embedding import Embedder
from indexer.profiles import load_profiles, rebuild
from indexer.store import Store
from models.settings import Settings

if TYPE_CHECKING:
    from indexer.vectors import VectorIndex

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
    vectors: VectorIndex | Callable[[], VectorIndex],
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
    mark = _sync_mark(settings, wanted)
    if not full and callable(vectors) and _read_mark(settings) == mark:
        report.seconds = round(time.perf_counter() - started, 3)
        return report
    if callable(vectors):
        vectors = vectors()
    _clear_mark(settings)  # until this sync completes, the next run must compare the vectors again

    if full or vectors.current() is None or _vectors_encoder(settings) != encoder_key(settings):
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
    _write_atomic(settings.data_dir / ENCODER_FILE, encoder_key(settings))
    _write_mark(settings, mark)
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


ENCODER_FILE = "vectors.encoder"  # which model and precision made the vectors behind the alias


def encoder_key(settings: Settings) -> str:
    return f"{settings.embedding_model}|{settings.embedding_precision}"


def _vectors_encoder(settings: Settings) -> str:
    # A data dir from before this file was written holds fp32 vectors of its model.
    path = settings.data_dir / ENCODER_FILE
    return path.read_text(encoding="utf-8").strip() if path.is_file() else f"{settings.embedding_model}|fp32"


def _mark_path(settings: Settings) -> Path:
    return settings.data_dir / "vectors.synced"


def _sync_mark(settings: Settings, wanted: dict[str, tuple[str, str]]) -> str | None:
    """What the vector index holds after a sync of these profiles; None where it cannot be trusted (a server)."""
    if settings.qdrant_url:
        return None
    encoder = "" if settings.embedding_precision == "fp32" else f"{settings.embedding_precision}\n"
    digest = hashlib.sha256(f"{settings.collection}\n{settings.embedding_model}\n{encoder}".encode())
    for person_id in sorted(wanted):
        digest.update(f"{person_id}\t{wanted[person_id][0]}\t{wanted[person_id][1]}\n".encode())
    return digest.hexdigest()


def _read_mark(settings: Settings) -> str | None:
    path = _mark_path(settings)
    return path.read_text(encoding="ascii").strip() if path.is_file() and settings.qdrant_path.is_dir() else None


def _write_mark(settings: Settings, mark: str | None) -> None:
    if mark is not None:
        _write_atomic(_mark_path(settings), mark)


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text + "\n", encoding="utf-8")
    os.replace(tmp, path)


def _clear_mark(settings: Settings) -> None:
    _mark_path(settings).unlink(missing_ok=True)


def _resolve_identities(store: Store) -> set[str]:
    from indexer.identity import resolve  # engineer A's module; imported late so profiles work without it

    return resolve(store)
