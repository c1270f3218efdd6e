"""`scout bench scale`: index a synthetic history at the talent map's scale end to end, then map and search it.

    scout bench scale [--repos N] [--quarters N] [--work-dir DIR] [--queries N] [--benchmarks FILE]

Generates (or reuses) the history of eval.corpus_scale (474 repositories, 8 quarters, ~76,000 commits
a quarter, ~13,700 authors; --repos and --quarters take a fraction), then runs, each as its own process:
`scout index --manifest` into a fresh data directory (wall, CPU of the process tree, peak RSS of the
process tree sampled every 0.2 s), the store size, `scout map` (wall), one cold `scout search` and the
search_latency benchmark (p50/p95 of POST /v1/search). Baseline of the same run: `git log --no-merges
-p` over every generated repository, the floor any git-based indexer pays. Figures go to stdout and,
with --benchmarks, are appended to that file with the machine's load average.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from eval.corpus_scale import ScaleSpec, generate_scale, quarter_label, skew

ROOT = Path(__file__).resolve().parents[1]
CLI = "import sys; from api.cli import main; sys.exit(main())"
SAMPLE_EVERY_S = 0.2
SEARCH_QUERY = "CUDA kernel engineers with quantization experience"


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    peak_rss_mb: float
    output: str


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(x) for x in text.split()]


def _tree_rss_kb(pid: int) -> int:
    """RSS of a process and all its descendants (from /proc; 0 for those gone meanwhile)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
        except OSError:
            continue
        m = re.search(r"^VmRSS:\s+(\d+)", status, re.M)
        total += int(m.group(1)) if m else 0
        todo.extend(_children(p))
    return total


def measured(argv: list[str], env: dict[str, str]) -> Run:
    """Run argv to completion: wall time, CPU of the whole tree (children reaped), peak RSS of the tree."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(argv, stdout=out, stderr=subprocess.STDOUT, env=env, cwd=ROOT)
        peak = 0
        while proc.poll() is None:
            peak = max(peak, _tree_rss_kb(proc.pid))
            time.sleep(SAMPLE_EVERY_S)
        wall = time.perf_counter() - start
        out.seek(0)
        output = out.read().decode(errors="replace")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if proc.returncode != 0:
        raise SystemExit(f"scout bench scale: {' '.join(argv[3:6])} failed ({proc.returncode}):\n{output[-3000:]}")
    return Run(wall, cpu, peak / 1024, output)


def scout(data_dir: Path, *args: str) -> list[str]:
    return [sys.executable, "-c", CLI, "--data-dir", str(data_dir), *args]


def git_log_floor(repos: list[Path]) -> Run:
    """`git log --no-merges -p` over every repository, output discarded: the baseline."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    for repo in repos:
        subprocess.run(["git", "-C", str(repo), "log", "--no-merges", "-p"], stdout=subprocess.DEVNULL, check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return Run(time.perf_counter() - start, cpu, 0.0, "")


def size_mb(path: Path) -> float:
    if path.is_file():
        return path.stat().st_size / 2**20
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20 if path.exists() else 0.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def search_latency(data_dir: Path, queries: int, env: dict[str, str]) -> dict[str, float]:
    out = subprocess.run(
        scout(data_dir, "bench", "search_latency", "--data-dir", str(data_dir), "--queries", str(queries),
              "--warmup", "5", "--port", str(free_port())),
        capture_output=True, text=True, env=env, cwd=ROOT, check=False,
    )  # fmt: skip
    m = re.search(r"POST /v1/search\s+n=\d+\s+p50=\s*([\d.]+) ms\s+p95=\s*([\d.]+) ms", out.stdout)
    if out.returncode != 0 or m is None:
        raise SystemExit(f"scout bench scale: search_latency failed:\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    return {"p50_ms": float(m.group(1)), "p95_ms": float(m.group(2))}


def stages(index_output: str) -> dict[str, Any]:
    """From `scout index` output: people, duplicates, seconds reading repositories, seconds refreshing."""
    people = re.search(r"profiles: (\d+) people", index_output)
    refresh = re.search(r"published \S+ in ([\d.]+)s", index_output)
    per_repo = re.findall(r"commits read, \d+ new, (\d+) duplicates.*; ([\d.]+)s \(", index_output)
    return {
        "indexed_people": int(people.group(1)) if people else 0,
        "duplicates": sum(int(d) for d, _ in per_repo),
        "read_s": sum(float(s) for _, s in per_repo),
        "refresh_s": float(refresh.group(1)) if refresh else float("nan"),
    }


def report(args: argparse.Namespace, figures: dict[str, Any]) -> str:
    f = figures
    commits, people = f["commits"], f["people"]
    lines = [
        f"\n### `scout bench scale {args.shown}` ({f['when']})\n",
        f"Load average before / after: {f['load_before']} / {f['load_after']}; {os.cpu_count()} cores.\n",
        "| what | figure |",
        "| --- | --- |",
        f"| history | {f['repos']} repos, {f['quarters']} quarters, {commits:,} commits, {people:,} authors "
        f"(contributors a quarter: {f['per_quarter']}) |",
        f"| skew | {f['skew']} |",
        f"| generate (plan, render, fast-import) | {f['generate_s']:.1f} s{' (reused)' if f['reused'] else ''} |",
        f"| baseline: `git log --no-merges -p` over every repo | {f['floor_wall_s']:.1f} s wall, "
        f"{f['floor_cpu_s']:.1f} s CPU |",
        f"| `scout index --manifest`, fresh data dir | {f['index_wall_s']:.1f} s wall "
        f"({f['index_wall_s'] / max(f['floor_wall_s'], 1e-9):.1f}x the floor), {f['index_cpu_s']:.1f} s CPU, "
        f"{f['index_rate']:.0f} commits/s |",
        f"| peak RSS, index process tree | {f['index_peak_mb']:.0f} MB |",
        f"| store: scout.db / vectors | {f['db_mb']:.1f} MB / {f['vectors_mb']:.1f} MB |",
        f"| of which: reading repositories (git + signals + store, sum over repos) / refresh (identities, "
        f"profiles, embeddings, publish) | {f['read_s']:.0f} s / {f['refresh_s']:.0f} s |",
        f"| people in the index; commits that repeat an indexed change (same patch id) | {f['indexed_people']:,}; "
        f"{f['duplicates']:,} |",
        f"| `scout map --quarter {quarter_label(7)}` | {f['map_wall_s']:.1f} s wall, peak {f['map_peak_mb']:.0f} MB |",
        f"| one cold `scout search` (process start + model load) | {f['search_cold_s']:.1f} s |",
        f"| POST /v1/search, {args.queries} queries, warm (search_latency) | p50 {f['search_p50_ms']:.0f} ms, "
        f"p95 {f['search_p95_ms']:.0f} ms |",
    ]
    return "\n".join(lines) + "\n"


def load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    ap = argparse.ArgumentParser(prog="scout bench scale", description=__doc__.split("\n\n")[0])
    ap.add_argument("--repos", type=int, help="only the first N of the 474 repositories (default: all)")
    ap.add_argument("--quarters", type=int, default=8, help="only the last N of the 8 quarters (default 8)")
    ap.add_argument("--commits-per-quarter", type=int, default=ScaleSpec.commits_per_quarter,
                    help="commits a quarter over all 474 repositories (default 76,258, the newsletter's)")  # fmt: skip
    ap.add_argument("--people", type=int, default=ScaleSpec.people, help="size of the pool of people (default 17,500)")
    ap.add_argument("--total-repos", type=int, default=ScaleSpec.total_repos, help="repositories in all (default 474)")
    ap.add_argument("--seed", type=int, default=7, help="generator seed (default 7)")
    ap.add_argument("--work-dir", type=Path, default=Path("/tmp/scout-bench-scale"),
                    help="where the history (reused when identical) and the index go")  # fmt: skip
    ap.add_argument("--queries", type=int, default=100, help="timed search queries (default 100; 0 skips searching)")
    ap.add_argument("--benchmarks", type=Path, help="append the figures to this Markdown file (e.g. BENCHMARKS.md)")
    ap.add_argument("--json", type=Path, help="also write the figures as JSON here")
    ap.add_argument("--generate-only", action="store_true",
                    help="stop after generating and the git log baseline (a scale too big to index here)")  # fmt: skip
    args = ap.parse_args()
    args.shown = " ".join(sys.argv[1:])
    spec = ScaleSpec(
        total_repos=args.total_repos,
        repos=args.repos,
        quarters=args.quarters,
        commits_per_quarter=args.commits_per_quarter,
        people=args.people,
        seed=args.seed,
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]).rstrip(":")}
    env.pop("SCOUT_DATA_DIR", None)
    fig: dict[str, Any] = {"when": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"), "load_before": load()}
    corpus_dir, data_dir = args.work_dir / "corpus", args.work_dir / "data"
    start = time.perf_counter()
    existing = (corpus_dir / "scale.json").exists()
    info = generate_scale(corpus_dir, spec, workers=os.cpu_count() or 2)
    fig["generate_s"] = time.perf_counter() - start
    fig["reused"] = existing and fig["generate_s"] < 5
    repos = [corpus_dir / "repos" / name for name, head in info.heads.items() if head]
    fig.update(repos=len(info.heads), quarters=spec.quarters, commits=info.commits, people=info.people)
    fig["per_quarter"] = ", ".join(f"{q} {n:,}" for q, n in info.contributors_by_quarter.items())
    fig["skew"] = ", ".join(f"{k} {v:.2f}" if v < 10 else f"{k} {v:,.0f}" for k, v in skew(info).items())
    print(f"history: {len(repos)} repos, {info.commits} commits, {info.people} authors ({fig['generate_s']:.1f} s)")
    floor = git_log_floor(repos)
    fig.update(floor_wall_s=floor.wall_s, floor_cpu_s=floor.cpu_s)
    print(f"baseline git log -p: {floor.wall_s:.1f} s wall, {floor.cpu_s:.1f} s CPU")
    if args.generate_only:
        print(json.dumps(fig, indent=2, default=str))
        return 0
    shutil.rmtree(data_dir, ignore_errors=True)
    index = measured(scout(data_dir, "index", "--manifest", info.manifest, "--no-progress"), env)
    fig.update(index_wall_s=index.wall_s, index_cpu_s=index.cpu_s, index_peak_mb=index.peak_rss_mb)
    fig["index_rate"] = info.commits / max(index.wall_s, 1e-9)
    fig["db_mb"] = sum(size_mb(p) for p in data_dir.glob("scout.db*"))
    fig["vectors_mb"] = size_mb(data_dir / "qdrant")
    (args.work_dir / "index.log").write_text(index.output)
    fig.update(stages(index.output))
    print(f"index: {index.wall_s:.1f} s wall, {index.cpu_s:.1f} s CPU, peak {index.peak_rss_mb:.0f} MB")
    mapped = measured(scout(data_dir, "map", "--quarter", quarter_label(7)), env)
    fig.update(map_wall_s=mapped.wall_s, map_peak_mb=mapped.peak_rss_mb)
    print(f"map: {mapped.wall_s:.1f} s")
    if args.queries > 0:
        fig["search_cold_s"] = measured(scout(data_dir, "search", SEARCH_QUERY), env).wall_s
        latency = search_latency(data_dir, args.queries, env)
        fig.update(search_p50_ms=latency["p50_ms"], search_p95_ms=latency["p95_ms"])
        print(f"search: cold {fig['search_cold_s']:.1f} s; warm p50 {latency['p50_ms']:.0f} ms", end="")
        print(f", p95 {latency['p95_ms']:.0f} ms")
    else:
        fig.update(search_cold_s=float("nan"), search_p50_ms=float("nan"), search_p95_ms=float("nan"))
    fig["load_after"] = load()
    text = report(args, fig)
    print(text)
    if args.benchmarks:
        with args.benchmarks.open("a") as f:
            f.write(text)
    if args.json:
        args.json.write_text(json.dumps(fig, indent=2, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
