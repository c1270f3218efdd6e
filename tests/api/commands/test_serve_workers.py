"""`scout serve --workers N`: the index loads once, the forked workers share the listening socket, each answers
exactly what one process answers, each picks up a re-index, a dead worker is replaced and a signal stops all."""

from __future__ import annotations

import http.client
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import gitrepo  # tests/support, on pytest's pythonpath
import httpx
import pytest

from api.deps import search_payload
from indexer.manifest import RepoSpec
from indexer.store import Store
from indexer.update import update
from models.records import SearchRequest
from models.settings import Settings
from search.engine import SearchEngine, StoreSource
from search.memory import HashingEncoder

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="workers are forked")

# The server under test: `run_server` as `scout serve --workers 2` calls it, with the hashing encoder for the
# model and no vector store, so the test can re-index while it serves (embedded Qdrant is one process's).
SERVER = """
import socket, sys
from pathlib import Path
from api.commands.serve import run_server
from indexer.store import Store
from models.settings import Settings
from search.engine import SearchEngine, StoreSource
from search.memory import HashingEncoder

def engine(settings):
    source = StoreSource(Store.open(settings.db_path, read_only=True))
    return SearchEngine(settings, source, HashingEncoder(384), None, refresh_seconds=0.0)

sock = socket.socket()
sock.bind(("127.0.0.1", 0))
sock.listen(128)
print(sock.getsockname()[1], flush=True)
sys.exit(run_server(Settings(data_dir=Path(sys.argv[1])), sock, engine_factory=engine, workers=2))
"""
QUERIES = [f"{lang} engineers with {skill}" for lang in ("C++", "Rust", "CUDA") for skill in ("SIMD", "kernels")]


@dataclass
class Served:
    url: str
    process: subprocess.Popen[str]
    log: Path
    settings: Settings
    repo: gitrepo.Repo

    def pids_by_request(self) -> dict[str, int]:
        """request id -> the pid of the worker that answered it (from the server's one JSON line a request)."""
        out: dict[str, int] = {}
        for line in self.log.read_text().splitlines():
            if line.startswith("{") and '"request_id"' in line:
                entry = json.loads(line)
                out[entry["request_id"]] = entry["pid"]
        return out

    def workers(self) -> set[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return {int(p) for p in children.read_text().split()} if children.exists() else set()


def _commits(repo: gitrepo.Repo, start: int, author: tuple[str, str] = gitrepo.ADA) -> None:
    for i in range(start, start + 3):
        repo.commit(f"simd kernel {i}", author=author, files={f"k{i}.cpp": f"int k{i};\n"})


def _index(settings: Settings, repo: gitrepo.Repo) -> None:
    update(settings, [RepoSpec(repo.path, "acme/k")], embedder=HashingEncoder(384), progress=False, echo=print)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    root = tmp_path_factory.mktemp("workers")
    settings = Settings(data_dir=root / "data")
    repo = gitrepo.Repo(root / "r")
    _commits(repo, 0)
    _index(settings, repo)
    log = root / "server.log"
    env = {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'tests' / 'support'}", "SCOUT_API_KEYS": ""}
    with log.open("w") as err:
        process = subprocess.Popen(
            [sys.executable, "-c", SERVER, str(settings.data_dir)],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
            env=env,
        )
    assert process.stdout is not None
    url = f"http://127.0.0.1:{process.stdout.readline().strip()}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    served = Served(url, process, log, settings, repo)
    try:
        yield served
    finally:
        workers = served.workers()
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=30) == 0
        assert not [pid for pid in workers if Path(f"/proc/{pid}").exists()], "a worker outlived the server"


def _ask(url: str, path: str, body: dict[str, object] | None = None) -> tuple[str, httpx.Response]:
    """One request on its own connection (so the kernel may hand it to either worker), with a known request id."""
    rid = uuid.uuid4().hex
    headers = {"X-Request-ID": rid}
    with httpx.Client(base_url=url, timeout=30) as client:
        answer = (
            client.post(path, json=body, headers=headers) if body is not None else client.get(path, headers=headers)
        )
    return rid, answer


def _until_both_workers(served: Served, path: str, body: dict[str, object] | None = None) -> list[httpx.Response]:
    """Ask, on fresh connections and several at once, until both workers have answered; every answer."""
    answers: dict[str, httpx.Response] = {}
    deadline = time.monotonic() + 30
    with ThreadPoolExecutor(8) as pool:
        while time.monotonic() < deadline:
            answers.update(pool.map(lambda _: _ask(served.url, path, body), range(16)))
            time.sleep(0.2)  # the log line is written after the answer
            if len({served.pids_by_request().get(rid) for rid in answers} - {None}) >= 2:
                return list(answers.values())
    raise AssertionError("one worker never answered")


def test_two_workers_share_the_socket_and_answer_what_one_process_answers(served: Served) -> None:
    assert len(served.workers()) == 2
    source = StoreSource(Store.open(served.settings.db_path, read_only=True))
    local = SearchEngine(served.settings, source, HashingEncoder(384), None)
    try:
        for query in QUERIES:
            answers = _until_both_workers(served, "/v1/search", {"query": query, "limit": 5})
            expected = search_payload(local.search(SearchRequest(query=query, limit=5)), served.settings)
            assert all(a.status_code == 200 and a.json() == expected for a in answers)
    finally:
        local.close()


def test_clients_that_connect_at_once_are_shared_evenly_between_the_workers(served: Served) -> None:
    """asyncio alone lets the first worker to wake accept the whole burst (50/0 and 36/14 seen)."""
    port = int(served.url.rsplit(":", 1)[1])
    connections = [http.client.HTTPConnection("127.0.0.1", port, timeout=30) for _ in range(20)]
    for c in connections:
        c.connect()
    ids = []
    for c in connections:
        ids.append(uuid.uuid4().hex)
        c.request("GET", "/healthz", headers={"X-Request-ID": ids[-1]})
        assert c.getresponse().read()
    time.sleep(0.5)  # the log line is written after the answer
    by_worker = Counter(served.pids_by_request()[rid] for rid in ids)
    for c in connections:
        c.close()
    assert len(by_worker) == 2 and min(by_worker.values()) >= 8, by_worker


def test_a_reindex_while_serving_is_seen_by_every_worker(served: Served) -> None:
    before = _ask(served.url, "/readyz")[1].json()["profiles"]
    _commits(served.repo, 10, author=("Grace Hopper", "grace@example.com"))
    _index(served.settings, served.repo)
    answers = _until_both_workers(served, "/readyz")
    assert {a.json()["profiles"] for a in answers} == {before + 1}


def test_a_worker_that_dies_is_replaced(served: Served) -> None:
    victim = min(served.workers())
    os.kill(victim, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and (victim in served.workers() or len(served.workers()) < 2):
        time.sleep(0.2)
    assert len(served.workers()) == 2 and victim not in served.workers()
    assert all(a.status_code == 200 for a in _until_both_workers(served, "/readyz"))
