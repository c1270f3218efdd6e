"""Test helpers: a recorded GitHub for the tests: fixture bodies served through httpx.MockTransport, a fake clock,
and a tiny local git repo whose commits the recorded pull requests reference.

Fixture bodies hold `{{sha:NAME}}` placeholders; the server fills them with the shas of the local
repo (end-to-end tests) or with stable made-up shas.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from indexer.github.client import GithubClient
from indexer.pipeline import index_repo
from indexer.store import Store
from models.settings import Settings

ClientFactory = Callable[..., GithubClient]
FIXTURES = Path(__file__).parent / "fixtures"
REPO = "kernelworks/fastmm"
REPO_ID = 700123456
T0 = 1_795_000_000.0  # an epoch second in November 2026


class FakeClock:
    def __init__(self) -> None:
        self.now = T0
        self.mono = 0.0
        self.sleeps: list[float] = []

    def time(self) -> float:
        return self.now

    def monotonic(self) -> float:
        return self.mono

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        self.mono += seconds


def fake_sha(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()


@dataclass
class Reply:
    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    raise_: type[Exception] | None = None
    chunks: Callable[[], Iterable[bytes]] | None = None  # a streamed body (for answers that never end)
    count: bool = True  # costs quota


class FakeGithub:
    """Routes: REST by path+query, GraphQL by kind ('pulls' with its `after` cursor, or 'authors')."""

    def __init__(self, clock: FakeClock, shas: dict[str, str] | None = None) -> None:
        self.clock = clock
        self.shas = shas or {}
        self.routes: dict[Any, list[Reply]] = {}
        self.log: list[str] = []
        self.remaining = {"core": 5000, "graphql": 5000}
        self.reset = int(T0) + 3600

    def sha(self, name: str) -> str:
        return self.shas.get(name) or fake_sha(name)

    def body(self, name: str) -> bytes:
        raw = (FIXTURES / name).read_bytes()
        out = bytearray()
        rest = raw
        while b"{{sha:" in rest:
            head, _, tail = rest.partition(b"{{sha:")
            key, _, rest = tail.partition(b"}}")
            out += head + self.sha(key.decode()).encode()
        return bytes(out + rest)

    def ok(self, name: str, *, etag: str | None = None, link: str | None = None) -> Reply:
        headers = {"link": link} if link else {}
        return Reply(200, self.body(name), headers, etag=etag)

    def error(self, status: int, name: str, **headers: str) -> Reply:
        return Reply(status, self.body(name), dict(headers))

    def on(self, key: Any, *replies: Reply) -> None:
        """Serve `replies` in order for `key`; the last one repeats."""
        self.routes[key] = list(replies)

    def standard(self) -> FakeGithub:
        """The recorded session of kernelworks/fastmm: 6 PRs over two GraphQL pages."""
        files = f"https://api.github.com/repositories/{REPO_ID}/pulls/12/files"
        self.on(f"/repos/{REPO}", self.ok("repo.json", etag='W/"repo-1"'))
        self.on(
            f"/repos/{REPO}/pulls?direction=desc&per_page=1&sort=updated&state=all",
            self.ok("pulls_probe.json", etag='W/"probe-1"'),
        )
        self.on(("pulls", None), self.ok("graphql_pulls_page1.json"))
        self.on(("pulls", self.cursor(1)), self.ok("graphql_pulls_page2.json"))
        self.on(
            f"/repos/{REPO}/pulls/12/files?per_page=100",
            self.ok(
                "pull12_files_page1.json",
                etag='W/"files-1"',
                link=f'<{files}?per_page=100&page=2>; rel="next", <{files}?per_page=100&page=2>; rel="last"',
            ),
        )
        self.on(
            f"/repositories/{REPO_ID}/pulls/12/files?per_page=100&page=2",
            self.ok(
                "pull12_files_page2.json",
                etag='W/"files-2"',
                link=f'<{files}?per_page=100&page=1>; rel="prev", <{files}?per_page=100&page=1>; rel="first"',
            ),
        )
        self.on(("authors",), self.ok("graphql_commit_authors.json"))
        return self

    def cursor(self, page: int) -> str:
        name = "graphql_pulls_page1.json" if page == 1 else "graphql_pulls_page2.json"
        data = json.loads(self.body(name))
        return data["data"]["repository"]["pullRequests"]["pageInfo"]["endCursor"]

    def requests(self, prefix: str = "") -> list[str]:
        return [entry for entry in self.log if entry.startswith(prefix)]

    def handler(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/graphql":
            payload = json.loads(request.content)
            if "pullRequests" in payload["query"]:
                key: Any = ("pulls", payload["variables"].get("after"))
            else:
                key = ("authors",)
            self.log.append(f"POST graphql {key[0]}" + (f" after={key[1]}" if len(key) > 1 and key[1] else ""))
            resource = "graphql"
        else:
            key = request.url.raw_path.decode()
            self.log.append(f"GET {key}")
            resource = "core"
        queue = self.routes.get(key)
        if not queue:
            raise AssertionError(f"unrecorded request {key!r}")
        reply = queue.pop(0) if len(queue) > 1 else queue[0]
        if reply.raise_ is not None:
            raise reply.raise_("recorded failure", request=request)
        headers = {
            "content-type": "application/json; charset=utf-8",
            "x-ratelimit-limit": "5000",
            "x-ratelimit-reset": str(self.reset),
            "x-ratelimit-resource": resource,
        }
        if reply.etag and request.headers.get("if-none-match") == reply.etag:
            headers["x-ratelimit-remaining"] = str(self.remaining[resource])
            headers["etag"] = reply.etag
            return httpx.Response(304, headers=headers)
        if reply.count:
            self.remaining[resource] -= 1
        headers["x-ratelimit-remaining"] = str(self.remaining[resource])
        headers["x-ratelimit-used"] = str(5000 - self.remaining[resource])
        if reply.etag:
            headers["etag"] = reply.etag
        headers.update(reply.headers)
        if reply.chunks is not None:
            return httpx.Response(reply.status, headers=headers, content=reply.chunks())
        return httpx.Response(reply.status, headers=headers, content=reply.body)


# --- a tiny local clone whose commits the recorded PRs merged ---

PEOPLE = {
    "ada": ("Ada Kern", "ada@kernelworks.dev"),
    "bo": ("Bo Simd", "bo@kernelworks.dev"),
    "dee": ("Dee Dsp", "dee@kernelworks.dev"),
}
COMMITS = (  # (sha name, person, date, message, path, content)
    ("init", "ada", "2026-09-01T10:00:00+00:00", "Initial matmul", "src/matmul.cpp", "void matmul_f32();\n"),
    (
        "tile",
        "ada",
        "2026-10-22T09:14:00+00:00",
        "Tile the matmul inner loop (#12)",
        "src/pack.cpp",
        "void pack_b();\n",
    ),
    ("avx2", "bo", "2026-10-25T16:45:00+00:00", "Add an AVX2 path for the f32 micro-kernel", "src/avx2.cpp", "//\n"),
    ("dee", "dee", "2026-10-30T08:00:00+00:00", "Tune the prefetch distance", "src/matmul.cpp", "// pf 8\n"),
)


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> str:
    return subprocess.run(
        ["git", *args], cwd=repo, check=True, capture_output=True, text=True, env={**os.environ, **(env or {})}
    ).stdout.strip()


def make_local_repo(path: Path) -> dict[str, str]:
    """Build the clone; returns sha name -> sha."""
    path.mkdir(parents=True)
    _git(path, "init", "-q", "-b", "main")
    shas = {}
    for name, person, when, message, file, content in COMMITS:
        who, email = PEOPLE[person]
        (path / file).parent.mkdir(parents=True, exist_ok=True)
        (path / file).write_text(content)
        _git(path, "add", file)
        env = {
            "GIT_AUTHOR_NAME": who,
            "GIT_AUTHOR_EMAIL": email,
            "GIT_AUTHOR_DATE": when,
            "GIT_COMMITTER_NAME": who,
            "GIT_COMMITTER_EMAIL": email,
            "GIT_COMMITTER_DATE": when,
        }
        _git(path, "-c", "commit.gpgsign=false", "commit", "-q", "-m", message, env=env)
        shas[name] = _git(path, "rev-parse", "HEAD")
    return shas


def index_local_repo(store: Store, path: Path, repo: str) -> None:
    """Record the clone's commits as `scout index` stores them (changes + commits rows), straight from `git log`,
    so these tests do not depend on the detectors; `index_with_pipeline` runs the real thing."""
    out = _git(path, "log", "--reverse", "--format=%H%x1f%ae%x1f%an%x1f%aI%x1f%B%x1e")
    with store.transaction() as conn:
        for record in filter(None, (r.strip() for r in out.split("\x1e"))):
            sha, email, name, when, message = record.split("\x1f")
            change_id = f"s:{repo}:{sha}"
            conn.execute(
                "INSERT INTO changes (change_id, author_email, author_name, authored_at, subject, message)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (change_id, email.lower(), name, when, message.splitlines()[0], message.strip()),
            )
            conn.execute("INSERT INTO commits (repo, sha, change_id) VALUES (?, ?, ?)", (repo, sha, change_id))


def index_with_pipeline(store: Store, path: Path, repo: str) -> None:
    """Index the clone through `scout index`'s own pipeline (git reader + detectors)."""
    index_repo(store, path, repo, Settings(data_dir=store.path.parent), progress=False)
