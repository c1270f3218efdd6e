"""Git stage benchmark (BENCHMARKS.md, "Git stage").

  python bench/git_stage.py read  PATH=OWNER/REPO ...        # Scout's reader vs the git log floor vs PyDriller
  python bench/git_stage.py index --data-dir DIR PATH=OWNER/REPO ...   # scout index: time, peak RSS, dedup, re-run

`read` runs, per repo and in one process tree: `git log --no-merges -p > /dev/null` (the floor; on a
clone with missing objects it dies early, so the floor over the readable commits, fed to one
`git log --no-walk --stdin -p`, is timed too), Scout's `read_commits` alone (no signals), and
PyDriller traversing the same commits with their diffs on a non-bare clone (first --pydriller-limit
commits, per-commit rate extrapolated). `index` runs `scout index` per repo in a child process,
reporting wall time and the child's peak RSS, then runs it again over the unchanged repos.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

PYTHON = sys.executable


def _tree_rss_mb(pid: int) -> int:
    """Resident memory of PID and all its descendants now (MB), from /proc."""
    total, stack = 0, [pid]
    while stack:
        p = stack.pop()
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{p}/task").iterdir():
                stack.extend(int(c) for c in (task / "children").read_text().split())
        except (OSError, ValueError):
            continue
    return total // 1024


def _child(
    argv: list[str], stdin: bytes | None = None, env: dict[str, str] | None = None
) -> tuple[float, int, int, bytes]:
    """(seconds, exit code, peak RSS of the whole process tree in MB, stdout) of one child process.

    The tree's RSS is sampled every 50 ms (the sum over the process and its workers); wait4's own
    ru_maxrss (largest single process) is taken too and the larger of the two is reported.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as inp:
        if stdin is not None:
            inp.write(stdin)
            inp.seek(0)
        started = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            stdin=inp if stdin is not None else subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.DEVNULL,
            env=env,
        )
        peak = 0
        stop = threading.Event()

        def sample() -> None:
            nonlocal peak
            while not stop.wait(0.05):
                peak = max(peak, _tree_rss_mb(proc.pid))

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        stop.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        return seconds, proc.returncode, max(peak, usage.ru_maxrss // 1024), out.read()


_READ = """
import json, sys, time
from pathlib import Path
from indexer.git import ReadReport, read_commits
from models.settings import Settings
report = ReadReport()
t = time.perf_counter()
n = sum(1 for _ in read_commits(Path(sys.argv[1]), sys.argv[2], Settings(), report=report))
print(json.dumps({"n": n, "s": time.perf_counter() - t, "damaged": report.damaged_commits}))
"""

_PYDRILLER = """
import sys, time
from pydriller import Repository
limit = int(sys.argv[2])
t = time.perf_counter()
n = lines = failed = 0
for commit in Repository(sys.argv[1], only_no_merge=True, order="reverse").traverse_commits():
    try:
        for f in commit.modified_files:
            lines += len(f.diff_parsed["added"])
    except Exception:  # a missing object: PyDriller cannot diff this commit
        failed += 1
    n += 1
    if n >= limit:
        break
print(n, time.perf_counter() - t, lines, failed)
"""


def _git_floor(path: str) -> tuple[float, int, int]:
    """`git log --no-merges -p > /dev/null`: seconds, exit code, commits it printed."""
    seconds, rc, _, _ = _child(["git", "-C", path, "log", "--no-merges", "-p"])
    _, _, _, out = _child(["git", "-C", path, "log", "--no-merges", "-p", "--format=%x01%H"])
    return seconds, rc, out.count(b"\n\x01") + out.startswith(b"\x01")


def _readable_floor(path: str, skip: set[str]) -> tuple[float, int, int]:
    shas = subprocess.run(["git", "-C", path, "rev-list", "--no-merges", "HEAD"], capture_output=True, check=True)
    keep = [s for s in shas.stdout.decode().split() if s not in skip]
    seconds, rc, _, _ = _child(
        ["git", "-C", path, "log", "--no-walk=unsorted", "--stdin", "-p"], stdin=("\n".join(keep) + "\n").encode()
    )
    return seconds, rc, len(keep)


def _clone_for_pydriller(path: str, name: str) -> str:
    target = Path(tempfile.gettempdir()) / f"scout-bench-{name.replace('/', '+')}-clone"
    if not target.exists():
        subprocess.run(["git", "clone", "-q", "--no-checkout", path, str(target)], check=True)
    return str(target)


def read(specs: list[str], pydriller_limit: int, repeat: int) -> None:
    """Each timing is the best of REPEAT interleaved runs: the machine is shared, the best run is the cleanest."""
    print(
        "| repo | commits | `git log --no-merges -p` (floor) | floor over readable commits | Scout read_commits |"
        " Scout / floor | PyDriller (first N) | PyDriller / Scout per commit |"
    )
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    for spec in specs:
        path, name = spec.split("=", 1)
        raws, floors, scouts, mbs = [], [], [], []
        damaged: set[str] = set()
        n = raw_n = floor_n = raw_rc = 0
        for _ in range(repeat):
            raw_s, raw_rc, raw_n = _git_floor(path)
            raws.append(raw_s)
            _, s_rc, s_mb, s_out = _child([PYTHON, "-c", _READ, path, name], env=env)
            if s_rc != 0:
                raise SystemExit(f"Scout's reader failed on {path}")
            result = json.loads(s_out)
            n, damaged = result["n"], set(result["damaged"])
            scouts.append(result["s"])
            mbs.append(s_mb)
            floor_s, _, floor_n = _readable_floor(path, damaged)
            floors.append(floor_s)
        clone = _clone_for_pydriller(path, name)
        _, p_rc, _, p_out = _child([PYTHON, "-c", _PYDRILLER, clone, str(pydriller_limit)], env=env)
        p_n, p_secs, p_failed = (
            (int(p_out.split()[0]), float(p_out.split()[1]), int(p_out.split()[3])) if p_rc == 0 else (0, 0.0, 0)
        )
        raw = f"{min(raws):.2f}s ({raw_n} commits" + (", then dies: missing object)" if raw_rc else ")")
        scout_s, floor_s = min(scouts), min(floors)
        per_scout = scout_s / n if n else float("nan")
        per_py = p_secs / p_n if p_n else float("nan")
        print(
            f"| {name} | {n} | {raw} | {floor_s:.2f}s ({floor_n} commits, {len(damaged)} damaged left out) |"
            f" {scout_s:.2f}s = {n / scout_s:.0f} commits/s, peak {max(mbs)} MB | {scout_s / floor_s:.2f}x |"
            f" {p_secs:.1f}s for {p_n} = {p_n / p_secs if p_secs else 0:.0f} commits/s"
            f"{f', {p_failed} failed on missing objects' if p_failed else ''}"
            f" (all {n}: ~{per_py * n:.0f}s) | {per_py / per_scout:.0f}x slower |"
        )


def index(data_dir: str, specs: list[str]) -> None:
    scout = str(Path(PYTHON).with_name("scout"))
    for label, rounds in (("first run", specs), ("second run, unchanged", specs)):
        for spec in rounds:
            path, name = spec.split("=", 1)
            argv = [scout, "--data-dir", data_dir, "index", path, "--name", name, "--no-progress"]
            seconds, rc, mb, out = _child(argv)
            summary = out.decode("utf-8", "replace").strip().splitlines()
            print(f"| {name} | {label} | {seconds:.1f}s | {mb} MB | rc {rc} | {summary[-1] if summary else ''} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="what", required=True)
    r = sub.add_parser("read", help="time Scout's git reader beside `git log -p` and PyDriller")
    r.add_argument("repos", nargs="+", metavar="PATH=OWNER/REPO", help="clones to read and the names they go by")
    r.add_argument(
        "--pydriller-limit", type=int, default=400, help="commits PyDriller reads per repo (its rate is extrapolated)"
    )
    r.add_argument("--repeat", type=int, default=3, help="interleaved runs; the best is reported (default 3)")
    i = sub.add_parser("index", help="time `scout index` per repo in a child process, then its no-op re-run")
    i.add_argument("--data-dir", required=True, help="data directory to index into (use a fresh one)")
    i.add_argument("repos", nargs="+", metavar="PATH=OWNER/REPO", help="clones to index and the names they go by")
    args = parser.parse_args()
    if args.what == "read":
        read(args.repos, args.pydriller_limit, args.repeat)
    else:
        index(args.data_dir, args.repos)


if __name__ == "__main__":
    main()
