"""Search throughput under concurrency: requests/s, p50/p95/p99 and errors with 1 and with N clients.

    scout bench load --data-dir /tmp/scout-real [--clients 1,50] [--seconds 60] [--baseline-source DIR]

Starts `scout serve` on 127.0.0.1 (loopback only) against a copy of the index, waits for /readyz, warms
up, then runs each client count for a bounded time: every client sends recruiter sentences one after
another (one process: asyncio and plain keep-alive HTTP/1.1, lean as it shares the machine). No sentence
is sent twice in a run, across levels and servers alike, so no cache answers for the search: the labelled
real and sample queries and generated ones, shuffled, with varied limit and offset. Each level also
reports the CPU it cost per answer, in the server's processes and in this load generator. With
--baseline-source, the same load first runs against a server started from that checkout (e.g. the main
branch), so before and after come from the same run on the same machine; --rounds 2 alternates them.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_latency import checkout, pct, queries, start_server, wait_ready  # noqa: E402  (a sibling bench script)

HERE = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(HERE))
from eval.corpus_queries import QUERIES  # noqa: E402

LIMITS = (10, 10, 10, 20, 50)
OFFSETS = (0, 0, 0, 0, 10, 20)


def requests(generated: int) -> Iterator[dict[str, object]]:
    """Search bodies, every sentence distinct: the labelled queries and `generated` more, shuffled."""
    labelled = [json.loads(line)["text"] for line in (HERE / "eval/real/queries.jsonl").read_text().splitlines()]
    sentences = list(dict.fromkeys([*labelled, *(str(q["text"]) for q in QUERIES), *queries(generated, seed=21)]))
    r = random.Random(21)
    r.shuffle(sentences)
    for i, q in enumerate(sentences):
        yield {"query": q, "limit": LIMITS[i % len(LIMITS)], "offset": OFFSETS[i % len(OFFSETS)]}


class Connection:
    """One keep-alive HTTP/1.1 connection that POSTs JSON: a few hundred microseconds of client CPU a request,
    where httpx took 4-6 ms; the load generator shares the machine with the server, so its CPU is the server's loss."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, path: str, body: bytes) -> tuple[int, bytes]:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = (
            f"POST {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        self.writer.write(head.encode() + body)
        try:
            lines = (await self.reader.readuntil(b"\r\n\r\n")).split(b"\r\n")
            status = int(lines[0].split()[1])
            headers = dict(line.split(b":", 1) for line in lines[1:] if b":" in line)
            length = int(headers.get(b"content-length", headers.get(b"Content-Length", b"0")))
            payload = await self.reader.readexactly(length)
        except BaseException:
            self.close()  # a half-read answer leaves the stream unusable
            raise
        if headers.get(b"connection", b"").strip().lower() == b"close":
            self.close()
        return status, payload

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


async def load(
    base: str, clients: int, seconds: float, bodies: Iterator[dict[str, object]]
) -> tuple[int, Counter[str], list[float], float]:
    """(answers, errors by kind, latencies in ms, wall seconds) of CLIENTS looping until the time is up."""
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    url = httpx.URL(base)
    stop = time.monotonic() + seconds

    async def one_client() -> None:
        conn = Connection(url.host, url.port or 80)
        while time.monotonic() < stop:
            body = json.dumps(next(bodies)).encode()
            start = time.perf_counter()
            try:
                status, payload = await asyncio.wait_for(conn.post("/v1/search", body), timeout=60)
                error = "" if status == 200 and "matches" in json.loads(payload) else f"HTTP {status}"
            except (TimeoutError, OSError, ValueError, asyncio.IncompleteReadError) as exc:
                error = type(exc).__name__
            if error:
                errors[error] += 1
            else:
                latencies.append((time.perf_counter() - start) * 1000)
        conn.close()

    began = time.monotonic()
    await asyncio.gather(*(one_client() for _ in range(clients)))
    wall = time.monotonic() - began
    return len(latencies), errors, latencies, wall


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a process and all its descendants alive now, from /proc (0 elsewhere)."""
    tick = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    parents: dict[int, int] = {}
    ticks: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # the process ended while we looked
        parents[int(stat.parent.name)] = int(fields[1])
        ticks[int(stat.parent.name)] = int(fields[11]) + int(fields[12])
    tree, frontier = {pid}, [pid]
    while frontier:
        parent = frontier.pop()
        children = [p for p, pp in parents.items() if pp == parent and p not in tree]
        tree.update(children)
        frontier.extend(children)
    return sum(ticks.get(p, 0) for p in tree) / tick


@dataclass
class Level:
    clients: int
    rps: float
    p99: float
    errors: int
    cpu_ms: float  # server and load generator CPU per answer


def run_levels(name: str, source: Path, args: argparse.Namespace, bodies: Iterator[dict[str, object]]) -> list[Level]:
    server = start_server(source, args.data_dir, args.port, args.workers)
    base = f"http://127.0.0.1:{args.port}"
    levels: list[Level] = []
    try:
        wait_ready(base, server)
        for clients in args.clients:
            server_cpu, own_cpu = cpu_seconds(server.pid), time.process_time()
            done, errors, ms, wall = asyncio.run(load(base, clients, args.seconds, bodies))
            server_cpu, own_cpu = cpu_seconds(server.pid) - server_cpu, time.process_time() - own_cpu
            rps = done / wall
            kinds = ", ".join(f"{k}: {n}" for k, n in errors.most_common())
            per = max(done, 1)
            print(
                f"{name:<10} clients={clients:<3} {rps:6.1f} req/s  p50={pct(ms, 50):7.1f} ms"
                f"  p95={pct(ms, 95):7.1f} ms  p99={pct(ms, 99):7.1f} ms  mean={statistics.fmean(ms):7.1f} ms"
                f"  answers={done} errors={sum(errors.values())}{f' ({kinds})' if kinds else ''}"
                f"  cpu/answer: server {server_cpu * 1000 / per:.1f} ms, load generator {own_cpu * 1000 / per:.1f} ms"
                f" ({(server_cpu + own_cpu) / wall:.2f} cores busy)  load avg {os.getloadavg()[0]:.1f}",
                flush=True,
            )
            cpu_ms = (server_cpu + own_cpu) * 1000 / per
            levels.append(Level(clients, rps, pct(ms, 99), sum(errors.values()), cpu_ms))
    finally:
        server.terminate()
        server.wait(timeout=60)
    verdict(name, levels)
    return levels


def verdict(name: str, levels: list[Level]) -> None:
    """Issue 15's bar, from this server's own levels: N clients >= 3x one client's req/s, p99 < 1 s, no errors."""
    one = next((lv for lv in levels if lv.clients == 1), None)
    for lv in levels:
        if one is None or lv is one:
            continue
        ratio = lv.rps / one.rps if one.rps else 0.0
        ceiling = (os.cpu_count() or 1) * 1000 / lv.cpu_ms  # req/s with every core on this work and nothing else

        def met(ok: bool) -> str:
            return "met" if ok else "NOT met"

        print(
            f"{name}: {lv.clients} clients give {ratio:.2f}x the 1-client req/s (target >= 3x: {met(ratio >= 3)}),"
            f" p99 {lv.p99:.0f} ms (target < 1000: {met(lv.p99 < 1000)}), {lv.errors} errors ({met(lv.errors == 0)});"
            f" CPU per answer (server + load generator) {one.cpu_ms:.1f} ms at 1 client, {lv.cpu_ms:.1f} ms at"
            f" {lv.clients}: all cores on it would give {ceiling:.0f} req/s = {ceiling / one.rps:.2f}x",
            flush=True,
        )


def main() -> int:
    ap = argparse.ArgumentParser(prog="scout bench load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--data-dir", type=Path, required=True, help="a copy of an index built by `scout index`")
    ap.add_argument("--clients", default="1,50", help="comma list of concurrent client counts (default 1,50)")
    ap.add_argument("--seconds", type=float, default=60.0, help="time per client count (default 60)")
    ap.add_argument("--baseline-source", type=Path, help="a checkout to measure first, as the baseline")
    ap.add_argument("--port", type=int, default=8766, help="loopback port for the servers under test (default 8766)")
    ap.add_argument("--workers", type=int, help="`scout serve --workers N` for every server (default: its own)")
    ap.add_argument("--rounds", type=int, default=1, help="times to run baseline then this tree (default 1)")
    args = ap.parse_args()
    args.clients = [int(c) for c in args.clients.split(",")]
    base_source = checkout(args.baseline_source) if args.baseline_source is not None else None
    # Distinct across the whole run: a repeat would measure the sentence caches, not the search.
    bodies = requests(60_000)
    workers = args.workers or "scout serve's default (one per core)"
    print(
        f"index {args.data_dir}, {args.seconds:.0f} s per level, every sentence distinct, loopback; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start (other jobs share them); "
        f"server workers: {workers}, the same for every level",
        flush=True,
    )
    for _ in range(args.rounds):
        if base_source is not None:
            run_levels("baseline", base_source, args, bodies)
        run_levels("this tree", HERE, args, bodies)
    return 0


if __name__ == "__main__":
    sys.exit(main())
