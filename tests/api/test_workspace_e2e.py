"""The recruiter's workspace over a real index: one person lookup for CLI and API, activity by month from the
store, and shortlists kept in the store, shared by the API and `scout shortlist`, honouring suppression."""

import csv
import io
import json
from collections.abc import Iterator
from datetime import datetime
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
from search.shortlists import CSV_COLUMNS

ANN = ("Ann Alpha", "ann@alpha.example.com")
BOB = ("Bob Beta", "bob@beta.example.net")
CY = ("Cy Dorn", "cy@dorn.example.org")


@pytest.fixture(autouse=True)
def _fast(monkeypatch) -> None:
    monkeypatch.setattr(update, "Embedder", lambda settings: HashingEncoder(384))
    monkeypatch.setattr(pipeline, "detect_commit", lambda commit, settings: Detection())


def cli(data: Path, *argv: str) -> None:
    assert main(["--data-dir", str(data), *argv]) == 0


@pytest.fixture
def data(tmp_path: Path) -> Path:
    repo = gitrepo.Repo(tmp_path / "r")
    dates = ["2025-01-10", "2025-01-20", "2025-04-02", "2025-02-01", "2025-03-01"]
    for i, (who, day) in enumerate(zip([ANN, ANN, ANN, BOB, CY], dates, strict=True)):
        repo.commit(
            f"kernel {i}: tile the matmul",
            author=who,
            date=f"{day}T12:00:00+00:00",
            files={f"k{i}.cu": f"__global__ void k{i}() {{}}\n"},
        )
    out = tmp_path / "data"
    cli(out, "index", str(repo.path), "--name", "acme/kernels", "--no-progress")
    return out


def api(data: Path, **settings: Any) -> Iterator[TestClient]:
    engine = lambda s: SearchEngine.open(s, HashingEncoder(384))  # noqa: E731
    return TestClient(create_app(Settings(data_dir=data, **settings), engine_factory=engine))


def test_the_api_finds_a_person_by_everything_scout_profile_accepts(data: Path) -> None:
    with api(data) as client:
        for form in (ANN[1], ANN[1].upper(), public_id(ANN[1]), f" {ANN[1]} "):
            r = client.get(f"/v1/contributors/{form}")
            assert r.status_code == 200 and r.json()["id"] == public_id(ANN[1]), form
        assert client.get("/v1/contributors/nobody@example.com").status_code == 404


def test_activity_counts_commits_per_month_with_empty_months_filled(data: Path) -> None:
    with api(data) as client:
        body = client.get(f"/v1/contributors/{ANN[1]}/activity").json()
        missing = client.get("/v1/contributors/gh:nobody/activity")
    assert body["id"] == public_id(ANN[1])
    months = [(m["month"], m["commits"]) for m in body["months"]]
    assert months == [("2025-01", 2), ("2025-02", 0), ("2025-03", 0), ("2025-04", 1)]
    assert [r["repo"] for r in body["repos"]] == ["acme/kernels"] and body["repos"][0]["months"] == body["months"]
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("application/problem+json")


def test_shortlists_are_kept_in_the_store_and_shared_with_the_cli(data: Path, capsys) -> None:
    with api(data) as client:
        created = client.post("/v1/shortlists", json={"name": "  Kernel people "})
        assert created.status_code == 201 and created.json()["name"] == "Kernel people"
        assert created.json()["members"] == []
        assert client.post("/v1/shortlists", json={"name": "kernel PEOPLE"}).status_code == 409
        added = client.put(f"/v1/shortlists/Kernel people/members/{ANN[1]}", json={"note": "tiles matmuls"})
        assert added.status_code == 200 and added.json()["note"] == "tiles matmuls"
        assert added.json()["id"] == public_id(ANN[1]) and added.json()["name"] == ANN[0]
        client.put(f"/v1/shortlists/kernel people/members/{public_id(BOB[1])}", json={"note": "first"})
        updated = client.put(f"/v1/shortlists/kernel people/members/{BOB[1]}", json={"note": "second"}).json()
        assert updated["note"] == "second"
        assert [(s["name"], s["count"]) for s in client.get("/v1/shortlists").json()] == [("Kernel people", 2)]
        shown = client.get("/v1/shortlists/kernel people").json()
        assert [m["id"] for m in shown["members"]] == [public_id(ANN[1]), public_id(BOB[1])]
        assert datetime.fromisoformat(shown["updated_at"]) >= datetime.fromisoformat(shown["created_at"])
    capsys.readouterr()
    cli(data, "shortlist", "list")
    assert "Kernel people\t2 people" in capsys.readouterr().out
    cli(data, "shortlist", "add", "Kernel people", CY[1], "--note", "=cmd()")
    out = data.parent / "kp.csv"
    cli(data, "shortlist", "export", "Kernel people", "--csv", "--output", str(out))
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert [r["id"] for r in rows] == [public_id(who[1]) for who in (ANN, BOB, CY)]
    assert rows[0]["repos"] == "acme/kernels (3)" and rows[0]["note"] == "tiles matmuls"
    assert rows[2]["note"] == "'=cmd()"  # a spreadsheet shows it, does not run it
    assert rows[0]["profile_url"].endswith(f"/people/{public_id(ANN[1])}")
    with api(data) as client:
        exported = client.get("/v1/shortlists/Kernel people/export", params={"format": "json"}).json()
        assert [m["id"] for m in exported["members"]] == [r["id"] for r in rows]
        as_csv = client.get("/v1/shortlists/Kernel people/export")
        assert as_csv.headers["content-type"].startswith("text/csv")
        assert as_csv.text.replace("\r\n", "\n").splitlines()[0] == ",".join(CSV_COLUMNS)
        assert ANN[1] not in as_csv.text and ANN[1] not in json.dumps(exported)  # public ids, no addresses


def test_a_suppressed_person_leaves_shortlists_and_a_forgotten_one_is_deleted_from_them(data: Path, capsys) -> None:
    cli(data, "shortlist", "create", "team")
    for who in (ANN, BOB, CY):
        cli(data, "shortlist", "add", "team", who[1])
    cli(data, "people", "suppress", BOB[1])
    cli(data, "people", "forget", CY[1])
    with api(data) as client:
        members = client.get("/v1/shortlists/team").json()["members"]
        assert [m["id"] for m in members] == [public_id(ANN[1])]
        assert client.get("/v1/shortlists").json()[0]["count"] == 1
        exported = client.get("/v1/shortlists/team/export").text
    assert public_id(BOB[1]) not in exported and public_id(CY[1]) not in exported
    capsys.readouterr()
    cli(data, "shortlist", "remove", "team", public_id(BOB[1]))  # still removable by the id it was shown with
    assert "removed" in capsys.readouterr().out
    import sqlite3

    stored = "\n".join(sqlite3.connect(data / "scout.db").iterdump())
    assert CY[1] not in stored


def test_shortlist_errors_are_problems_with_the_right_status(data: Path) -> None:
    with api(data) as client:
        client.post("/v1/shortlists", json={"name": "team"})
        cases = [
            (client.post("/v1/shortlists", json={"name": "   "}), 422),
            (client.post("/v1/shortlists", json={"name": "x" * 81}), 422),
            (client.post("/v1/shortlists", json={"name": "a/b"}), 422),
            (client.get("/v1/shortlists/nope"), 404),
            (client.put(f"/v1/shortlists/nope/members/{ANN[1]}", json={"note": ""}), 404),
            (client.put("/v1/shortlists/team/members/gh:nobody", json={"note": ""}), 404),
            (client.put(f"/v1/shortlists/team/members/{ANN[1]}", json={"note": "x" * 2001}), 422),
            (client.delete(f"/v1/shortlists/team/members/{ANN[1]}"), 404),
            (client.get("/v1/shortlists/team/export", params={"format": "xlsx"}), 422),
            (client.delete("/v1/shortlists/nope"), 404),
        ]
        assert client.delete("/v1/shortlists/team").status_code == 204
        assert client.get("/v1/shortlists/team").status_code == 404
    for response, status in cases:
        assert response.status_code == status, response.text
        assert response.headers["content-type"].startswith("application/problem+json")


def test_a_data_directory_that_cannot_be_written_answers_shortlist_writes_with_a_503_problem(
    data: Path, monkeypatch
) -> None:
    import indexer.store as store_module
    from indexer.store import StoreError

    def read_only(db_path: Path) -> None:
        raise StoreError(f"{db_path.parent} is read-only")

    with api(data) as client:
        monkeypatch.setattr(store_module, "_check_writable", read_only)
        r = client.post("/v1/shortlists", json={"name": "team"})
        assert client.get("/v1/shortlists").status_code == 200  # reading still works
    assert r.status_code == 503 and "cannot save shortlists" in r.json()["detail"]
    assert r.headers["content-type"].startswith("application/problem+json")


def test_shortlist_cli_errors_are_one_line_and_change_nothing(data: Path, capsys) -> None:
    cli(data, "shortlist", "create", "team")
    capsys.readouterr()
    for argv, says in (
        (["show", "nope"], "no shortlist 'nope'"),
        (["create", "Team"], "already exists"),
        (["create", "a/b"], "is not valid"),
        (["add", "team", "gh:nobody"], "no contributor 'gh:nobody'"),
        (["add", "nope", ANN[1]], "no shortlist 'nope'"),
        (["remove", "team", ANN[1]], "is not on shortlist 'team'"),
        (["add", "team", ANN[1], "--note", "x" * 2001], "at most 2000"),
    ):
        assert main(["--data-dir", str(data), "shortlist", *argv]) == 2, argv
        err = capsys.readouterr().err
        assert err.startswith("scout: error: ") and says in err and err.count("\n") == 1, err
    cli(data, "shortlist", "show", "team")
    assert capsys.readouterr().out.startswith("team: 0 people")
