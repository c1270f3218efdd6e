"""`scout people` decisions end to end: recorded by the CLI, kept through `scout index --rebuild` and a later
re-index, and honoured by every API answer, which never carries an e-mail address by default."""

import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import gitrepo  # tests/support, on pytest's pythonpath
import pytest
from fastapi.testclient import TestClient

import indexer.pipeline as pipeline
import indexer.update as update
from api.app import create_app
from api.cli import main
from indexer.signals import Detection
from models.privacy import public_id
from models.settings import Settings
from search.engine import SearchEngine
from search.memory import HashingEncoder

ANN, ANN_HOME = ("Ann Alpha", "ann@alpha.example.com"), ("Ann Alpha", "ann.a@home.example.org")
BOB = ("Bob Beta", "bob@beta.example.net")
CY, CYD = ("Cy Dorn", "cy@dorn.example.org"), ("cyd", "cyd@lab.example.net")
DEE = ("Dee Erm", "dee@erm.example.com")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")


@pytest.fixture(autouse=True)
def _fast(monkeypatch) -> None:
    monkeypatch.setattr(update, "Embedder", lambda settings: HashingEncoder(384))
    monkeypatch.setattr(pipeline, "detect_commit", lambda commit, settings: Detection())


def cli(data: Path, *argv: str) -> None:
    assert main(["--data-dir", str(data), *argv]) == 0


def index(data: Path, repo: Path, *extra: str) -> None:
    cli(data, "index", str(repo), "--name", "acme/kernels", "--no-progress", *extra)


@pytest.fixture
def world(tmp_path: Path) -> tuple[Path, gitrepo.Repo]:
    repo = gitrepo.Repo(tmp_path / "r")
    for i, who in enumerate([ANN, ANN, ANN, ANN_HOME, BOB, BOB, CY, CY, CYD, DEE, DEE]):
        repo.commit(f"kernel {i}: tile the matmul", author=who, files={f"k{i}.cu": f"__global__ void k{i}() {{}}\n"})
    data = tmp_path / "data"
    index(data, repo.path)
    return data, repo


def api(data: Path, **settings: Any) -> Iterator[TestClient]:
    engine = lambda s: SearchEngine.open(s, HashingEncoder(384))  # noqa: E731
    return TestClient(create_app(Settings(data_dir=data, **settings), engine_factory=engine))


def ids(client: TestClient) -> set[str]:
    return {c["id"] for c in client.get("/v1/contributors", params={"limit": 100}).json()["contributors"]}


def test_decisions_survive_a_rebuild_and_a_reindex_and_the_api_honours_them(world, capsys) -> None:
    data, repo = world
    with api(data) as client:
        assert ids(client) == {public_id(who[1]) for who in (ANN, BOB, CY, CYD, DEE)}
    cli(data, "people", "split", ANN[1], ANN_HOME[1])
    cli(data, "people", "merge", CY[1], CYD[1])
    cli(data, "people", "suppress", BOB[1], "--reason", "asked to opt out")
    cli(data, "people", "forget", public_id(DEE[1]))
    index(data, repo.path, "--rebuild")
    repo.commit("kernel 11", author=DEE, files={"k11.cu": "__global__ void k11() {}\n"})
    repo.commit("kernel 12", author=BOB, files={"k12.cu": "__global__ void k12() {}\n"})
    index(data, repo.path)
    capsys.readouterr()
    with api(data) as client:
        assert ids(client) == {public_id(ANN[1]), public_id(ANN_HOME[1]), public_id(CY[1])}
        assert client.get(f"/v1/contributors/{public_id(BOB[1])}").status_code == 404
        assert client.get(f"/v1/contributors/{public_id(DEE[1])}").status_code == 404
        cy = client.get(f"/v1/contributors/{public_id(CY[1])}").json()
        assert cy["activity"]["commits"] == 3 and cy["emails"] == []
        found = client.post("/v1/search", json={"query": "CUDA kernel engineers", "limit": 20}).json()
        assert {m["id"] for m in found["matches"]} <= {public_id(ANN[1]), public_id(ANN_HOME[1]), public_id(CY[1])}
    conn = sqlite3.connect(data / "scout.db")
    stored = "\n".join(conn.iterdump())
    assert DEE[1] not in stored and DEE[0] not in stored  # forgotten: nothing names them
    assert BOB[1] in stored  # suppressed: their commits stay, unattributed in answers
    cli(data, "people", "unsuppress", BOB[1])
    with api(data) as client:
        assert public_id(BOB[1]) in ids(client)


def test_decisions_export_and_import_as_identities_toml(world, tmp_path: Path, capsys) -> None:
    data, _ = world
    cli(data, "people", "merge", CY[1], CYD[1], "--no-refresh")
    out = tmp_path / "identities.toml"
    cli(data, "people", "export", str(out))
    assert 'kind = "merge"' in out.read_text()
    cli(data, "people", "import", str(out))
    with api(data) as client:
        assert public_id(CYD[1]) not in ids(client) and public_id(CY[1]) in ids(client)
    bad = tmp_path / "bad.toml"
    bad.write_text('[[decision]]\nkind = "fuse"\na = "x"\nb = "y"\n')
    assert main(["--data-dir", str(data), "people", "import", str(bad)]) == 2
    assert "decision 1 needs kind" in capsys.readouterr().err


def test_no_api_answer_carries_an_email_unless_the_operator_opts_in(world) -> None:
    data, _ = world
    paths = ["/v1/contributors", f"/v1/contributors/{public_id(CY[1])}", "/v1/repos", "/v1/taxonomy", "/v1/map"]
    with api(data) as client:
        answers = [client.get(p).text for p in paths]
        answers.append(client.post("/v1/search", json={"query": "CUDA kernel engineers"}).text)
    assert [EMAIL.findall(a) for a in answers] == [[] for _ in answers]
    with api(data, show_emails=True) as client:
        assert CY[1] in json.dumps(client.get(f"/v1/contributors/{CY[1]}").json()["emails"])


def test_merges_lists_the_joins_name_rules_made_with_identities_counts_and_rule(world, capsys) -> None:
    data, _ = world
    capsys.readouterr()
    cli(data, "people", "merges", "--json")
    (merge,) = json.loads(capsys.readouterr().out)
    assert merge["rule"] == "same name, same repository" and merge["person_id"] == ANN[1]
    sides = sorted([(s["email"], s["name"], s["commits"]) for s in side] for side in (merge["a"], merge["b"]))
    assert sides == [[(ANN_HOME[1], ANN[0], 1)], [(ANN[1], ANN[0], 3)]]
    assert merge["last_date"] and main(["--data-dir", str(data), "people", "split", "gh:nobody", "x@y.example"]) == 2
    assert "no person 'gh:nobody'" in capsys.readouterr().err
