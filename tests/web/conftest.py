"""A live Scout (API and pages) on a free loopback port over part of the sample corpus, shared by the web tests.

Two of the corpus's repositories (Rust SIMD kernels in tensorkit, CUDA kernels in flashkern) are enough for
every page; the hashing encoder stands in for the embedding model, so nothing is loaded or fetched.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
import uvicorn

from api.app import create_app
from eval.corpus import generate
from indexer.manifest import load_manifest
from indexer.update import update
from models.settings import Settings
from search.engine import SearchEngine
from search.memory import HashingEncoder

CHROMIUM = Path("/usr/bin/chromium")
REPOS = ("corpus/tensorkit", "corpus/flashkern")
DIMENSIONS = 384


@dataclass(frozen=True)
class LiveServer:
    url: str
    settings: Settings


@pytest.fixture(scope="session")
def web_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    root = tmp_path_factory.mktemp("web")
    corpus = generate(root / "corpus")
    settings = Settings(data_dir=root / "data")
    specs = [s for s in load_manifest(corpus.manifest) if s.name in REPOS]
    update(settings, specs, embedder=HashingEncoder(DIMENSIONS), progress=False, echo=lambda *a, **k: None)
    return settings


@pytest.fixture(scope="session")
def live_server(web_index: Settings) -> Iterator[LiveServer]:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    app = create_app(web_index, engine_factory=lambda s: SearchEngine.open(s, HashingEncoder(DIMENSIONS)))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    _wait_ready(url)
    try:
        yield LiveServer(url, web_index)
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def _wait_ready(url: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/readyz", timeout=5).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise AssertionError(f"the test server at {url} did not become ready")


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium; a skip where none exists, never in CI (.ci/run installs it)."""
    if CHROMIUM.exists() and shutil.which("chromium"):
        return CHROMIUM
    if os.environ.get("CI"):
        pytest.fail("CI is set but /usr/bin/chromium is missing: .ci/run installs Debian's chromium")
    pytest.skip("no /usr/bin/chromium here (apt-get install chromium); CI installs it and runs this test")
