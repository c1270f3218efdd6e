"""Search latency: p50/p95 of POST /v1/search over varied recruiter sentences, warm, on loopback.

    scout bench search_latency --data-dir /tmp/scout-real [--queries 200] [--port 8765] [--baseline-source DIR]

Starts `scout serve` on 127.0.0.1 against the index, waits for /readyz, warms up, then sends the
queries one at a time with an httpx client. Baselines from the same run: GET /healthz through the
same server (the HTTP floor), encoding one sentence with the embedding model in this process (the model
floor every search pays) and, with --baseline-source, the same queries against a server run from another
checkout (e.g. `git archive` of the previous release) on the same index, just before.
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
    from indexer.embedding import Embedder
    from models.settings import Settings

    emb = Embedder(Settings())
    texts = queries(n, seed=11)
    emb.encode(texts[:5])
    out = []
    for t in texts:
        start = time.perf_counter()
        emb.encode([t])
        out.append((time.perf_counter() - start) * 1000)
    return out


def checkout(path: Path) -> Path:
    """A Scout source tree to serve from (a baseline is usually `git archive` of an earlier commit)."""
    if not (path / "api" / "cli.py").is_file():
        raise SystemExit(f"scout bench: error: {path} is not a Scout checkout (no api/cli.py there)")
    return path.resolve()


def start_server(source: Path, data_dir: Path, port: int, workers: int | None = None) -> subprocess.Popen[bytes]:
    """`scout serve` from the checkout at `source` (this tree or a baseline), keys off, on loopback."""
    source = checkout(source)
    code = f"import sys; sys.path.insert(0, {str(source)!r}); from api.cli import main; sys.exit(main())"
    env = {**os.environ, "SCOUT_API_KEYS": "", "PYTHONPATH": str(source)}
    argv = [sys.executable, "-c", code, "--data-dir", str(data_dir), "serve", "--port", str(port)]
    if workers is not None:  # only when asked: a baseline checkout may predate --workers
        argv += ["--workers", str(workers)]
    return subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=source)


def wait_ready(base: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 300
    with httpx.Client(base_url=base, timeout=30) as client:
        while time.monotonic() < deadline and server.poll() is None:
            try:
                if client.get("/readyz").status_code == 200:
                    for q in queries(10, seed=99):
                        client.post("/v1/search", json={"query": q})
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.5)
    raise SystemExit("server did not become ready")


def timed(source: Path, args: argparse.Namespace) -> tuple[list[float], list[float]]:
    """(search ms, /healthz ms) of one server run from `source`: warm-up, then the timed queries one at a time."""
    server = start_server(source, args.data_dir, args.port)
    base = f"http://127.0.0.1:{args.port}"
    try:
        wait_ready(base, server)
        with httpx.Client(base_url=base, timeout=30) as client:
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
        server.wait(timeout=60)
    return search_ms, health_ms


def main() -> int:
    ap = argparse.ArgumentParser(prog="scout bench search_latency", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True, help="an index built by `scout index`")
    ap.add_argument("--queries", type=int, default=200, help="timed queries (default 200)")
    ap.add_argument("--warmup", type=int, default=20, help="untimed queries first (default 20)")
    ap.add_argument("--port", type=int, default=8765, help="port for the `scout serve` it starts (default 8765)")
    ap.add_argument("--baseline-source", type=Path, help="a checkout to measure first, on the same index")
    args = ap.parse_args()
    base_source = checkout(args.baseline_source) if args.baseline_source else None
    floor = model_floor(args.queries)
    baseline = timed(base_source, args) if base_source else None
    search_ms, health_ms = timed(Path(__file__).resolve().parents[1], args)
    print(f"index {args.data_dir}, {args.queries} distinct queries, warm, one at a time, loopback")
    print(line("POST /v1/search", search_ms))
    if baseline is not None:
        print(line(f"baseline: POST /v1/search ({args.baseline_source.name})", baseline[0]))
    print(line("baseline: GET /healthz", health_ms))
    print(line("baseline: encode 1 sentence (model)", floor))
    return 0


if __name__ == "__main__":
    sys.exit(main())
