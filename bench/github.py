"""GitHub source benchmark (BENCHMARKS.md, "GitHub source"): quota and local time of `index --github`.

  python bench/github.py [--prs 1000] [--local-share 0.5] [--updated 10]     # or: scout bench github ...

A synthetic repository of N pull requests (3 commits, 4 files, 2 reviews each; a benchmark table in
every fourth body) is served in-process through httpx.MockTransport with GitHub's page shapes,
ETags and rate-limit headers; a share of the PRs merged commits present in a local index, so the
PR-text join and the text detectors run for them. Reported per run: requests, the quota they cost
(304s are free), GraphQL points, wall time. Baselines in the same run: the first run for the
re-runs, and the request count the same data costs over REST (listing + commits, files, reviews
per PR), computed from the same N.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from indexer.github import GithubClient, index_github  # noqa: E402
from indexer.github.cache import EtagCache  # noqa: E402
from indexer.github.pulls import PAGE_SIZE  # noqa: E402
from indexer.store import Store  # noqa: E402
from models.settings import Settings  # noqa: E402

REPO = "benchorg/kernels"
BASE = datetime(2026, 1, 1, tzinfo=UTC)
BODY = (
    "Vectorise the {n}th kernel.\n\n| shape | before | after |\n|---|---|---|\n"
    "| 4096 | {a:.1f} ms | {b:.1f} ms |\n\n{x:.2f}x speedup on an A100, profiled with nsys."
)


def sha(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


class Clock:
    def __init__(self) -> None:
        self.slept = 0.0

    def time(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        self.slept += seconds  # never really sleep in a benchmark


class Server:
    def __init__(self, prs: int) -> None:
        self.updated = {n: BASE + timedelta(hours=n) for n in range(1, prs + 1)}
        self.remaining = {"core": 5000, "graphql": 5000}

    def order(self) -> list[int]:
        return sorted(self.updated, key=lambda n: (self.updated[n], n), reverse=True)

    def node(self, n: int) -> dict:
        stamp = self.updated[n].strftime("%Y-%m-%dT%H:%M:%SZ")
        body = BODY.format(n=n, a=2.0 + n % 7, b=1.0 + n % 5 / 10, x=1.3 + n % 9 / 10) if n % 4 == 0 else "Small fix."
        actor = {"__typename": "User", "login": f"dev{n % 40}"}
        return {
            "number": n,
            "title": f"Kernel change {n}",
            "body": body,
            "state": "MERGED",
            "merged": True,
            "url": f"https://github.com/{REPO}/pull/{n}",
            "createdAt": stamp,
            "mergedAt": stamp,
            "updatedAt": stamp,
            "additions": 120,
            "deletions": 30,
            "headRefOid": sha(f"head{n}"),
            "author": actor,
            "mergeCommit": {"oid": sha(f"merge{n}")},
            "labels": {"nodes": [{"name": "performance"}]},
            "commits": {
                "pageInfo": {"hasNextPage": False},
                "nodes": [
                    {
                        "commit": {
                            "oid": sha(f"c{n}.{i}"),
                            "author": {
                                "email": f"dev{n % 40}@bench.example",
                                "name": "Dev",
                                "user": {"login": f"dev{n % 40}"},
                            },
                        }
                    }
                    for i in range(3)
                ],
            },
            "files": {
                "pageInfo": {"hasNextPage": False},
                "nodes": [{"path": f"src/k{n}_{i}.cu", "additions": 30, "deletions": 7} for i in range(4)],
            },
            "reviews": {
                "pageInfo": {"hasNextPage": False},
                "nodes": [
                    {
                        "databaseId": n * 10 + i,
                        "state": "APPROVED",
                        "body": "Checked the occupancy.",
                        "submittedAt": stamp,
                        "author": {"__typename": "User", "login": f"dev{(n + i + 1) % 40}"},
                    }
                    for i in range(2)
                ],
            },
        }

    def handler(self, request: httpx.Request) -> httpx.Response:
        resource = "graphql" if request.url.path == "/graphql" else "core"
        headers = {"x-ratelimit-reset": str(int(time.time()) + 3600), "x-ratelimit-resource": resource}
        if resource == "graphql":
            variables = json.loads(request.content)["variables"]
            order = self.order()
            start = int(variables["after"]) if variables.get("after") else 0
            nodes = [self.node(n) for n in order[start : start + variables["first"]]]
            end = start + len(nodes)
            payload = {
                "data": {
                    "repository": {
                        "pullRequests": {
                            "pageInfo": {"hasNextPage": end < len(order), "endCursor": str(end)},
                            "nodes": nodes,
                        }
                    }
                }
            }
            body = json.dumps(payload).encode()
        elif request.url.path.endswith("/pulls"):
            newest = self.order()[0]
            body = json.dumps([{"number": newest, "updated_at": self.node(newest)["updatedAt"]}]).encode()
        else:
            body = json.dumps({"full_name": REPO}).encode()
        etag = '"' + hashlib.sha1(body).hexdigest() + '"'
        if resource == "core" and request.headers.get("if-none-match") == etag:
            headers["x-ratelimit-remaining"] = str(self.remaining[resource])
            return httpx.Response(304, headers={**headers, "etag": etag})
        self.remaining[resource] -= 1
        headers["x-ratelimit-remaining"] = str(self.remaining[resource])
        if resource == "core":
            headers["etag"] = etag
        return httpx.Response(200, headers=headers, content=body)


def seed_local(store: Store, prs: int, share: float) -> int:
    """Index stand-ins for the merge commits of the first share of the PRs (as `scout index PATH` would)."""
    count = int(prs * share)
    with store.transaction() as conn:
        for n in range(1, count + 1):
            change = f"s:{REPO}:{sha(f'merge{n}')}"
            conn.execute(
                "INSERT INTO changes (change_id, author_email, author_name, authored_at, subject, message)"
                " VALUES (?, ?, 'Dev', ?, ?, ?)",
                (change, f"dev{n % 40}@bench.example", BASE.isoformat(), f"Kernel change {n}", f"Kernel change {n}"),
            )
            conn.execute(
                "INSERT INTO commits (repo, sha, change_id) VALUES (?, ?, ?)", (REPO, sha(f"merge{n}"), change)
            )
    return count


def run(store: Store, server: Server, cache: EtagCache, settings: Settings) -> dict[str, float]:
    clock = Clock()
    client = GithubClient("bench", cache=cache, clock=clock, transport=httpx.MockTransport(server.handler))
    started = time.perf_counter()
    report = index_github(store, REPO, settings, client=client)
    seconds = time.perf_counter() - started
    client.close()
    return {
        "seconds": round(seconds, 2),
        "requests": report.requests,
        "quota": report.requests - report.not_modified,
        "graphql": client.stats.graphql,
        "pulls": report.pulls,
        "joined": report.joined_changes,
        "text_signals": report.text_signals,
        "login_signals": report.login_signals,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--prs", type=int, default=1000, help="pull requests in the synthetic repository")
    parser.add_argument("--local-share", type=float, default=0.5, help="share of PRs whose merge commit is indexed")
    parser.add_argument("--updated", type=int, default=10, help="PRs updated before the third run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(data_dir=Path(tmp))
        store = Store.open(settings.db_path)
        cache = EtagCache.open(Path(tmp) / "github-cache")
        local = seed_local(store, args.prs, args.local_share)
        server = Server(args.prs)
        first = run(store, server, cache, settings)
        again = run(store, server, cache, settings)
        now = max(server.updated.values())
        for i, n in enumerate(sorted(server.updated)[: args.updated]):
            server.updated[n] = now + timedelta(minutes=i + 1)
        touched = run(store, server, cache, settings)
        store.close()
        cache.close()
    rest = 2 + math.ceil(args.prs / 100) + 3 * args.prs
    print(f"{args.prs} PRs ({local} with indexed merge commits), {PAGE_SIZE} PRs per GraphQL page")
    print(f"{'run':<28} {'requests':>8} {'quota':>6} {'graphql':>7} {'seconds':>8} {'PRs':>5} {'joined':>6}")
    for name, row in (
        ("first run", first),
        ("re-run, unchanged", again),
        (f"re-run, {args.updated} PRs updated", touched),
    ):
        print(
            f"{name:<28} {row['requests']:>8} {row['quota']:>6} {row['graphql']:>7} {row['seconds']:>8} "
            f"{row['pulls']:>5} {row['joined']:>6}"
        )
    print(f"{'REST-only equivalent (first)':<28} {rest:>8} {rest:>6} {0:>7}")
    print(json.dumps({"first": first, "unchanged": again, "updated": touched, "rest_equivalent": rest}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
