"""Search latency: p50/p95 of POST /v1/search over varied recruiter sentences, warm, on loopback.

    scout bench search_latency --data-dir /tmp/scout-real [--queries 200] [--port 8765]

Starts `scout serve` on 127.0.0.1 against the index, waits for /readyz, warms up, then sends the
queries one at a time with an httpx client. Baselines from the same run: GET /healthz through the
same server (the HTTP floor) and, before the server starts, encoding one sentence with the embedding
model in this process (the model floor every search pays).
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

LANGS = ["Rust", "C++", "C", "CUDA", "Metal", ""]
SKILLS = [
    "quantization",
    "int4 weight packing",
    "SIMD intrinsics",
    "AVX2 kernels",
    "NEON code",
    "CUDA kernels",
    "Metal kernels",
    "attention kernels",
    "flash attention",
    "KV cache management",
    "WGSL compute shaders",
    "unsafe code",
    "FFI bindings",
    "memory layout and strides",
    "dtype-dispatched templates",
    "fused kernels",
    "benchmarked speedups",
    "profiling with Nsight",
    "RAII wrappers for device memory",
    "hand-written vector code",
]
WHERE = ["", "on candle", "in ggml", "on burn", "in mlx", "on tokenizers", "for Apple silicon"]
WHEN = ["", "active this year", "last 6 months", "since 2024", "recently active"]
WHO = ["engineers", "people", "developers", "contributors"]
LEVEL = ["", "senior", "staff", ""]
EXCL = ["", "", "not Python-only", "no docs-only"]


def queries(n: int, seed: int = 5) -> list[str]:
    r = random.Random(seed)
    out: set[str] = set()
    while len(out) < n:
        parts = [
            r.choice(LEVEL),
            r.choice(LANGS),
            r.choice(WHO),
            "with",
            r.choice(SKILLS),
            r.choice(["", "and " + r.choice(SKILLS)]),
            r.choice(WHERE),
            r.choice(WHEN),
            r.choice(EXCL),
        ]
        out.add(" ".join(p for p in parts if p).strip())
    return sorted(out, key=lambda q: r.random())


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def line(label: str, ms: list[float]) -> str:
    return (
        f"{label:<34} n={len(ms):<4} p50={pct(ms, 50):7.1f} ms  p95={pct(ms, 95):7.1f} ms  "
        f"mean={statistics.fmean(ms):7.1f} ms"
    )


def model_floor(n: int) -> list[float]:
    import torch

    from indexer.embedding import Embedder
    from models.settings import Settings

    torch.set_num_threads(1)  # as the server does (search.engine._single_threaded_inference)
    emb = Embedder(Settings())
    texts = queries(n, seed=11)
    emb.encode(texts[:5])
    out = []
    for t in texts:
        start = time.perf_counter()
        emb.encode([t])
        out.append((time.perf_counter() - start) * 1000)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(prog="scout bench search_latency", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True, help="an index built by `scout index`")
    ap.add_argument("--queries", type=int, default=200, help="timed queries (default 200)")
    ap.add_argument("--warmup", type=int, default=20, help="untimed queries first (default 20)")
    ap.add_argument("--port", type=int, default=8765, help="port for the `scout serve` it starts (default 8765)")
    args = ap.parse_args()

    floor = model_floor(args.queries)
    scout = Path(sys.executable).with_name("scout")
    env = {**os.environ, "SCOUT_API_KEYS": ""}
    server = subprocess.Popen(
        [str(scout), "--data-dir", str(args.data_dir), "serve", "--port", str(args.port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{args.port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            deadline = time.monotonic() + 180
            while True:
                try:
                    if client.get("/readyz").status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    print("server did not become ready", file=sys.stderr)
                    return 1
                time.sleep(0.5)
            for q in queries(args.warmup, seed=99):
                client.post("/v1/search", json={"query": q})
            search_ms: list[float] = []
            for q in queries(args.queries):
                start = time.perf_counter()
                r = client.post("/v1/search", json={"query": q, "limit": 10})
                search_ms.append((time.perf_counter() - start) * 1000)
                r.raise_for_status()
            health_ms: list[float] = []
            for _ in range(args.queries):
                start = time.perf_counter()
                client.get("/healthz")
                health_ms.append((time.perf_counter() - start) * 1000)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"index {args.data_dir}, {args.queries} distinct queries, warm, one at a time, loopback")
    print(line("POST /v1/search", search_ms))
    print(line("baseline: GET /healthz", health_ms))
    print(line("baseline: encode 1 sentence (model)", floor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
