"""Talent map speed: `scout map` (build_map + the terminal table) on a real index and on a synthetic store at the
newsletter's scale, each beside a baseline from the same run.

    scout bench map --real /tmp/scout-real [--synthetic DIR] [--runs 3]

The synthetic store (written once into DIR, default /tmp/scout-map-synthetic, and reused) has 474 repositories
over the twelve categories, 76,000 counted commits by 7,300 contributors in 2026Q2 and about as many in 2026Q1,
plus 2% synced changes (landed in two repositories), 1% bot commits and co-authors on 3%, with files and
signals. Rows go in through the store's own bulk writer (`git_put_batch`), not through git. Baselines: a plain
`SELECT count(*) FROM commits` and a full scan of the changes' author dates, on the same store.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from eval.map_oracle import LogCommit
from indexer.store import Store
from models.catalog import CATEGORIES
from talent.map import build_map
from talent.render import render_text


@dataclass(frozen=True)
class Scale:
    repos: int
    people: int  # a pool: each quarter draws its contributors from it, so some are new, some leave
    quarters: tuple[tuple[str, datetime, int, int], ...]  # (quarter, first day, commits, contributors)


NEWSLETTER = Scale(
    repos=474,
    people=9_000,
    quarters=(
        ("2026Q1", datetime(2026, 1, 1, tzinfo=UTC), 72_000, 7_000),
        ("2026Q2", datetime(2026, 4, 1, tzinfo=UTC), 76_000, 7_300),
    ),
)
BOT = ("dependabot[bot]", "49699333+dependabot[bot]@users.noreply.github.com")
KINDS = ("cuda_kernel", "quantization", "attention_kernel", "simd", "benchmark_claim", "profiling", "serving")
DOMAINS = ("gmail.com", "nvidia.example", "amd.example", "intel.example", "users.noreply.github.com", "meta.example")


def synthetic(path: Path, seed: int = 11, scale: Scale = NEWSLETTER, logs: list[LogCommit] | None = None) -> Store:
    """The store at `scale` (reused when `path` has one); `logs` receives every landing as `git log` would show it."""
    db = path / "scout.db"
    if db.exists():
        return Store.open(db, create=False)
    r = random.Random(seed)
    store = Store.open(db)
    repos = [f"synth/r{i:03d}" for i in range(scale.repos)]
    for i, repo in enumerate(repos):
        store.git_start_repo(repo, f"/nonexistent/{repo}", CATEGORIES[i % len(CATEGORIES)])
    people = [(f"Person {i}", f"p{i}@{DOMAINS[i % len(DOMAINS)]}") for i in range(scale.people)]
    home = {i: r.randrange(scale.repos) for i in range(scale.people)}
    identities = {(e, n): e for n, e in people}
    identities[(BOT[1], BOT[0])] = ""
    n = 0
    for _quarter, start, commits, contributors in scale.quarters:
        active = r.sample(range(scale.people), contributors)
        batch: dict[str, list] = {k: [] for k in ("changes", "keys", "commits", "co", "files", "signals")}
        for k in range(commits):
            n += 1
            who = active[k] if k < len(active) else r.choice(active)  # everyone active commits at least once
            author = BOT if r.random() < 0.01 else people[who]
            repo = repos[home[who] if r.random() < 0.8 else r.randrange(scale.repos)]
            when = start + timedelta(seconds=r.randrange(90 * 86400))
            cid = f"s:{repo}:{n:040x}"
            stamp = when.isoformat()
            batch["changes"].append((cid, author[1], author[0], stamp, f"change {n}", f"change {n}", 10, 2, "{}"))
            batch["keys"].append((f"k:{n}", cid))
            landings = [(repo, f"{n:040x}", when)]
            if r.random() < 0.02:  # a sync: the same change lands in a second repository two days later
                landings.append((repos[r.randrange(scale.repos)], f"{n:039x}f", when + timedelta(days=2)))
            batch["commits"] += [(repo_, sha, cid, at.isoformat()) for repo_, sha, at in landings]
            co_authors: tuple[tuple[str, str], ...] = ()
            if r.random() < 0.03:
                co = people[r.randrange(scale.people)]
                batch["co"].append((cid, co[1], co[0]))
                co_authors = ((co[0], co[1]),)
            if logs is not None:
                logs += [LogCommit(rp, sha, *author, when, at, f"change {n}", co_authors) for rp, sha, at in landings]
            path = "tests/test_x.py" if r.random() < 0.15 else f"src/f{n % 97}.cu"
            batch["files"].append((cid, path, None, "modified", "cuda", 10, 2, "", None))
            if r.random() < 0.3:
                kind = r.choice(KINDS)
                batch["signals"].append((cid, kind, 1.0, "cuda", repo, f"{n:040x}", path, 1, "", "", "{}"))
            if len(batch["changes"]) >= 5_000:
                _flush(store, batch)
        _flush(store, batch)
    store.git_replace_identities([(e, nm, pid) for (e, nm), pid in sorted(identities.items())])
    for repo in repos:
        store.git_finish_repo(repo, "0" * 40, "{}", datetime.now(UTC).isoformat())
    return store


def _flush(store: Store, batch: dict[str, list]) -> None:
    store.git_put_batch(
        batch["changes"], batch["keys"], batch["commits"], batch["co"], batch["files"], batch["signals"], []
    )
    for rows in batch.values():
        rows.clear()


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def measure(label: str, store: Store, runs: int, quarter: str | None = None) -> dict[str, object]:
    count = timed(lambda: store.conn.execute("SELECT count(*) FROM commits").fetchone(), runs)
    scan = timed(
        lambda: store.conn.execute("SELECT count(DISTINCT datetime(authored_at)) FROM changes").fetchone(), runs
    )
    holder: dict[str, object] = {}

    def run_map() -> None:
        m = build_map(store, quarter)
        render_text(m)
        holder["map"] = m

    map_s = timed(run_map, runs)
    m = holder["map"]
    row = {
        "index": label,
        "quarter": m.quarter,  # type: ignore[attr-defined]
        "commits": m.totals.commits,  # type: ignore[attr-defined]
        "contributors": m.totals.contributors,  # type: ignore[attr-defined]
        "repos": m.totals.repos,  # type: ignore[attr-defined]
        "map_s": round(map_s, 3),
        "count_s": round(count, 4),
        "scan_s": round(scan, 3),
        "map_over_scan": round(map_s / scan, 1) if scan else None,
    }
    print(json.dumps(row))
    return row


def main() -> None:
    parser = argparse.ArgumentParser(prog="scout bench map", description=__doc__.split("\n\n")[0])
    parser.add_argument("--real", type=Path, help="a data directory indexed by `scout index` (a copy: it is read)")
    parser.add_argument("--synthetic", type=Path, default=Path("/tmp/scout-map-synthetic"), help="synthetic store dir")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each map (default 3)")
    args = parser.parse_args()
    if args.real is not None:
        store = Store.open(args.real / "scout.db", create=False)
        measure("real", store, args.runs)
        store.close()
    t = time.perf_counter()
    store = synthetic(args.synthetic)
    print(json.dumps({"synthetic_store": str(args.synthetic), "ready_s": round(time.perf_counter() - t, 1)}))
    measure("synthetic", store, args.runs, NEWSLETTER.quarters[-1][0])
    store.close()


if __name__ == "__main__":
    main()
