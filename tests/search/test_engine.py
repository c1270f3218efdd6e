"""The engine over in-memory profiles and vectors: retrieval, hard constraints, paging, refresh, listings."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from models.records import Profile, SearchFilters, SearchRequest
from models.settings import Settings
from search.engine import NotFoundError, SearchEngine, UnknownFilterError
from search.memory import MemorySource, MemoryVectors

CANDLE = "huggingface/candle"
BURN = "tracel-ai/burn"


class CountingSource(MemorySource):
    def __init__(self, profiles: list[Profile]) -> None:
        super().__init__(profiles)
        self.loads = 0

    def profiles(self) -> list[Profile]:
        self.loads += 1
        return super().profiles()


@pytest.fixture(scope="module")
def people(profile: Any) -> list[Profile]:
    return [
        profile("gh:ada", skills={"quantization": 0.8}, languages={"rust": 9000}, repos={CANDLE: 20},
                details={"quantization": ["Q4_K"]}, summary="Rust engineer; quantization (Q4_K) in candle"),
        profile("gh:bo", skills={"quantization": 0.9}, languages={"rust": 8000}, repos={BURN: 30},
                summary="Rust engineer; quantization in burn"),
        profile("gh:cy", skills={"simd": 0.7}, languages={"rust": 5000}, repos={CANDLE: 9},
                summary="Rust engineer; SIMD intrinsics in candle"),
        profile("gh:di", skills={"quantization": 0.7}, languages={"python": 5000}, repos={CANDLE: 4},
                flags=["python_only"], systems_share=0.05, summary="Python engineer; quantization scripts"),
        profile("gh:ed", skills={"quantization": 0.6}, languages={"rust": 3000}, repos={CANDLE: 3},
                last=date(2023, 1, 5), summary="Rust engineer; quantization in candle, long ago"),
    ]  # fmt: skip


@pytest.fixture(scope="module")
def engine(people: list[Profile], embedder: Any) -> SearchEngine:
    return SearchEngine(Settings(), MemorySource(people), embedder, MemoryVectors(people, embedder))


def ids(engine: SearchEngine, query: str, **kw: Any) -> list[str]:
    return [m.id for m in engine.search(SearchRequest(query=query, **kw)).matches]


def test_repo_constraint_is_hard_and_complete_matches_lead(engine: SearchEngine) -> None:
    got = ids(engine, "Rust engineers on candle with quantization experience")
    assert "gh:bo" not in got  # quantization, but no candle commits
    assert got[0] == "gh:ada"
    assert got.index("gh:cy") > got.index("gh:ed")  # cy has no quantization at all


def test_recency_and_exclusions_are_hard(engine: SearchEngine) -> None:
    got = ids(engine, "quantization people active since 2025, not Python-only")
    assert set(got) == {"gh:ada", "gh:bo"}


def test_the_answer_carries_the_interpretation_and_explanations(engine: SearchEngine) -> None:
    r = engine.search(SearchRequest(query="Rust engineers on candle with quantization experience", limit=2))
    assert r.interpretation.repos == [CANDLE] and r.interpretation.skills == ["quantization"]
    top = r.matches[0]
    assert top.rank == 1 and "Q4_K" in top.why and "candle" in top.why
    assert {c.name for c in top.criteria} >= {"skill:quantization", "language:rust", f"repo:{CANDLE}"}
    assert all(len(c.evidence) <= 3 for c in top.criteria)


def test_paging_continues_ranks_and_keeps_the_total(engine: SearchEngine) -> None:
    full = engine.search(SearchRequest(query="Rust engineers", limit=10))
    page = engine.search(SearchRequest(query="Rust engineers", limit=2, offset=1))
    assert page.total == full.total
    assert [m.id for m in page.matches] == [m.id for m in full.matches[1:3]]
    assert [m.rank for m in page.matches] == [2, 3]


def test_explicit_filters_are_hard_and_shown(engine: SearchEngine) -> None:
    r = engine.search(SearchRequest(query="engineers", filters=SearchFilters(repos=["burn"], skills=["quantization"])))
    assert [m.id for m in r.matches] == ["gh:bo"]
    assert r.interpretation.repos == [BURN] and "quantization" in r.interpretation.skills


@pytest.mark.parametrize(
    "filters",
    [SearchFilters(languages=["klingon"]), SearchFilters(skills=["juggling"]), SearchFilters(repos=["nope/nothing"])],
)
def test_unknown_filter_values_are_refused(engine: SearchEngine, filters: SearchFilters) -> None:
    with pytest.raises(UnknownFilterError):
        engine.search(SearchRequest(query="engineers", filters=filters))


def test_profiles_load_once_and_reload_only_after_a_change(people: list[Profile], embedder: Any) -> None:
    source = CountingSource(people)
    engine = SearchEngine(Settings(), source, embedder, MemoryVectors(people, embedder), refresh_seconds=0)
    for q in ("Rust engineers", "quantization", "SIMD on candle"):
        engine.search(SearchRequest(query=q))
    assert source.loads == 1
    source.replace(people[:2])
    assert set(ids(engine, "Rust engineers")) <= {"gh:ada", "gh:bo"}
    assert source.loads == 2


def test_contributor_lookup_and_listing(engine: SearchEngine) -> None:
    assert engine.contributor("ada").id == "gh:ada"
    with pytest.raises(NotFoundError):
        engine.contributor("gh:nobody")
    total, page = engine.contributors(repo="candle", language=None, skill="quantization")
    assert total == 3 and [c.id for c in page] == ["gh:ada", "gh:di", "gh:ed"]
    with pytest.raises(UnknownFilterError):
        engine.contributors(skill="juggling")


def test_repos_and_readiness(engine: SearchEngine) -> None:
    assert {r.name for r in engine.repos()} == {CANDLE, BURN}
    candle = next(r for r in engine.repos() if r.name == CANDLE)
    assert candle.contributors == 4 and "candle" in candle.aliases
    assert engine.ready()


def test_gibberish_returns_nobody_and_says_why(engine: SearchEngine) -> None:
    result = engine.search(SearchRequest(query="qzwx plorth vintric"))
    assert result.total == 0 and result.matches == []
    assert any("nothing in the sentence matched" in n for n in result.interpretation.notes)


def test_a_word_without_a_skill_finds_the_commits_that_say_it(profile: Any, embedder: Any) -> None:
    nccl = profile("gh:nccl", skills={"simd": 0.3}, languages={"cpp": 4000}, summary="C++ engineer")
    nccl.skills["simd"].evidence[0].title = "Overlap the NCCL all-reduce with the backward pass"
    other = profile("gh:other", skills={"simd": 0.6}, languages={"cpp": 4000}, summary="C++ engineer")
    people = [nccl, other]
    engine = SearchEngine(Settings(), MemorySource(people), embedder, MemoryVectors(people, embedder))
    result = engine.search(SearchRequest(query="C++ people who know NCCL all-reduce"))
    assert [m.id for m in result.matches][0] == "gh:nccl"
    top = result.matches[0]
    text = [c for c in top.criteria if c.name.startswith("text:")]
    assert text and "NCCL" in text[0].evidence[0].title
    assert "NCCL" in top.why
