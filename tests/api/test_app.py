"""The JSON API over a small in-memory engine: answers, problem+json errors, API keys, request ids, logs."""

from __future__ import annotations

import argparse
import json
import logging
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from models.errors import ScoutError
from models.records import Activity, Evidence, Profile, SearchRequest, SkillScore
from models.settings import Settings
from search.engine import SearchEngine
from search.memory import HashingEncoder, MemorySource, MemoryVectors

PROBLEM = "application/problem+json"


def person(pid: str, repo: str, skills: dict[str, float], languages: dict[str, int]) -> Profile:
    return Profile(
        id=pid,
        names=[pid[3:].title()],
        emails=[f"{pid[3:]}@example.com"],
        login=pid[3:],
        repos={repo: 12},
        languages=languages,
        skills={
            k: SkillScore(
                skill=k,
                score=v,
                commits=4,
                last_date=date(2026, 3, 1),
                evidence=[Evidence(repo=repo, sha="a" * 40, path="src/q.rs", line=3, title=f"Add {k}")],
            )
            for k, v in skills.items()
        },
        activity=Activity(commits=12, active_weeks=9, first_date=date(2025, 1, 1), last_date=date(2026, 3, 1)),
        systems_share=0.8,
        depth=0.5,
        summary=f"{' '.join(languages)} engineer; {' '.join(skills)} in {repo}",
    )


PEOPLE = [
    person("gh:ada", "huggingface/candle", {"quantization": 0.8}, {"rust": 9000}),
    person("gh:bo", "tracel-ai/burn", {"simd": 0.7}, {"rust": 4000}),
    person("gh:cy", "ggml-org/ggml", {"simd": 0.9, "quantization": 0.5}, {"c": 7000}),
]


def memory_engine(settings: Settings) -> SearchEngine:
    enc = HashingEncoder()
    return SearchEngine(settings, MemorySource(PEOPLE), enc, MemoryVectors(PEOPLE, enc))


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), engine_factory=memory_engine)) as c:
        yield c


def search(client: TestClient, body: dict[str, Any], **kw: Any) -> Any:
    return client.post("/v1/search", json=body, **kw)


def test_search_answers_with_interpretation_and_ranked_explained_matches(client: TestClient) -> None:
    r = search(client, {"query": "Rust engineers on candle with quantization experience", "limit": 5})
    assert r.status_code == 200
    body = r.json()
    assert body["interpretation"]["repos"] == ["huggingface/candle"]
    assert [m["id"] for m in body["matches"]] == ["gh:ada"]
    m = body["matches"][0]
    assert m["why"] and m["criteria"] and m["breakdown"] and m["activity"]["commits"] == 12


def test_cli_json_is_exactly_the_api_json(client: TestClient, monkeypatch: Any, capsys: Any) -> None:
    from api.commands import search as search_command

    monkeypatch.setattr(SearchEngine, "open", classmethod(lambda cls, settings: memory_engine(settings)))
    query = "SIMD people, active since 2025"
    args = argparse.Namespace(text=query, limit=3, offset=0, json=True)
    assert search_command.handle(args, Settings()) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == search(client, {"query": query, "limit": 3}).json()


def test_cli_table_shows_rank_person_score_and_why(monkeypatch: Any, capsys: Any) -> None:
    from api.commands import search as search_command

    monkeypatch.setattr(SearchEngine, "open", classmethod(lambda cls, settings: memory_engine(settings)))
    args = argparse.Namespace(text="SIMD kernels", limit=3, offset=0, json=False)
    search_command.handle(args, Settings())
    out = capsys.readouterr().out
    assert "understood: skills=simd" in out
    assert out.splitlines()[2].split()[:2] == ["1", "gh:cy"]


def test_cli_table_prints_ids_whole_so_they_can_be_pasted_into_scout_profile() -> None:
    from api.commands.search import render

    result = memory_engine(Settings()).search(SearchRequest(query="SIMD kernels", limit=2))
    long_id = "dario.marrowby@kernels.example-company.com"
    result.matches[0] = result.matches[0].model_copy(update={"id": long_id, "name": "Dario Marrowby-Long Name"})
    row = render(result, width=100).splitlines()[2]
    assert row.split()[1] == long_id and len(row) == 100


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ({"query": ""}, "query"),
        ({"query": "   "}, "query is empty"),
        ({"query": "x" * 1001}, "at most 1000"),
        ({"query": "rust", "limit": 101}, "limit"),
        ({"query": "rust", "offset": -1}, "offset"),
        ({"query": "rust", "filters": {"languages": ["klingon"]}}, "unknown language filter 'klingon'"),
        ({"query": "rust", "filters": {"skills": ["juggling"]}}, "unknown skill filter 'juggling'"),
        ({"query": "rust", "filters": {"repos": ["nope/nothing"]}}, "unknown repo 'nope/nothing'"),
        ({"query": "rust", "filters": {"active_since": "yesterday"}}, "active_since"),
        ({}, "query"),
    ],
)
def test_bad_requests_are_422_problems_with_the_reason(client: TestClient, body: dict[str, Any], reason: str) -> None:
    r = search(client, body)
    assert r.status_code == 422
    assert r.headers["content-type"].startswith(PROBLEM)
    problem = r.json()
    assert problem["status"] == 422 and problem["title"]
    assert reason in problem["detail"]
    assert problem["request_id"] == r.headers["x-request-id"]


def test_malformed_json_is_a_problem_too(client: TestClient) -> None:
    r = client.post("/v1/search", content=b"{not json", headers={"content-type": "application/json"})
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)


def test_contributors_by_id_and_by_filters(client: TestClient) -> None:
    assert client.get("/v1/contributors/gh:ada").json()["id"] == "gh:ada"
    missing = client.get("/v1/contributors/gh:nobody")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith(PROBLEM)
    page = client.get("/v1/contributors", params={"skill": "simd"}).json()
    assert page["total"] == 2 and [c["id"] for c in page["contributors"]] == ["gh:cy", "gh:bo"]
    assert client.get("/v1/contributors", params={"repo": "burn"}).json()["total"] == 1
    bad = client.get("/v1/contributors", params={"language": "klingon"})
    assert bad.status_code == 422 and "klingon" in bad.json()["detail"]


def test_reference_and_health_endpoints(client: TestClient) -> None:
    assert {s["key"] for s in client.get("/v1/taxonomy").json()["skills"]} >= {"simd", "quantization"}
    assert {r["name"] for r in client.get("/v1/repos").json()} == {
        "huggingface/candle",
        "tracel-ai/burn",
        "ggml-org/ggml",
    }
    assert client.get("/healthz").json() == {"status": "ok", "profiles": None}
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["profiles"] > 0
    assert "/v1/search" in client.get("/openapi.json").json()["paths"]
    assert client.get("/docs").status_code == 200


def test_readyz_is_503_with_the_reason_when_the_index_cannot_load() -> None:
    def broken(settings: Settings) -> SearchEngine:
        raise ScoutError("no index at /nowhere/scout.db: run `scout index` first")

    with TestClient(create_app(Settings(), engine_factory=broken)) as c:
        assert c.get("/healthz").status_code == 200
        r = c.get("/readyz")
        assert r.status_code == 503 and "run `scout index`" in r.json()["detail"]
        assert search(c, {"query": "rust"}).status_code == 503


def test_api_keys_are_required_when_configured() -> None:
    settings = Settings(api_keys=["k-one", "k-two"])
    with TestClient(create_app(settings, engine_factory=memory_engine)) as c:
        no_key = search(c, {"query": "rust"})
        assert no_key.status_code == 401 and no_key.headers["content-type"].startswith(PROBLEM)
        assert search(c, {"query": "rust"}, headers={"X-API-Key": "wrong"}).status_code == 401
        assert search(c, {"query": "rust"}, headers={"X-API-Key": "k-two"}).status_code == 200
        assert search(c, {"query": "rust"}, headers={"Authorization": "Bearer k-one"}).status_code == 200
        assert c.get("/v1/repos").status_code == 401
        assert c.get("/healthz").status_code == 200  # probes stay open


def test_binding_beyond_loopback_without_keys_is_refused() -> None:
    with pytest.raises(ScoutError, match="SCOUT_API_KEYS"):
        create_app(Settings(), engine_factory=memory_engine, require_keys=True)
    create_app(Settings(api_keys=["k"]), engine_factory=memory_engine, require_keys=True)


def test_serve_refuses_a_public_address_without_keys(tmp_path: Any) -> None:
    from api.cli import main

    assert main(["--data-dir", str(tmp_path), "serve", "--host", "0.0.0.0", "--port", "1"]) == 2


def test_every_response_has_a_request_id_and_one_json_log_line(client: TestClient, caplog: Any) -> None:
    caplog.set_level(logging.INFO, logger="scout.api")
    given = client.get("/healthz", headers={"X-Request-ID": "trace-42"})
    assert given.headers["x-request-id"] == "trace-42"
    made = client.get("/healthz", headers={"X-Request-ID": "bad id with spaces"})
    assert made.headers["x-request-id"] not in {"", "bad id with spaces"}
    assert client.get("/v1/contributors/gh:nobody").headers["x-request-id"]
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "scout.api"]
    assert [(x["method"], x["path"], x["status"]) for x in lines] == [
        ("GET", "/healthz", 200),
        ("GET", "/healthz", 200),
        ("GET", "/v1/contributors/gh:nobody", 404),
    ]
    assert lines[0]["request_id"] == "trace-42" and all(x["ms"] >= 0 for x in lines)


def test_a_crash_is_a_500_problem_with_the_request_id() -> None:
    class Crashing:
        def search(self, request: SearchRequest) -> None:
            raise RuntimeError("boom")

        def close(self) -> None:
            pass

    with TestClient(create_app(Settings(), engine_factory=lambda s: Crashing())) as c:  # type: ignore[arg-type,return-value]
        r = search(c, {"query": "rust"})
    assert r.status_code == 500 and r.headers["content-type"].startswith(PROBLEM)
    assert r.json()["request_id"] == r.headers["x-request-id"]
    assert "boom" not in r.text


def test_cli_search_goes_through_the_server_running_on_the_data_dir(
    client: TestClient, tmp_path: Any, monkeypatch: Any, capsys: Any
) -> None:
    import respx

    from api.commands import search as search_command
    from api.local_server import advertised

    def no_local_engine(cls: Any, settings: Settings) -> SearchEngine:
        raise AssertionError("the CLI loaded an engine although a server was up")

    monkeypatch.setattr(SearchEngine, "open", classmethod(no_local_engine))
    settings = Settings(data_dir=tmp_path)
    answer = search(client, {"query": "SIMD kernels", "limit": 3}).json()
    args = argparse.Namespace(text="SIMD kernels", limit=3, offset=0, json=True)
    with advertised(settings, "http://127.0.0.1:8765"), respx.mock(assert_all_called=True) as server:
        asked = server.post("http://127.0.0.1:8765/v1/search").respond(200, json=answer)
        assert search_command.handle(args, settings) == 0
    assert json.loads(asked.calls.last.request.content)["query"] == "SIMD kernels"
    assert json.loads(capsys.readouterr().out) == answer
    assert not settings.server_path.exists()


def test_cli_search_reports_the_servers_refusal_in_one_line(tmp_path: Any, monkeypatch: Any) -> None:
    import respx

    from api.commands import search as search_command
    from api.local_server import advertised

    settings = Settings(data_dir=tmp_path)
    args = argparse.Namespace(text="rust on nowhere", limit=3, offset=0, json=True)
    refusal = {"title": "Unprocessable Entity", "status": 422, "detail": "unknown repo 'nowhere'"}
    with advertised(settings, "http://127.0.0.1:8765"), respx.mock() as server:
        server.post("http://127.0.0.1:8765/v1/search").respond(422, json=refusal)
        with pytest.raises(ScoutError, match="answered 422: unknown repo 'nowhere'"):
            search_command.handle(args, settings)


def test_cli_search_without_a_live_server_loads_the_engine_and_says_so(
    tmp_path: Any, monkeypatch: Any, capsys: Any
) -> None:
    import subprocess
    import sys

    from api.commands import search as search_command

    monkeypatch.setattr(SearchEngine, "open", classmethod(lambda cls, settings: memory_engine(settings)))
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    settings = Settings(data_dir=tmp_path)
    settings.server_path.write_text(json.dumps({"url": "http://127.0.0.1:9", "pid": int(gone.stdout)}))
    args = argparse.Namespace(text="SIMD kernels", limit=3, offset=0, json=False)
    assert search_command.handle(args, settings) == 0
    out, err = capsys.readouterr()
    assert "understood: skills=simd" in out
    assert err.startswith("scout: loading the model") and err.count("\n") == 1


def test_loopback_means_every_resolved_address_is_loopback(monkeypatch: Any) -> None:
    import socket

    from api.guard import is_loopback

    names = {
        "127.attacker.example": ["0.0.0.0"],
        "localhost": ["127.0.0.1", "::1"],
        "mixed.example": ["127.0.0.1", "10.0.0.1"],
    }

    def resolve(host: str, *args: Any, **kwargs: Any) -> list[tuple]:
        if host not in names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return [(socket.AF_INET6 if ":" in a else socket.AF_INET, 1, 6, "", (a, 0)) for a in names[host]]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    assert is_loopback("127.0.0.1") and is_loopback("127.8.9.10") and is_loopback("::1") and is_loopback("localhost")
    assert not is_loopback("127.attacker.example")  # its name starts with 127. but it resolves to 0.0.0.0
    assert not is_loopback("mixed.example") and not is_loopback("unknown.example") and not is_loopback("0.0.0.0")


@pytest.mark.parametrize("pid", ["gh:", "gh:%20", "%20", "gh:%20%20"])
def test_blank_contributor_ids_are_not_found(pid: str) -> None:
    no_login = person("gh:dee", "ggml-org/ggml", {"simd": 0.4}, {"c": 900}).model_copy(
        update={"id": "dee@example.com", "login": None}
    )
    people = [*PEOPLE, no_login]

    def engine(settings: Settings) -> SearchEngine:
        enc = HashingEncoder()
        return SearchEngine(settings, MemorySource(people), enc, MemoryVectors(people, enc))

    with TestClient(create_app(Settings(), engine_factory=engine)) as c:
        assert c.get("/v1/contributors/dee@example.com").status_code == 200
        r = c.get(f"/v1/contributors/{pid}")
        assert r.status_code == 404 and r.headers["content-type"].startswith(PROBLEM)


def test_bodies_over_the_limit_are_413_before_anything_reads_them() -> None:
    settings = Settings(max_body_bytes=1000)
    with TestClient(create_app(settings, engine_factory=memory_engine)) as c:
        assert search(c, {"query": "rust " * 50}).status_code == 200
        big = search(c, {"query": "rust " * 400})
        assert big.status_code == 413 and big.headers["content-type"].startswith(PROBLEM)

        def chunks() -> Iterator[bytes]:  # no Content-Length: counted as it arrives
            yield b'{"query": "'
            for _ in range(50):
                yield b"rust " * 10
            yield b'"}'

        streamed = c.post("/v1/search", content=chunks(), headers={"content-type": "application/json"})
        assert streamed.status_code == 413


def test_api_key_is_checked_before_the_body_is_validated() -> None:
    with TestClient(create_app(Settings(api_keys=["k"]), engine_factory=memory_engine)) as c:
        bad = c.post("/v1/search", content=b'{"query": ', headers={"content-type": "application/json"})
        assert bad.status_code == 401 and "JSON" not in bad.json()["detail"]
        assert c.post("/v1/search", json={"nonsense": True}).status_code == 401
        assert c.get("/v1/contributors", params={"limit": 10**9}).status_code == 401
        assert c.post("/v1/search", json={"nonsense": True}, headers={"X-API-Key": "k"}).status_code == 422
