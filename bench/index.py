"""End-to-end indexing benchmark (BENCHMARKS.md, "Indexing end to end").

  scout bench index --repos-dir /work/.mirror --data-dir /tmp/scout-bench-index [--one-by-one]
      [--skip-candle | --skip-manifest] [--repos OWNER/REPO ...]

All in one run, each command in a child process of this tree's code, into fresh data directories:
1. the floor: `git log --no-merges -p > /dev/null` on huggingface/candle (before and after, the mean is used);
2. `scout index` of candle, model load and publish included, then the same command again (unchanged);
3. `scout index --manifest` of the 12 repositories of issue 16 (or --repos), then again (unchanged);
4. with --one-by-one: the same repositories indexed one `scout index` call at a time into a third data directory, and
   its people and profiles compared with the manifest run's (they must be identical).
Each row: wall seconds, CPU seconds (user + sys of the whole tree), peak RSS of the tree (sampled), and
the load average when it started: the machine may be shared, so CPU seconds are the steadier figure.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from git_stage import _tree_rss_mb  # noqa: E402  (bench/ is not a package)

ROOT = Path(__file__).resolve().parents[1]
CANDLE = "huggingface/candle"
REPOS_12 = (
    "huggingface/candle",
    "tracel-ai/burn",
    "ml-explore/mlx",
    "mit-han-lab/llm-awq",
    "Dao-AILab/flash-attention",
    "huggingface/safetensors",
    "ggml-org/ggml",
    "AutoGPTQ/AutoGPTQ",
    "ggml-org/whisper.cpp",
    "pytorch/ao",
    "huggingface/tokenizers",
    "EricLBuehler/mistral.rs",
)
SCOUT = [sys.executable, "-c", "import sys; from api.cli import main; sys.exit(main())"]


@dataclass
class Run:
    wall: float
    cpu: float
    peak_mb: int
    load: float
    rc: int
    last_line: str


def measure(argv: list[str]) -> Run:
    """Wall, CPU (user + sys of the process and every child it waited for) and sampled peak tree RSS."""
    load = os.getloadavg()[0]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    started = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env)
    peak, stop = 0, threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.05):
            peak = max(peak, _tree_rss_mb(proc.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    assert proc.stdout is not None
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    stop.set()
    sampler.join()
    lines = out.decode("utf-8", "replace").strip().splitlines()
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=max(peak, usage.ru_maxrss // 1024),
        load=load,
        rc=os.waitstatus_to_exitcode(status),
        last_line=lines[-1] if lines else "",
    )


def mirror(repos_dir: Path, name: str) -> Path:
    path = repos_dir / name.replace("/", "+") / "repo"
    if not path.is_dir():
        raise SystemExit(f"bench index: {path} is missing (a bare mirror of {name} expected under --repos-dir)")
    return path


def index_one(data_dir: Path, path: Path, name: str) -> Run:
    return measure([*SCOUT, "--data-dir", str(data_dir), "index", str(path), "--name", name, "--no-progress"])


def row(label: str, run: Run, note: str = "") -> None:
    if run.rc != 0:
        raise SystemExit(f"bench index: {label} failed (exit {run.rc}): {run.last_line}")
    print(f"| {label} | {run.wall:.2f} | {run.cpu:.2f} | {run.peak_mb} | {run.load:.1f} | {note or run.last_line} |")


def candle(repos_dir: Path, data_dir: Path) -> None:
    path = mirror(repos_dir, CANDLE)
    floor = [measure(["git", "--git-dir", str(path), "log", "--no-merges", "-p"])]
    first = index_one(data_dir / "candle", path, CANDLE)
    again = index_one(data_dir / "candle", path, CANDLE)
    floor.append(measure(["git", "--git-dir", str(path), "log", "--no-merges", "-p"]))
    floor_wall = sum(f.wall for f in floor) / len(floor)
    floor_cpu = sum(f.cpu for f in floor) / len(floor)
    row("candle: `git log --no-merges -p` (floor, mean of before/after)", floor[0], f"{floor_wall:.2f} s")
    row(
        "candle: `scout index`, fresh data dir",
        first,
        f"**{first.wall / floor_wall:.1f}x the floor** (CPU {first.cpu / floor_cpu:.1f}x); {first.last_line}",
    )
    row("candle: same command, unchanged", again)


def manifest(repos_dir: Path, data_dir: Path, names: list[str], one_by_one: bool) -> None:
    specs = [(mirror(repos_dir, name), name) for name in names]
    file = data_dir / "repos.toml"
    file.write_text("".join(f'[[repo]]\npath = "{p}"\nname = "{n}"\n\n' for p, n in specs), encoding="utf-8")
    target = data_dir / "manifest"
    argv = [*SCOUT, "--data-dir", str(target), "index", "--manifest", str(file), "--no-progress"]
    row(f"{len(specs)} repositories, one `scout index --manifest`", measure(argv))
    row("same command, unchanged", measure(argv))
    if not one_by_one:
        return
    separate = data_dir / "one-by-one"
    started, cpu = time.perf_counter(), 0.0
    for path, name in specs:
        run = index_one(separate, path, name)
        if run.rc != 0:
            raise SystemExit(f"bench index: {name} failed one by one: {run.last_line}")
        cpu += run.cpu
    wall = time.perf_counter() - started
    print(f"| {len(specs)} repositories, one `scout index` call each | {wall:.2f} | {cpu:.2f} | | | |")
    print(f"\nOne by one against the manifest run: {compare(target, separate)}")


def compare(a: Path, b: Path) -> str:
    """People, identities and profile digests (every skill, score and evidence: the whole profile JSON) of two dirs."""
    from indexer.store import Store

    views = []
    for data_dir in (a, b):
        store = Store.open(data_dir / "scout.db")
        try:
            people = {(email, name): person for email, name, person in store.identity_rows()}
            views.append((store.profile_digests(), people))
        finally:
            store.close()
    (profiles_a, ids_a), (profiles_b, ids_b) = views
    differing = sorted(p for p in set(profiles_a) | set(profiles_b) if profiles_a.get(p) != profiles_b.get(p))
    moved = sorted(k for k in set(ids_a) | set(ids_b) if ids_a.get(k) != ids_b.get(k))
    verdict = "identical" if not differing and not moved else "DIFFERENT"
    return (
        f"{verdict}: {len(profiles_a)} vs {len(profiles_b)} profiles, {len(differing)} differ;"
        f" {len(ids_a)} vs {len(ids_b)} identities, {len(moved)} assigned differently"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repos-dir", type=Path, required=True, help="folder of <owner>+<name>/repo bare mirrors")
    parser.add_argument("--data-dir", type=Path, required=True, help="scratch folder; emptied first")
    parser.add_argument("--skip-manifest", action="store_true", help="candle only (the floor, fresh index, re-run)")
    parser.add_argument("--skip-candle", action="store_true", help="the manifest run(s) only")
    parser.add_argument(
        "--repos", nargs="+", default=list(REPOS_12), metavar="OWNER/REPO", help="manifest repositories (default: 12)"
    )
    parser.add_argument(
        "--one-by-one", action="store_true", help="also index the 12 one call at a time and compare people/profiles"
    )
    args = parser.parse_args()
    shutil.rmtree(args.data_dir, ignore_errors=True)
    args.data_dir.mkdir(parents=True)
    print(f"{time.strftime('%Y-%m-%d %H:%M')} on {os.cpu_count()} CPUs\n")
    print("| what | wall s | CPU s (user+sys) | peak RSS MB (tree) | load avg at start | result |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    if not args.skip_candle:
        candle(args.repos_dir, args.data_dir)
    if not args.skip_manifest:
        manifest(args.repos_dir, args.data_dir, args.repos, args.one_by_one)


if __name__ == "__main__":
    main()
