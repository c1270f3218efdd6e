"""Explanations: the pasteable line, criteria with at most three pieces of evidence."""

from __future__ import annotations

from datetime import date
from typing import Any

from models.records import Interpretation
from search.explain import explain, why
from search.rank import score

AS_OF = date(2026, 6, 1)


def test_why_names_the_strongest_matched_skill_its_details_repo_commits_and_year(profile: Any) -> None:
    p = profile(
        "gh:ada",
        skills={"quantization": 0.8, "simd": 0.3},
        repos={"huggingface/candle": 12},
        details={"quantization": ["Q4_K", "Q8_0"]},
        last=date(2025, 9, 1),
    )
    q = Interpretation(text="q", groups=[["skill:simd"], ["skill:quantization"]])
    line = why(p, q, score(p, q, 0.5, AS_OF))
    assert line.startswith("Wrote the Q4_K and Q8_0 quantization kernels in candle (8 commits, 2025)")
    assert '"Add quantization path 0"' in line


def test_why_falls_back_to_languages_and_repos_without_a_matched_skill(profile: Any) -> None:
    p = profile("gh:bo", languages={"rust": 12_400, "python": 100}, repos={"tracel-ai/burn": 40})
    q = Interpretation(text="q", groups=[["language:rust"], ["skill:cuda_kernel"]])
    assert why(p, q, score(p, q, 0.5, AS_OF)) == "Wrote 12.4k lines of Rust in burn (40 commits, 2024–2026)"


def test_criteria_list_met_requirements_with_at_most_three_evidence_each(profile: Any) -> None:
    p = profile("gh:cy", skills={"simd": 0.7}, languages={"rust": 4000}, repos={"huggingface/candle": 5})
    q = Interpretation(text="q", repos=["huggingface/candle"], groups=[["language:rust"], ["skill:simd"]])
    m = explain(score(p, q, 0.5, AS_OF), q, rank=1)
    names = [c.name for c in m.criteria]
    assert names == ["language:rust", "skill:simd", "repo:huggingface/candle"]
    assert all(0 < len(c.evidence) <= 3 for c in m.criteria)
    assert all(e.path and e.path.endswith(".rs") for e in m.criteria[0].evidence)
    assert m.summary == p.summary and m.activity == p.activity and m.breakdown


def test_unmet_criteria_are_not_claimed(profile: Any) -> None:
    p = profile("gh:di", skills={"simd": 0.7})
    q = Interpretation(text="q", groups=[["skill:quantization"], ["skill:simd"]])
    m = explain(score(p, q, 0.5, AS_OF), q, rank=1)
    assert [c.name for c in m.criteria] == ["skill:simd"]
    assert "SIMD" in m.why


def test_why_quotes_the_evidence_title_that_names_the_skill(profile: Any) -> None:
    p = profile("gh:eve", skills={"quantization": 0.8}, repos={"huggingface/candle": 9})
    ev = p.skills["quantization"].evidence
    ev[0].title, ev[1].title = "Bump version to 0.9", "Add Q4_K dequantize for metal"
    q = Interpretation(text="q", groups=[["skill:quantization"]])
    assert why(p, q, score(p, q, 0.5, AS_OF)).endswith('e.g. "Add Q4_K dequantize for metal"')


def test_a_detailed_criterion_shows_evidence_of_that_detail_and_the_why_names_it(profile: Any) -> None:
    """For "NEON kernels" a person who wrote mostly AVX2 and some NEON: NEON code, not `_mm256_setzero_ps()`."""
    from models.records import Evidence

    p = profile("gh:fay", skills={"simd": 0.8}, repos={"corpus/mlxi": 20}, details={"simd": ["avx2", "neon"]})
    p.skills["simd"].evidence = [
        Evidence(repo="corpus/mlxi", sha="a" * 40, path="src/cpu/vec.c", line=3, snippet="_mm256_setzero_ps()",
                 title="Optimize the x86 path for vec_mad_f32", details=["avx2"]),
        Evidence(repo="corpus/mlxi", sha="b" * 40, path="src/cpu/vec.c", line=90, snippet="vld1q_f32(x)",
                 title="Rework the dot product for arm", details=["neon"]),
    ]  # fmt: skip
    q = Interpretation(text="NEON ARM kernels", groups=[["skill:simd:neon"]])
    m = explain(score(p, q, 0.5, AS_OF), q, rank=1)
    shown = next(c for c in m.criteria if c.name == "skill:simd:neon").evidence
    assert [e.snippet for e in shown] == ["vld1q_f32(x)"]
    assert m.why.startswith("Hand-wrote NEON and AVX2 SIMD kernels") and "Rework the dot product for arm" in m.why
