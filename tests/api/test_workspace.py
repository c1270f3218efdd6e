"""People like this one, outreach drafts, dropped chips and offline docs, over a small in-memory engine."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from models.records import Activity, Evidence, Profile, SkillScore
from models.settings import Settings
from search.engine import SearchEngine
from search.memory import HashingEncoder, MemorySource, MemoryVectors

PROBLEM = "application/problem+json"


def skill(key: str, score: float, *evidence: tuple[str, str, str]) -> SkillScore:
    return SkillScore(
        skill=key,
        score=score,
        commits=len(evidence),
        last_date=date(2026, 3, 1),
        evidence=[
            Evidence(repo=repo, sha=sha * 40, path="src/k.rs", line=1, title=title) for repo, sha, title in evidence
        ],
    )


def person(login: str, name: str, repos: dict[str, int], skills: list[SkillScore], summary: str) -> Profile:
    return Profile(
        id=f"gh:{login}",
        names=[name],
        emails=[f"{login}@example.com"],
        login=login,
        repos=repos,
        languages={"rust": 9000},
        skills={s.skill: s for s in skills},
        activity=Activity(commits=20, first_date=date(2025, 1, 1), last_date=date(2026, 3, 1)),
        summary=summary,
    )


CANDLE, GGML = "huggingface/candle", "ggml-org/ggml"
ADA = person(
    "ada",
    "Ada Quill",
    {CANDLE: 12},
    [
        skill(
            "quantization",
            0.9,
            (CANDLE, "a", "Add Q4_K matmul for the CUDA backend"),
            (CANDLE, "b", "Speed up Q8_0 dequant"),
        ),
        skill("simd", 0.5, (CANDLE, "c", "NEON path for softmax")),
    ],
    "Rust engineer; quantization and SIMD in huggingface/candle",
)
BO = person(
    "bo",
    "bo",
    {CANDLE: 3, GGML: 9},
    [skill("quantization", 0.8, (GGML, "d", "Add IQ2 quants")), skill("simd", 0.4, (GGML, "e", "AVX2 dot"))],
    "C engineer; quantization and SIMD in ggml-org/ggml and huggingface/candle",
)
CY = person(
    "cy",
    "Cy Tok",
    {"huggingface/tokenizers": 30},
    [skill("tokenization", 0.9, ("huggingface/tokenizers", "f", "Faster BPE merges"))],
    "Rust engineer; tokenization in huggingface/tokenizers",
)
PEOPLE = [ADA, BO, CY]


def engine(settings: Settings, people: list[Profile] = PEOPLE) -> SearchEngine:
    enc = HashingEncoder()
    return SearchEngine(settings, MemorySource(people), enc, MemoryVectors(people, enc))


@pytest.fixture
def client() -> Iterator[TestClient]:
    with TestClient(create_app(Settings(), engine_factory=engine)) as c:
        yield c


def test_similar_people_rank_shared_skills_first_and_never_include_the_person(client: TestClient) -> None:
    body = client.get("/v1/contributors/ada/similar", params={"limit": 5}).json()
    assert body["id"] == "gh:ada"
    ids = [s["id"] for s in body["similar"]]
    assert ids[0] == "gh:bo" and "gh:ada" not in ids
    bo = body["similar"][0]
    assert bo["shared_skills"] == ["quantization", "simd"] and bo["repos"] == {GGML: 9, CANDLE: 3}
    assert "quantization" in bo["why"] and CANDLE in bo["why"]
    scores = [s["score"] for s in body["similar"]]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)


def test_similar_people_leave_out_whoever_is_no_longer_in_the_index() -> None:
    source = MemorySource(PEOPLE)
    enc = HashingEncoder()
    eng = SearchEngine(Settings(), source, enc, MemoryVectors(PEOPLE, enc), refresh_seconds=0)
    with TestClient(create_app(Settings(), engine_factory=lambda s: eng)) as c:
        source.replace([ADA, CY])  # bo suppressed: no profile any more
        ids = [s["id"] for s in c.get("/v1/contributors/gh:ada/similar").json()["similar"]]
    assert "gh:bo" not in ids


@pytest.mark.parametrize("limit", [0, 51, "ten"])
def test_similar_limit_is_bounded(client: TestClient, limit: object) -> None:
    r = client.get("/v1/contributors/ada/similar", params={"limit": limit})
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)


def test_outreach_names_the_work_the_role_asks_for_and_greets_by_first_name(client: TestClient) -> None:
    body = client.get("/v1/contributors/ada/outreach", params={"role": "SIMD engineer for Rust kernels"}).json()
    assert body["role"] == "SIMD engineer for Rust kernels"
    assert body["message"].startswith("Hi Ada,")
    assert [e["title"] for e in body["evidence"]][0] == "NEON path for softmax"
    assert '"NEON path for softmax" in huggingface/candle' in body["message"]
    quantization = client.get("/v1/contributors/ada/outreach", params={"role": "quantization"}).json()
    assert quantization["evidence"][0]["title"] == "Add Q4_K matmul for the CUDA backend"


def test_outreach_without_a_role_uses_the_top_skill_and_a_login_when_no_first_name(client: TestClient) -> None:
    body = client.get("/v1/contributors/bo/outreach").json()
    assert body["role"] is None and body["message"].startswith("Hi bo,")
    assert body["evidence"][0]["title"] == "Add IQ2 quants" and GGML in body["subject"]


@pytest.mark.parametrize("who", ["ada", "bo", "cy"])
@pytest.mark.parametrize("role", [None, "CUDA kernels on candle", "tokenizer people", "someone who bakes bread"])
def test_outreach_never_invents_a_repository_or_a_title(client: TestClient, who: str, role: str | None) -> None:
    body = client.get(f"/v1/contributors/{who}/outreach", params={"role": role} if role else {}).json()
    profile = next(p for p in PEOPLE if p.login == who)
    titles = {e.title for s in profile.skills.values() for e in s.evidence}
    quoted = set(re.findall(r'"([^"]+)"', body["message"]))
    assert quoted and quoted <= titles
    named = set(re.findall(r"\b[\w.-]+/[\w.-]+\b", body["message"] + " " + body["subject"]))
    assert named <= set(profile.repos), named
    assert {(e["repo"], e["title"]) for e in body["evidence"]} <= {
        (e.repo, e.title) for s in profile.skills.values() for e in s.evidence
    }


def test_outreach_role_is_bounded_and_the_person_must_exist(client: TestClient) -> None:
    assert client.get("/v1/contributors/ada/outreach", params={"role": "x" * 301}).status_code == 422
    missing = client.get("/v1/contributors/gh:nobody/outreach")
    assert missing.status_code == 404 and missing.headers["content-type"].startswith(PROBLEM)


def test_contributor_lookup_takes_an_email_as_scout_profile_does(client: TestClient) -> None:
    assert client.get("/v1/contributors/ADA@example.com").json()["id"] == "gh:ada"
    assert client.get("/v1/contributors/gh:ADA").json()["id"] == "gh:ada"


def search(client: TestClient, drop: list[str]) -> dict:
    body = {"query": "Rust quantization on candle", "limit": 10, "filters": {"drop": drop}}
    return client.post("/v1/search", json=body).json()


def test_dropping_a_chip_removes_it_from_the_interpretation_and_the_ranking(client: TestClient) -> None:
    whole = search(client, [])
    assert whole["interpretation"]["repos"] == [CANDLE]
    no_repo = search(client, ["repo:candle"])
    assert (
        no_repo["interpretation"]["repos"] == []
        and "dropped: repo:huggingface/candle" in no_repo["interpretation"]["notes"]
    )
    assert not any("repo:" in n for g in no_repo["interpretation"]["groups"] for n in g)
    no_skill = search(client, ["skill:quantization"])
    assert "quantization" not in no_skill["interpretation"]["skills"]
    assert not any(n.startswith("skill:quantization") for g in no_skill["interpretation"]["groups"] for n in g)
    # Without the repository, a Rust engineer outside candle qualifies; without the skill, scores change.
    assert "gh:cy" not in ids(whole) and "gh:cy" in ids(no_repo)
    assert [m["score"] for m in whole["matches"]] != [m["score"] for m in no_skill["matches"]]


def ids(answer: dict) -> list[str]:
    return [m["id"] for m in answer["matches"]]


@pytest.mark.parametrize(
    "drop", [["skill:baking"], ["language:cobol"], ["repo:acme/nothing"], ["exclusion:tabs"], ["vibes"], ["x" * 121]]
)
def test_unknown_drops_are_422_problems(client: TestClient, drop: list[str]) -> None:
    r = client.post("/v1/search", json={"query": "rust", "filters": {"drop": drop}})
    assert r.status_code == 422 and r.headers["content-type"].startswith(PROBLEM)


def test_too_many_drops_are_refused(client: TestClient) -> None:
    r = client.post("/v1/search", json={"query": "rust", "filters": {"drop": ["since"] * 41}})
    assert r.status_code == 422


def test_docs_work_offline_every_asset_served_by_scout(client: TestClient) -> None:
    for page in ("/docs", "/redoc"):
        html = client.get(page).text
        assert not re.findall(r"https?://", html), page
        assets = re.findall(r"""(?:src|href)=["']([^"']+)["']""", html)
        assert assets and all(a.startswith("/") for a in assets)
        for asset in assets:
            assert client.get(asset).status_code == 200, asset
