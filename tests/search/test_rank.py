"""Ranking: hard constraints exclude, every requested group counts, systems work outranks application work."""

from __future__ import annotations

from datetime import date
from typing import Any

from models.records import Interpretation, SearchFilters
from search.rank import Constraints, rank, reject, score

AS_OF = date(2026, 6, 1)


def interp(**kw: Any) -> Interpretation:
    return Interpretation(text="q", **kw)


def test_no_commits_in_the_requested_repo_is_excluded(profile: Any) -> None:
    c = Constraints.of(interp(repos=["huggingface/candle"]))
    assert reject(profile("gh:a", repos={"tracel-ai/burn": 40}), c) is not None
    assert reject(profile("gh:b", repos={"huggingface/candle": 1}), c) is None


def test_inactive_since_the_window_is_excluded(profile: Any) -> None:
    c = Constraints.of(interp(active_since=date(2026, 1, 1)))
    assert reject(profile("gh:a", last=date(2025, 12, 31)), c) is not None
    assert reject(profile("gh:b", last=date(2026, 1, 1)), c) is None


def test_excluded_flags_and_explicit_filters_are_hard(profile: Any) -> None:
    c = Constraints.of(interp(exclusions=["python_only"]), SearchFilters(languages=["rust"], skills=["simd"]))
    assert reject(profile("gh:a", flags=["python_only"], skills={"simd": 0.9}, languages={"rust": 900}), c)
    assert reject(profile("gh:b", skills={"simd": 0.9}, languages={"cpp": 900}), c)
    assert reject(profile("gh:c", skills={"simd": 0.05}, languages={"rust": 900}), c)
    assert reject(profile("gh:d", skills={"simd": 0.5}, languages={"rust": 900}), c) is None


def test_a_person_missing_a_requested_skill_ranks_below_one_who_has_it(profile: Any) -> None:
    q = interp(groups=[["language:rust"], ["skill:quantization"]], repos=["huggingface/candle"])
    complete = profile(
        "gh:complete",
        skills={"quantization": 0.3},
        languages={"rust": 2000},
        depth=0.3,
        systems_share=0.5,
        repos={"huggingface/candle": 10},
    )
    strong_but_missing = profile(
        "gh:strong",
        skills={"simd": 1.0},
        languages={"rust": 90_000},
        depth=1.0,
        systems_share=1.0,
        repos={"huggingface/candle": 500},
    )
    ranked = rank([score(p, q, 0.9 if p.id == "gh:strong" else 0.4, AS_OF) for p in (strong_but_missing, complete)])
    assert [s.profile.id for s in ranked] == ["gh:complete", "gh:strong"]
    assert ranked[0].groups_met == 2 and ranked[1].groups_met == 1


def test_commit_text_lifts_a_requirement_the_detectors_did_not_verify(profile: Any) -> None:
    q = interp(groups=[["language:rust"], ["skill:distributed_x"]], group_terms=[["rust"], ["all-reduce"]])
    said = profile("gh:said", languages={"rust": 3000})
    silent = profile("gh:silent", languages={"rust": 3000})
    shown = profile("gh:shown", skills={"distributed_x": 0.6}, languages={"rust": 3000})
    scored = [
        score(said, q, 0.4, AS_OF, lexical={"all-reduce": 0.9}),
        score(silent, q, 0.4, AS_OF),
        score(shown, q, 0.4, AS_OF),
    ]
    assert [s.profile.id for s in rank(scored)] == ["gh:shown", "gh:said", "gh:silent"]
    assert scored[0].score - scored[1].score > 0.1


def test_what_the_sentence_ruled_out_demotes_but_does_not_exclude(profile: Any) -> None:
    q = interp(groups=[["skill:gpu_shader"]], avoid=["skill:cuda_kernel"])
    both = profile("gh:both", skills={"gpu_shader": 0.6, "cuda_kernel": 0.9})
    only = profile("gh:only", skills={"gpu_shader": 0.6})
    ranked = rank([score(p, q, 0.4, AS_OF) for p in (both, only)])
    assert [s.profile.id for s in ranked] == ["gh:only", "gh:both"]
    assert ranked[1].groups_met == 1


def test_systems_work_outranks_application_work_at_equal_skill(profile: Any) -> None:
    q = interp(groups=[["skill:quantization"]])
    systems = profile("gh:sys", skills={"quantization": 0.6}, systems_share=0.9, depth=0.6)
    app = profile("gh:app", skills={"quantization": 0.6}, systems_share=0.1, depth=0.6)
    python_only = profile("gh:py", skills={"quantization": 0.6}, systems_share=0.9, depth=0.6, flags=["python_only"])
    ranked = rank([score(p, q, 0.5, AS_OF) for p in (app, python_only, systems)])
    assert ranked[0].profile.id == "gh:sys"
    assert ranked[-1].profile.id == "gh:py"


def test_stronger_evidence_ranks_higher_within_a_tier(profile: Any) -> None:
    q = interp(groups=[["skill:simd"]])
    ranked = rank([score(profile(f"gh:p{v}", skills={"simd": v / 10}), q, 0.4, AS_OF) for v in (2, 9, 5)])
    assert [s.profile.id for s in ranked] == ["gh:p9", "gh:p5", "gh:p2"]


def test_the_weakest_group_matters_more_than_the_average(profile: Any) -> None:
    q = interp(groups=[["skill:simd"], ["skill:quantization"]])
    balanced = profile("gh:bal", skills={"simd": 0.6, "quantization": 0.6})
    lopsided = profile("gh:lop", skills={"simd": 1.0, "quantization": 0.2})
    ranked = rank([score(p, q, 0.4, AS_OF) for p in (lopsided, balanced)])
    assert ranked[0].profile.id == "gh:bal"


def test_seniority_rewards_depth(profile: Any) -> None:
    deep = profile("gh:deep", skills={"simd": 0.6}, depth=0.95)
    shallow = profile("gh:shallow", skills={"simd": 0.8}, depth=0.05)
    plain, senior = interp(groups=[["skill:simd"]]), interp(groups=[["skill:simd"]], seniority="staff")
    assert rank([score(p, plain, 0.4, AS_OF) for p in (deep, shallow)])[0].profile.id == "gh:shallow"
    assert rank([score(p, senior, 0.4, AS_OF) for p in (deep, shallow)])[0].profile.id == "gh:deep"


def test_breakdown_components_sum_to_the_score(profile: Any) -> None:
    q = interp(groups=[["skill:simd"]], repos=["acme/tensorkit"])
    s = score(profile("gh:a", skills={"simd": 0.7}), q, 0.5, AS_OF)
    parts = sum(v for k, v in s.breakdown.items() if k not in {"flags_factor", "groups_met", "groups"})
    assert abs(parts * s.breakdown["flags_factor"] - s.score) < 1e-3
    assert set(s.breakdown) >= {"coverage", "requirements", "semantic", "repo", "depth", "systems", "recency"}


def test_without_structured_criteria_similarity_leads(profile: Any) -> None:
    q = interp()
    a, b = profile("gh:a"), profile("gh:b")
    ranked = rank([score(a, q, 0.2, AS_OF), score(b, q, 0.7, AS_OF)])
    assert ranked[0].profile.id == "gh:b"


def test_evidence_that_is_only_reformatting_does_not_meet_a_skill(profile: Any) -> None:
    q = interp(groups=[["skill:metal_kernel"]])
    fmt = profile("gh:fmt", skills={"metal_kernel": 0.6}, languages={"metal": 900})
    for i, e in enumerate(fmt.skills["metal_kernel"].evidence):
        e.title = ["Update pre-commit hooks and clang-format", "Fix typos in kernels"][i % 2]
    real = profile("gh:real", skills={"metal_kernel": 0.4}, languages={"metal": 900})
    ranked = rank([score(p, q, 0.5, AS_OF) for p in (fmt, real)])
    assert [s.profile.id for s in ranked] == ["gh:real", "gh:fmt"]
    assert ranked[1].groups_met == 0


def test_a_detail_counts_by_the_changes_that_showed_it_not_by_the_whole_skill(profile: Any) -> None:
    from search.rank import criterion_strength

    generalist = profile("gh:general", skills={"backend_port": 0.9}, details={"backend_port": ["CUDA", "HIP"]})
    specialist = profile("gh:special", skills={"backend_port": 0.9}, details={"backend_port": ["HIP"]})
    for person, hip, commits in ((generalist, 2, 40), (specialist, 30, 30)):
        skill = person.skills["backend_port"]
        skill.commits, skill.detail_commits = commits, {"HIP": hip, **({"CUDA": 38} if hip == 2 else {})}
        person.activity.commits = 60
    general_hip, general_met = criterion_strength(generalist, "skill:backend_port:hip")
    special_hip, special_met = criterion_strength(specialist, "skill:backend_port:hip")
    assert general_met and special_met
    assert special_hip > 1.5 * general_hip
    # Asked for the skill without a detail, the generalist's larger body of work counts in full.
    assert (
        criterion_strength(generalist, "skill:backend_port")[0]
        >= criterion_strength(specialist, "skill:backend_port")[0]
    )


def test_a_profile_built_before_detail_counts_were_kept_scores_a_detail_as_before(profile: Any) -> None:
    from search.rank import criterion_strength

    person = profile("gh:old", skills={"simd": 0.8}, details={"simd": ["neon"]})
    assert criterion_strength(person, "skill:simd:neon") == criterion_strength(person, "skill:simd")


def test_python_only_is_a_red_flag_only_where_python_cannot_meet_the_ask(profile: Any) -> None:
    # An AMD ask can be met by Python driver work (tinygrad's AMD runtime); a CUDA-kernel-only ask cannot.
    amd_ask = interp(groups=[["skill:amd_gpu", "skill:cuda_kernel:hip"]])
    kernel_ask = interp(groups=[["skill:cuda_kernel", "language:cuda"]])
    python_driver = profile("gh:py", skills={"amd_gpu": 0.9, "cuda_kernel": 0.9}, flags=["python_only"])
    same_unflagged = profile("gh:sys", skills={"amd_gpu": 0.9, "cuda_kernel": 0.9})

    def ratio(q: Interpretation) -> float:
        return score(python_driver, q, 0.5, AS_OF).score / score(same_unflagged, q, 0.5, AS_OF).score

    assert ratio(amd_ask) > 0.75
    assert ratio(kernel_ask) < 0.55


def test_a_port_to_another_platform_is_no_part_of_a_platform_ask(profile: Any) -> None:
    amd = interp(groups=[["skill:amd_gpu", "skill:backend_port:hip"]])
    cann_port = profile("gh:cann", skills={"backend_port": 0.95}, details={"backend_port": ["CANN"]})
    hip_port = profile("gh:hip", skills={"backend_port": 0.6}, details={"backend_port": ["HIP"]})
    assert score(cann_port, amd, 0.5, AS_OF).strengths["skill:backend_port:hip"] == 0
    assert rank([score(p, amd, 0.5, AS_OF) for p in (cann_port, hip_port)])[0].profile.id == "gh:hip"


def test_simd_in_another_instruction_set_is_still_related(profile: Any) -> None:
    neon = interp(groups=[["skill:simd:neon"]])
    avx = profile("gh:avx", skills={"simd": 0.9}, details={"simd": ["AVX2"]})
    assert 0 < score(avx, neon, 0.5, AS_OF).strengths["skill:simd:neon"] < 0.9
