"""`scout map`, `scout repos` and `GET /v1/map` over the hand-worked index (tests/talent/conftest.py)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.cli import main
from indexer.profiles import build_profiles
from indexer.store import Store
from models.errors import ScoutError
from models.privacy import public_id
from models.settings import Settings


def no_engine(settings: Settings) -> None:
    raise ScoutError("no search engine: the map reads the store alone")


@pytest.fixture
def data_dir(map_store: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(map_store, copy)
    return copy


def scout(data_dir: Path, *args: str) -> int:
    return main(["--data-dir", str(data_dir), *args])


def test_map_prints_the_snapshot_table(map_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert scout(map_store, "map") == 0
    out = capsys.readouterr().out
    assert out.startswith("2026Q2 (against 2026Q1): 3 tracked repos | 3 active | 11 commits | 7 contributors")
    assert "GPU Kernels & Performance" in out and "+60%" in out and "+100%" in out
    assert "1  Training Frameworks & Model Architecture -> GPU Kernels & Performance" in out


def test_map_json_markdown_and_people(map_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    md = tmp_path / "map.md"
    assert scout(map_store, "map", "--quarter", "2026Q2", "--json", "--markdown", str(md)) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["quarter"], data["previous"], data["totals"]["commits"]) == ("2026Q2", "2026Q1", 11)
    assert {"category", "commits", "contributors", "active_repos", "commits_qoq", "contributors_qoq"} <= set(
        data["categories"][0]
    )
    assert {"repo", "top5_share", "half_of_commits_people"} <= set(data["repos"][0])
    text = md.read_text()
    assert text.startswith("# Talent map 2026Q2") and "| GPU Kernels & Performance | 8 | 6 | 1 | +60% |" in text
    assert scout(map_store, "map", "--category", "GPU Kernels & Performance", "--people") == 0
    out = capsys.readouterr().out
    assert "Eve Moss <gh:evemoss>: 1 commits" in out and "Dee Lark <dee@lark.example>: from Training" in out


def test_people_ids_open_with_scout_profile(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = Store.open(data_dir / "scout.db")
    build_profiles(store, Settings(data_dir=data_dir))
    store.close()
    assert scout(data_dir, "map", "--category", "GPU Kernels & Performance", "--people", "--json") == 0
    people = json.loads(capsys.readouterr().out)["people"]
    ids = {p["id"] for key in ("new_contributors", "most_engaged", "movers_in") for p in people[key]}
    assert len(ids) == 6
    for pid in sorted(ids):
        assert scout(data_dir, "profile", pid) == 0
        assert f"({pid})" in capsys.readouterr().out


def test_map_errors_are_one_line(map_store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert scout(map_store, "map", "--quarter", "2019Q1") == 2
    assert capsys.readouterr().err == "scout: error: no counted commits in 2019Q1: the index has 2025Q4 to 2026Q3\n"
    assert scout(map_store, "map", "--quarter", "Q2") == 2
    assert "is not written YYYYQn" in capsys.readouterr().err
    assert scout(map_store, "map", "--people") == 2
    assert "--people needs --category" in capsys.readouterr().err


def test_repos_lists_and_recategorises_without_reindexing(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert scout(data_dir, "repos", "--json") == 0
    rows = {r["name"]: r for r in json.loads(capsys.readouterr().out)}
    assert (rows["acme/kern"]["category"], rows["acme/kern"]["commits"], rows["acme/kern"]["contributors"]) == (
        "GPU Kernels & Performance",
        16,
        7,  # every landing; Ada, Cy, Dee, Eve, Ben as co-author, Gus, Hal: the bot left out
    )
    assert rows["acme/fork"]["commits"] == 2
    assert scout(data_dir, "repos", "set-category", "acme/fork", "llm serving & inference") == 0
    assert capsys.readouterr().out == "acme/fork: LLM Serving & Inference\n"
    assert scout(data_dir, "repos") == 0
    assert "LLM Serving & Inference" in capsys.readouterr().out
    assert scout(data_dir, "map", "--json") == 0
    categories = [c["category"] for c in json.loads(capsys.readouterr().out)["categories"]]
    assert "LLM Serving & Inference" in categories and "Inference Runtimes & Engines" not in categories
    assert scout(data_dir, "repos", "set-category", "acme/fork", "Kernels") == 2
    err = capsys.readouterr().err
    assert err.startswith("scout: error: unknown category 'Kernels': use one of GPU Kernels & Performance;")
    assert err.rstrip().endswith("Agent Framework; Uncategorized") and err.count("\n") == 1
    assert scout(data_dir, "repos", "set-category", "acme/nope", "Agent Framework") == 2
    assert "'acme/nope' is not indexed" in capsys.readouterr().err


def test_api_map(map_store: Path) -> None:
    app = create_app(Settings(data_dir=map_store), engine_factory=no_engine)  # type: ignore[arg-type]
    with TestClient(app) as client:
        ok = client.get("/v1/map", params={"quarter": "2026Q2"})
        assert ok.status_code == 200
        assert (ok.json()["quarter"], ok.json()["totals"]["contributors"]) == ("2026Q2", 7)
        drill = client.get("/v1/map", params={"category": "GPU Kernels & Performance"}).json()
        assert drill["people"]["movers_in"][0]["id"] == public_id("dee@lark.example")  # no e-mail in answers
        bad = client.get("/v1/map", params={"quarter": "2026-2"})
        assert bad.status_code == 422 and bad.headers["content-type"] == "application/problem+json"
        assert "quarter" in bad.json()["detail"]
        empty = client.get("/v1/map", params={"quarter": "2019Q1"})
        assert empty.status_code == 404 and empty.headers["content-type"] == "application/problem+json"
        assert empty.json()["detail"].startswith("no counted commits in 2019Q1")
        unknown = client.get("/v1/map", params={"category": "Kernels"})
        assert unknown.status_code == 422


def test_api_map_without_an_index_is_a_404(tmp_path: Path) -> None:
    app = create_app(Settings(data_dir=tmp_path / "none"), engine_factory=no_engine)  # type: ignore[arg-type]
    with TestClient(app) as client:
        missing = client.get("/v1/map")
        assert missing.status_code == 404 and "run `scout index` first" in missing.json()["detail"]
