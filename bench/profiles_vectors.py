"""Benchmarks for profiles and vectors (BENCHMARKS.md, "Profiles and vectors").

  scout bench profiles_vectors build  --data-dir DIR      # profiles + embeddings + publish for an index
  scout bench profiles_vectors search --data-dir DIR      # search latency at the index's size
  scout bench profiles_vectors search --synthetic 50000   # search latency at 50k synthetic points

Each figure is printed beside its baseline from the same run: the profile build beside the raw SQL read
it starts from and beside a no-op incremental refresh; search through embedded Qdrant's own filter
beside Scout's in-process columnar scan (indexer/vector_scan.py) and a naive numpy scan that filters
payloads in a Python loop, all over the same vectors and filters.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np

from indexer.embedding import Embedder
from indexer.profiles import load_profiles, rebuild
from indexer.refresh import refresh
from indexer.store import Store
from indexer.vectors import VectorIndex, payload_for
from models.catalog import CATALOG
from models.records import Activity, Profile, SkillScore
from models.settings import Settings
from models.taxonomy import SKILLS

FILTERS: dict[str, dict[str, Any] | None] = {
    "bare": None,
    "languages=rust": {"languages": ["rust"]},
    "languages=rust+active_since": {"languages": ["rust"], "active_since": "2024-01-01"},
    "skills=quantization": {"skills": ["quantization"]},
}


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def no_resolve(store: Store) -> set[str]:
    return set()


def bench_build(data_dir: Path) -> dict[str, Any]:
    settings = Settings.from_env(data_dir=data_dir)
    store = Store.open(settings.db_path, create=False)
    out: dict[str, Any] = {"changes": store.conn.execute("SELECT count(*) FROM changes").fetchone()[0]}
    out["signals"] = store.conn.execute("SELECT count(*) FROM signals").fetchone()[0]

    t = time.perf_counter()
    store.change_rows(), store.commit_rows(), store.file_change_rows(), store.signal_rows()
    out["baseline_sql_read_s"] = round(time.perf_counter() - t, 2)
    out["rss_after_read_mib"] = round(peak_mib())

    t = time.perf_counter()
    result = rebuild(store, settings, force=True)
    out["profiles"] = len(result.built)
    out["profiles_build_s"] = round(time.perf_counter() - t, 2)
    out["rss_after_profiles_mib"] = round(peak_mib())

    t = time.perf_counter()
    embedder = Embedder(settings)
    out["model_load_s"] = round(time.perf_counter() - t, 2)
    profiles = load_profiles(store)
    t = time.perf_counter()
    vectors = embedder.encode([p.summary for p in profiles])
    out["embed_s"] = round(time.perf_counter() - t, 2)
    out["embed_per_profile_ms"] = round(1000 * out["embed_s"] / max(1, len(profiles)), 2)
    out["rss_after_embed_mib"] = round(peak_mib())

    with VectorIndex(settings) as index:
        t = time.perf_counter()
        index.publish(profiles, vectors)
        out["publish_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()
        report = refresh(store, settings, index, embedder, resolve=no_resolve)
        out["noop_refresh_s"] = round(time.perf_counter() - t, 2)
        out["noop_refresh_rebuilt"] = report.rebuilt
    out["peak_rss_mib"] = round(peak_mib())
    store.close()
    return out


def synthetic_profiles(n: int, seed: int = 7) -> list[Profile]:
    rng = np.random.default_rng(seed)
    langs = ["rust", "cpp", "c", "cuda", "metal", "python", "glsl", "wgsl"]
    lang_p = np.array([0.2, 0.25, 0.1, 0.12, 0.05, 0.2, 0.04, 0.04])
    repos = sorted(CATALOG)
    skills = sorted(SKILLS)
    start = date(2014, 1, 1)
    out = []
    for i in range(n):
        k = int(rng.integers(1, 4))
        chosen_langs = rng.choice(langs, size=k, replace=False, p=lang_p)
        chosen_repos = rng.choice(repos, size=int(rng.integers(1, 4)), replace=False)
        chosen_skills = rng.choice(skills, size=int(rng.integers(0, 7)), replace=False)
        last = start + timedelta(days=int(rng.integers(0, 12 * 365)))
        out.append(
            Profile(
                id=f"synthetic-{i}@example.com",
                names=[f"Person {i}"],
                emails=[f"synthetic-{i}@example.com"],
                languages={str(lang): int(rng.integers(20, 50_000)) for lang in chosen_langs},
                repos={str(r): int(rng.integers(1, 300)) for r in chosen_repos},
                skills={
                    str(s): SkillScore(skill=str(s), score=float(rng.uniform(0.05, 1.0)), commits=1)
                    for s in chosen_skills
                },
                activity=Activity(commits=int(rng.integers(1, 500)), last_date=last),
                systems_share=float(rng.uniform()),
                depth=float(rng.uniform()),
                flags=["python_only"] if "python" in chosen_langs and k == 1 else [],
            )
        )
    return out


def numpy_mask(payloads: list[dict[str, Any]], flt: dict[str, Any] | None) -> np.ndarray:
    if not flt:
        return np.ones(len(payloads), dtype=bool)
    since = flt.get("active_since")
    keep = []
    for p in payloads:
        ok = True
        for key in ("languages", "skills", "repos"):
            if flt.get(key):
                ok = ok and bool(set(flt[key]) & set(p[key]))
        if since:
            ok = ok and p.get("last_active", "") >= f"{since}T00:00:00Z"
        keep.append(ok)
    return np.array(keep)


def latency(fn: Any, queries: np.ndarray) -> tuple[float, float]:
    times = []
    for q in queries:
        t = time.perf_counter()
        fn(q)
        times.append(1000 * (time.perf_counter() - t))
    times.sort()
    return round(statistics.median(times), 2), round(times[int(0.95 * (len(times) - 1))], 2)


def bench_search(
    index: VectorIndex, profiles: list[Profile], matrix: np.ndarray, n_queries: int, native_queries: int
) -> dict[str, Any]:
    rng = np.random.default_rng(11)
    queries = rng.normal(size=(n_queries, matrix.shape[1])).astype(np.float32)
    queries /= np.linalg.norm(queries, axis=1, keepdims=True)
    payloads = [payload_for(p) for p in profiles]
    out: dict[str, Any] = {"points": index.count(), "queries": n_queries, "native_queries": native_queries}
    index.use_scan = True
    t = time.perf_counter()
    index.search(queries[0], None, 1)  # builds the in-process copy once
    out["scan_build_s"] = round(time.perf_counter() - t, 2)
    for name, flt in FILTERS.items():
        index.use_scan = False
        q_p50, q_p95 = latency(lambda q, flt=flt: index.search(q, flt, 50), queries[:native_queries])
        index.use_scan = True
        s_p50, s_p95 = latency(lambda q, flt=flt: index.search(q, flt, 50), queries)

        def brute(q: np.ndarray, flt: dict[str, Any] | None = flt) -> None:
            mask = numpy_mask(payloads, flt)  # filtering is part of the query, as in Qdrant
            scores = np.where(mask, np.einsum("ij,j->i", matrix, q), -np.inf)
            np.argpartition(-scores, min(50, len(scores) - 1))[:50]

        b_p50, b_p95 = latency(brute, queries)
        out[name] = {
            "embedded_qdrant_p50_ms": q_p50,
            "embedded_qdrant_p95_ms": q_p95,
            "scout_scan_p50_ms": s_p50,
            "scout_scan_p95_ms": s_p95,
            "numpy_loop_filter_p50_ms": b_p50,
            "numpy_loop_filter_p95_ms": b_p95,
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("what", choices=["build", "search"], help="build: profiles and vectors; search: latency")
    parser.add_argument("--data-dir", type=Path, help="an index built by `scout index`")
    parser.add_argument("--synthetic", type=int, default=0, help="search: N synthetic profiles instead of an index")
    parser.add_argument("--queries", type=int, default=100, help="search: queries through Scout's scan")
    parser.add_argument("--native-queries", type=int, default=20, help="queries through embedded Qdrant (slow)")
    args = parser.parse_args()
    if args.what == "build":
        print(json.dumps(bench_build(args.data_dir), indent=2))
        return
    if args.synthetic:
        profiles = synthetic_profiles(args.synthetic)
        rng = np.random.default_rng(3)
        matrix = rng.normal(size=(len(profiles), 384)).astype(np.float32)
        matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
        with tempfile.TemporaryDirectory() as tmp:
            with VectorIndex(Settings(data_dir=Path(tmp))) as index:
                t = time.perf_counter()
                index.publish(profiles, matrix)
                publish_s = round(time.perf_counter() - t, 2)
            t = time.perf_counter()
            with VectorIndex(Settings(data_dir=Path(tmp))) as index:
                open_s = round(time.perf_counter() - t, 2)
                result = bench_search(index, profiles, matrix, args.queries, args.native_queries)
        result.update(publish_s=publish_s, reopen_s=open_s, peak_rss_mib=round(peak_mib()))
        print(json.dumps(result, indent=2))
        return
    settings = Settings.from_env(data_dir=args.data_dir)
    store = Store.open(settings.db_path, create=False)
    profiles = load_profiles(store)
    with VectorIndex(settings) as index:
        stored = index.vectors_for([p.id for p in profiles])
        profiles = [p for p in profiles if p.id in stored]
        matrix = np.stack([stored[p.id] for p in profiles])
        print(json.dumps(bench_search(index, profiles, matrix, args.queries, args.native_queries), indent=2))


if __name__ == "__main__":
    main()
