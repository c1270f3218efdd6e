"""Search throughput under concurrency: requests/s, p50/p95/p99 and errors with 1 and with N clients.

    scout bench load --data-dir /tmp/scout-real [--clients 1,50] [--seconds 60] [--baseline-source DIR]

Starts `scout serve` on 127.0.0.1 (loopback only) against a copy of the index, waits for /readyz, warms
up, then runs each client count for a bounded time: every client sends distinct recruiter sentences
one after another (asyncio + httpx, one process). With --baseline-source, the same load first runs
against a server started from that checkout (e.g. the main branch), so before and after come from
the same run on the same machine.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_latency import pct, queries  # noqa: E402  (a sibling bench script)

HERE = Path(__file__).resolve().parents[1]


def start_server(source: Path, data_dir: Path, port: int) -> subprocess.Popen[bytes]:
    code = f"import sys; sys.path.insert(0, {str(source)!r}); from api.cli import main; sys.exit(main())"
    env = {**os.environ, "SCOUT_API_KEYS": "", "PYTHONPATH": str(source)}
    argv = [sys.executable, "-c", code, "--data-dir", str(data_dir), "serve", "--port", str(port)]
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


async def load(base: str, clients: int, seconds: float, sentences: list[str]) -> tuple[int, int, list[float], float]:
    """(answers, errors, latencies in ms, wall seconds) of CLIENTS looping until the time is up."""
    latencies: list[float] = []
    errors = 0
    next_query = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        stop = time.monotonic() + seconds

        async def one_client() -> None:
            nonlocal errors, next_query
            while time.monotonic() < stop:
                q = sentences[next_query % len(sentences)]
                next_query += 1
                start = time.perf_counter()
                try:
                    r = await client.post("/v1/search", json={"query": q, "limit": 10})
                    ok = r.status_code == 200 and "matches" in r.json()
                except httpx.HTTPError:
                    ok = False
                if ok:
                    latencies.append((time.perf_counter() - start) * 1000)
                else:
                    errors += 1

        began = time.monotonic()
        await asyncio.gather(*(one_client() for _ in range(clients)))
        wall = time.monotonic() - began
    return len(latencies), errors, latencies, wall


def run_levels(name: str, source: Path, args: argparse.Namespace, sentences: list[str]) -> list[str]:
    server = start_server(source, args.data_dir, args.port)
    base = f"http://127.0.0.1:{args.port}"
    lines: list[str] = []
    try:
        wait_ready(base, server)
        for clients in args.clients:
            done, errors, ms, wall = asyncio.run(load(base, clients, args.seconds, sentences))
            rps = done / wall
            lines.append(
                f"{name:<10} clients={clients:<3} {rps:6.1f} req/s  p50={pct(ms, 50):7.1f} ms"
                f"  p95={pct(ms, 95):7.1f} ms"
                f"  p99={pct(ms, 99):7.1f} ms  mean={statistics.fmean(ms):7.1f} ms  answers={done} errors={errors}"
            )
            print(lines[-1], flush=True)
    finally:
        server.terminate()
        server.wait(timeout=60)
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(prog="scout bench load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True, help="a copy of an index built by `scout index`")
    ap.add_argument("--clients", default="1,50", help="comma list of concurrent client counts (default 1,50)")
    ap.add_argument("--seconds", type=float, default=60.0, help="time per client count (default 60)")
    ap.add_argument("--baseline-source", type=Path, help="a checkout to measure first, as the baseline")
    ap.add_argument("--port", type=int, default=8766, help="loopback port for the servers under test (default 8766)")
    args = ap.parse_args()
    args.clients = [int(c) for c in args.clients.split(",")]
    sentences = queries(4000, seed=21)  # distinct: repeats would measure the sentence cache, not the search
    print(f"index {args.data_dir}, {args.seconds:.0f} s per level, distinct sentences, loopback")
    if args.baseline_source is not None:
        run_levels("baseline", args.baseline_source.resolve(), args, sentences)
    run_levels("this tree", HERE, args, sentences)
    return 0


if __name__ == "__main__":
    sys.exit(main())
