"""Signal detection benchmark (BENCHMARKS.md, "Signal detection speed" and "Signals on real code").

  python bench/signals.py speed PATH=OWNER/REPO [--limit N] [--without NAME,...]
  python bench/signals.py index PATH=OWNER/REPO [--rounds 2]
  python bench/signals.py sample PATH=OWNER/REPO ... --out FILE.jsonl [--n 30] [--seed 7]

`speed` reads the repository once with Scout's git reader and runs detect_commit on every commit as it
arrives, timing the two stages separately in the same run (the git stage's time is what the reader's
generator takes between commits). With `--without`, each commit is also run through an engine lacking the
named detectors (alternating which goes first), so the cost of those detectors is a ratio on the same
commits in the same run. `sample` runs detection over the repositories, then draws N evidences at
random across detectors (stratified: detectors in turn; `--kinds` keeps only some) and writes them as
JSON lines for reading by hand.
`index` runs the real `index_repo` (A's pipeline, its worker pool included) into a fresh store twice per
round: once as shipped and once with detection replaced by an empty Detection, alternating the order, and
prints wall seconds of each.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.git import ReadReport, read_commits  # noqa: E402
from indexer.signals import DETECTORS, detect_commit, shared_engine  # noqa: E402
from indexer.signals.engine import Engine  # noqa: E402
from models.records import Signal  # noqa: E402
from models.settings import Settings  # noqa: E402


def _target(spec: str) -> tuple[Path, str]:
    path, _, repo = spec.partition("=")
    if not repo:
        raise SystemExit(f"expected PATH=OWNER/REPO, got {spec!r}")
    return Path(path), repo


def run(
    path: Path, repo: str, settings: Settings, limit: int | None, without: frozenset[str] = frozenset()
) -> tuple[dict[str, float], list[Signal]]:
    shared_engine()  # compile queries before the clock starts (once per process)
    baseline = Engine({k: d for k, d in DETECTORS.items() if k not in without}) if without else None
    base_cpu = 0.0
    report = ReadReport()
    commits = read_commits(path, repo, settings, report=report)
    git_s = sig_s = git_cpu = sig_cpu = 0.0
    child_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    n = files = 0
    skipped: Counter[str] = Counter()
    kinds: Counter[str] = Counter()
    signals: list[Signal] = []
    while True:
        t0, c0 = time.perf_counter(), time.process_time()
        commit = next(commits, None)
        t1, c1 = time.perf_counter(), time.process_time()
        git_s += t1 - t0
        git_cpu += c1 - c0
        if commit is None or (limit is not None and n >= limit):
            break
        if baseline is not None and n % 2:
            base_cpu += _cpu_of(lambda c=commit: baseline.run(c, settings))
        t1, c1 = time.perf_counter(), time.process_time()
        detection = detect_commit(commit, settings)
        sig_s += time.perf_counter() - t1
        sig_cpu += time.process_time() - c1
        if baseline is not None and not n % 2:
            base_cpu += _cpu_of(lambda c=commit: baseline.run(c, settings))
        n += 1
        files += len(commit.files)
        skipped.update(detection.skipped)
        kinds.update(s.kind for s in detection.signals)
        signals.extend(detection.signals)
    commits.close()  # reap git so its CPU time is counted
    child_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    git_child_cpu = (child_after.ru_utime + child_after.ru_stime) - (child_before.ru_utime + child_before.ru_stime)
    stats = {
        "commits": n,
        "files": files,
        "git_s": round(git_s, 2),
        "signals_s": round(sig_s, 2),
        "ratio": round(sig_s / git_s, 2) if git_s else 0.0,
        # CPU seconds: robust to other load on the machine (wall times are not).
        "git_cpu_s": round(git_cpu + git_child_cpu, 2),
        "signals_cpu_s": round(sig_cpu, 2),
        "cpu_ratio": round(sig_cpu / (git_cpu + git_child_cpu), 2) if git_cpu + git_child_cpu else 0.0,
        "signals": len(signals),
        **(
            {
                "without": sorted(without),
                "baseline_cpu_s": round(base_cpu, 2),
                "full_over_baseline": round(sig_cpu / base_cpu, 3) if base_cpu else 0.0,
            }
            if baseline is not None
            else {}
        ),
        "skipped": dict(skipped),
        "kinds": dict(kinds.most_common()),
    }
    return stats, signals


def _cpu_of(work: Callable[[], object]) -> float:
    started = time.process_time()
    work()
    return time.process_time() - started


def index_once(path: Path, repo: str, with_signals: bool) -> float:
    import tempfile

    import indexer.pipeline as pipeline
    from indexer.signals import Detection
    from indexer.store import Store

    real = pipeline.detect_commit
    if not with_signals:
        pipeline.detect_commit = lambda commit, settings: Detection()  # type: ignore[assignment]
    try:
        with tempfile.TemporaryDirectory() as tmp:
            settings = Settings(data_dir=Path(tmp))
            store = Store.open(settings.db_path)
            started = time.perf_counter()
            pipeline.index_repo(store, path, repo, settings, progress=False)
            return time.perf_counter() - started
    finally:
        pipeline.detect_commit = real


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("mode", choices=("speed", "sample", "index"), help="what to measure (see above)")
    parser.add_argument("--rounds", type=int, default=2, help="index: rounds of (with, without) runs")
    parser.add_argument("targets", nargs="+", metavar="PATH=OWNER/REPO", help="clones and the names they go by")
    parser.add_argument("--limit", type=int, default=None, help="stop after N commits per repo")
    parser.add_argument("--out", type=Path, default=None, help="sample: where to write the drawn evidences")
    parser.add_argument("--n", type=int, default=30, help="sample: evidences to draw (default 30)")
    parser.add_argument("--seed", type=int, default=7, help="sample: random seed of the draw (default 7)")
    parser.add_argument("--without", default="", help="speed: also time an engine without these detectors (a,b)")
    parser.add_argument("--kinds", default="", help="sample: draw only these detectors' evidences (a,b)")
    args = parser.parse_args()
    settings = Settings()
    if args.mode == "index":
        shared_engine()
        for spec in args.targets:
            path, repo = _target(spec)
            with_s: list[float] = []
            without_s: list[float] = []
            for r in range(args.rounds):
                order = (True, False) if r % 2 == 0 else (False, True)
                for flag in order:
                    (with_s if flag else without_s).append(index_once(path, repo, flag))
            best_with, best_without = min(with_s), min(without_s)
            print(
                json.dumps(
                    {
                        "repo": repo,
                        "index_with_signals_s": [round(x, 2) for x in with_s],
                        "index_without_signals_s": [round(x, 2) for x in without_s],
                        "signals_added_s": round(best_with - best_without, 2),
                        "added_over_git_stage": round((best_with - best_without) / best_without, 2),
                    }
                )
            )
        return 0
    without = frozenset(filter(None, args.without.split(",")))
    unknown = without - set(DETECTORS)
    if unknown:
        raise SystemExit(f"unknown detectors in --without: {', '.join(sorted(unknown))}")
    kinds_wanted = frozenset(filter(None, args.kinds.split(",")))
    pool: list[Signal] = []
    for spec in args.targets:
        path, repo = _target(spec)
        stats, signals = run(path, repo, settings, args.limit, without)
        if kinds_wanted:
            signals = [s for s in signals if s.kind in kinds_wanted]
        print(json.dumps({"repo": repo, **stats}))
        pool.extend(signals)
    if args.mode == "sample":
        rng = random.Random(args.seed)
        by_kind: dict[str, list[Signal]] = {}
        for s in pool:
            by_kind.setdefault(s.kind, []).append(s)
        drawn: list[Signal] = []
        kinds = sorted(by_kind)
        while len(drawn) < args.n and any(by_kind.values()):
            for kind in kinds:
                if by_kind[kind] and len(drawn) < args.n:
                    drawn.append(by_kind[kind].pop(rng.randrange(len(by_kind[kind]))))
        out = args.out or Path("signals-sample.jsonl")
        with out.open("w") as fh:
            for s in drawn:
                fh.write(s.model_dump_json() + "\n")
        print(f"wrote {len(drawn)} evidences to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
