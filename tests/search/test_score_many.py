"""Scoring many people at once (rank.score_many, what the engine does) gives the ranking and the scores of
scoring each person on their own (rank.reject, rank.score, rank.rank), on the sample corpus's queries."""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Any

import numpy as np
import pytest

from eval.corpus_queries import QUERIES
from models.records import Profile, SearchFilters, SearchRequest
from models.settings import Settings
from models.taxonomy import LANGUAGES, SKILLS
from search import rank
from search.engine import SearchEngine, _lexical_words
from search.memory import HashingEncoder, MemorySource, MemoryVectors

REPOS = ["corpus/tensorkit", "corpus/ggmlite", "corpus/llamalite", "corpus/mlxi", "corpus/tokenkit"]
DETAILS = ["AVX-512F", "AVX2", "NEON", "SSE4.1", "cuda", "Q4_K", "int8"]
FLAGS = ["python_only", "docs_only", "ci_only", "typo_only"]
FILTERS = [
    SearchFilters(),
    SearchFilters(languages=["rust"]),
    SearchFilters(skills=["simd"]),
    SearchFilters(languages=["cpp", "cuda"], active_since=date(2025, 6, 1)),
]


@pytest.fixture(scope="module")
def people(profile: Any) -> list[Profile]:
    """150 fictional people with every kind of criterion, flag and date the formula reads."""
    r = random.Random(7)
    out = []
    for i in range(150):
        skills = {k: round(r.uniform(0.02, 1.0), 3) for k in r.sample(sorted(SKILLS), r.randint(0, 5))}
        out.append(
            profile(
                f"gh:person{i:03d}",
                skills=skills,
                languages={lang: r.choice([5, 30, 60, 400, 5000]) for lang in r.sample(sorted(LANGUAGES), 3)},
                repos={repo: r.randint(1, 60) for repo in r.sample(REPOS, r.randint(1, 3))},
                last=date(2026, 5, 1) - timedelta(days=r.randint(0, 1200)),
                systems_share=r.random(),
                depth=r.random(),
                flags=r.sample(FLAGS, r.choice([0, 0, 1, 2])),
                details={k: r.sample(DETAILS, 2) for k in skills if r.random() < 0.5},
            )
        )
    return out


@pytest.fixture(scope="module")
def engine(people: list[Profile]) -> SearchEngine:
    encoder = HashingEncoder(384)
    return SearchEngine(Settings(), MemorySource(people), encoder, MemoryVectors(people, encoder))


def one_by_one(engine: SearchEngine, request: SearchRequest, interp: Any) -> list[rank.Scored]:
    """The ranking as the engine once made it: every person scored alone. With fewer people than the vector
    search returns, everyone the constraints allow is a candidate."""
    snap = engine.snapshot
    qvec = engine.understand(request.query)[1]
    vectors = engine.vectors
    assert vectors is not None and qvec is not None
    semantic = {pid: sim for pid, sim, _ in vectors.search(qvec, None, len(snap.profiles))}
    by_word = snap.lexical.term_scores(_lexical_words(interp)) if snap.lexical else {}
    constraints = rank.Constraints.of(interp, engine.validate_filters(request.filters))
    scored = []
    for p in snap.profiles.values():
        if rank.reject(p, constraints) is not None:
            continue
        lexical = {w: hits[p.id] for w, hits in by_word.items() if p.id in hits}
        s = rank.score(p, interp, semantic[p.id], snap.as_of, lexical=lexical)
        if s.groups and not s.groups_met and not s.breakdown.get("coverage"):
            continue
        scored.append(s)
    return rank.rank(scored)


@pytest.mark.parametrize("n", range(len(QUERIES)))
def test_the_engine_ranks_and_scores_as_one_by_one_scoring(engine: SearchEngine, n: int) -> None:
    request = SearchRequest(query=str(QUERIES[n]["text"]), limit=100, filters=FILTERS[n % len(FILTERS)])
    result = engine.search(request)
    expected = one_by_one(engine, request, result.interpretation)
    assert result.total == len(expected)
    assert [m.id for m in result.matches] == [s.profile.id for s in expected[:100]]
    for match, s in zip(result.matches, expected, strict=False):
        assert match.score == round(s.score, 4) and match.breakdown == s.breakdown


def test_score_many_equals_score_for_each_person(engine: SearchEngine, people: list[Profile]) -> None:
    snap = engine.snapshot
    table = rank.People(people, snap.as_of)
    rows = np.arange(len(people))
    r = random.Random(1)
    for query in QUERIES:
        interp, _ = engine.understand(str(query["text"]))
        interp.keywords = ["tile", "fused"]
        interp.prefer, interp.avoid = ["repo:corpus/mlxi"], ["skill:simd"]
        semantic = np.array([r.uniform(-0.2, 0.9) for _ in people])
        words = _lexical_words(interp)
        lexical = {w: np.array([r.choice([0.0, r.random()]) for _ in people]) for w in words}
        many = rank.score_many(table, rows, interp, semantic, lexical)
        for i, p in enumerate(people):
            alone = rank.score(p, interp, float(semantic[i]), snap.as_of, lexical={w: v[i] for w, v in lexical.items()})
            together = many.scored(i)
            assert abs(together.score - alone.score) <= 1e-9
            assert together.breakdown == alone.breakdown and together.strengths == alone.strengths
            assert together.met == alone.met and together.groups_met == alone.groups_met
