"""Lexical index: build time and memory on a real index, query latency, and the top people for jargon words.

    scout bench lexical --data-dir /tmp/scout-real [--queries 200] [--show-ids]

Opens the engine as `scout serve` does (model, store, vectors) and measures, in one process:
- reading each person's commit text (`indexer.profiles.evidence_texts`) and building the index
  (`search.lexical.LexicalIndex.build`), wall time and resident memory added, and a snapshot load that
  rebuilds it;
  baseline: a snapshot reload whose commit text did not change (the cached index is kept), which is
  everything else a snapshot load does (profiles, vectors, vocabulary);
- `SearchEngine.lexical_scores` p50/p95 over varied sentences and jargon phrases; baseline: the whole
  in-process `SearchEngine.search` over the same queries;
- the five best-scoring people for each jargon word with the commits that matched, to read by hand.
Person ids are printed as the first 10 hex digits of their SHA-256 unless --show-ids.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import time
from pathlib import Path

JARGON = ["NCCL", "all-reduce", "Qwen", "autotune", "CANN", "checkpointing", "fp8", "Triton"]
PHRASES = [
    "gradient checkpointing",
    "tensor parallel",
    "pipeline parallelism",
    "expert parallelism",
    "mixture of experts",
    "rotary embeddings",
    "KV cache",
    "paged attention",
    "speculative decoding",
    "flash attention",
    "Vulkan backend",
    "SYCL",
    "ROCm HIP",
    "WebGPU",
    "RISC-V vector",
    "bf16 matmul",
    "int4 packing",
    "Q4_K dequantize",
    "sm_90 wgmma",
    "AVX512 VNNI",
    "Metal shaders",
    "JIT compiler",
    "IR lowering",
    "graph capture",
    "kernel fusion",
    "autograd",
    "optimizer state",
    "mixed precision training",
    "loss scaling",
    "tokenizer BPE",
    "safetensors mmap",
    "Gemma support",
    "Llama 3",
    "Mistral",
    "whisper encoder",
    "CUDA graphs",
    "cuBLAS",
    "NVTX profiling",
    "Nsight",
    "memory pool allocator",
    "zero copy",
    "unsafe transmute",
    "pyo3 bindings",
    "WASM SIMD",
    "NEON intrinsics",
    "im2col convolution",
    "softmax online",
    "layer norm",
    "RMSNorm",
    "sharding across GPUs",
]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms_line(label: str, ms: list[float]) -> str:
    mean = statistics.fmean(ms)
    return f"{label:<44} n={len(ms):<4} p50={pct(ms, 50):7.2f} ms  p95={pct(ms, 95):7.2f} ms  mean={mean:7.2f} ms"


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


def timed(fn, *args):  # noqa: ANN001, ANN202 - a stopwatch around any call
    before, start = rss_mb(), time.perf_counter()
    out = fn(*args)
    return out, time.perf_counter() - start, rss_mb() - before


def label(pid: str, show: bool) -> str:
    return pid if show else hashlib.sha256(pid.lower().encode()).hexdigest()[:10]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog="scout bench lexical", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True, help="an index built by `scout index`")
    ap.add_argument("--queries", type=int, default=200, help="sentences to time (default 200)")
    ap.add_argument("--show-ids", action="store_true", help="print person ids in clear (never commit them)")
    args = ap.parse_args(argv)
    if not (args.data_dir / "scout.db").is_file():
        ap.error(f"no index at {args.data_dir / 'scout.db'}")

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from search_latency import queries as sentences

    from indexer.profiles import evidence_texts
    from models.records import SearchRequest
    from models.settings import Settings
    from search.engine import SearchEngine
    from search.lexical import LexicalIndex

    engine = SearchEngine.open(Settings(data_dir=args.data_dir))
    source = engine.source
    store = source.store  # type: ignore[attr-defined]
    print(f"index {args.data_dir}: {engine.profile_count()} people")

    token = source.token()
    engine._lexical_cache = None
    snap, load_s, load_mb = timed(engine._load, token)
    docs, read_s, read_mb = timed(evidence_texts, store)
    index, build_s, build_mb = timed(LexicalIndex.build, docs)
    commits = sum(len(v) for v in docs.values())
    chars = sum(len(c.subject) + len(c.text) for v in docs.values() for c in v)
    print(f"commit text: {len(docs)} people, {commits} changes, {chars / 1e6:.1f} M chars")
    print(f"snapshot load, lexical index rebuilt        {load_s:6.2f} s")
    print(f"  read commit text (evidence_texts)         {read_s:6.2f} s  +{read_mb:6.0f} MB RSS (transient)")
    print(f"  build LexicalIndex                        {build_s:6.2f} s  +{build_mb:6.0f} MB RSS (held)")
    print(f"index: {len(index)} people, vocabulary {len(index._vocab)}, {len(index._changes.tokens)} change-tokens")
    _, cached_s, _ = timed(engine._load, token)
    print(f"baseline: snapshot load, lexical index kept {cached_s:6.2f} s (commit text unchanged)")
    del docs, snap

    r = random.Random(3)
    mix = sentences(max(0, args.queries - len(PHRASES) - len(JARGON))) + PHRASES + JARGON
    r.shuffle(mix)
    for q in mix[:20]:
        engine.lexical_scores(q)
        engine.search(SearchRequest(query=q))
    lex_ms, search_ms, hits = [], [], []
    for q in mix:
        start = time.perf_counter()
        found = engine.lexical_scores(q)
        lex_ms.append((time.perf_counter() - start) * 1000)
        hits.append(len(found))
        start = time.perf_counter()
        engine.search(SearchRequest(query=q, limit=10))
        search_ms.append((time.perf_counter() - start) * 1000)
    print(ms_line("SearchEngine.lexical_scores", lex_ms))
    print(ms_line("baseline: SearchEngine.search (in process)", search_ms))
    print(f"people with a non-zero lexical score per query: median {statistics.median(hits):.0f}, max {max(hits)}")

    lexical = engine.snapshot.lexical
    assert lexical is not None
    for word in JARGON:
        scores = lexical.scores(word)
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        print(f"\n{word}: {len(scores)} people")
        for pid, s in best:
            cited = lexical.evidence(pid, word, limit=2)
            subjects = " | ".join(f"{e.repo.split('/')[-1]} {e.sha[:8]} {e.subject[:60]}" for e in cited)
            print(f"  {label(pid, args.show_ids):<32} {s:.3f}  {subjects}")
    engine.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
