from datetime import date

from indexer.summary import summarize
from models.records import Activity, Profile, SkillScore
from models.taxonomy import SKILLS


def profile(**kw: object) -> Profile:
    base: dict[str, object] = {
        "id": "gh:adaq",
        "names": ["Ada Quill"],
        "emails": ["ada@example.com"],
        "repos": {"acme/tensor": 91, "acme/kernels": 4},
        "languages": {"rust": 5000, "cuda": 2000, "python": 100},
        "skills": {
            "quantization": SkillScore(skill="quantization", score=0.9, commits=12, details=["Q4_K", "Q8_0"]),
            "metal_kernel": SkillScore(skill="metal_kernel", score=0.5, commits=4),
            "simd": SkillScore(skill="simd", score=0.15, commits=1, details=["neon"]),
            "profiling": SkillScore(skill="profiling", score=0.05, commits=1),
        },
        "activity": Activity(commits=95, active_weeks=40, first_date=date(2023, 8, 2), last_date=date(2026, 5, 1)),
        "systems_share": 0.8,
        "unsafe_share": 0.12,
        "benchmark_changes": 6,
    }
    base.update(kw)
    return Profile.model_validate(base)


def test_summary_names_languages_repos_span_skills_and_details() -> None:
    text = summarize(profile())
    assert text.startswith("Rust and CUDA engineer; 91 commits to acme/tensor, 4 to acme/kernels (2023-08 – 2026-05)")
    assert f"strong in {SKILLS['quantization'].label} (Q4_K, Q8_0) and {SKILLS['metal_kernel'].label}" in text
    assert f"some {SKILLS['simd'].label} (neon)" in text
    assert SKILLS["profiling"].label not in text  # below the floor: noise
    assert "unsafe Rust in 12% of added Rust lines" in text
    assert "benchmark numbers in 6 changes" in text
    assert "mostly systems-level code (80% of added lines)" in text
    assert text.endswith(".")


def test_summary_is_deterministic_whatever_the_dict_order() -> None:
    a = profile()
    b = profile(
        languages=dict(reversed(list(a.languages.items()))),
        repos=dict(reversed(list(a.repos.items()))),
        skills=dict(reversed(list(a.skills.items()))),
    )
    assert summarize(a) == summarize(b)


def test_summary_of_a_python_only_docs_person_says_so() -> None:
    text = summarize(
        profile(
            languages={"python": 300},
            skills={},
            systems_share=0.0,
            unsafe_share=None,
            benchmark_changes=0,
            flags=["python_only"],
            repos={"acme/tensor": 1},
            activity=Activity(commits=1, active_weeks=1, first_date=date(2024, 1, 1), last_date=date(2024, 1, 3)),
        )
    )
    assert text == "Python engineer; 1 commit to acme/tensor (2024-01); mostly Python-only changes; active in 1 week."


def test_person_without_code_lines_is_a_contributor() -> None:
    text = summarize(profile(languages={}, skills={}, repos={}, activity=Activity(), systems_share=0.0))
    assert text.startswith("Contributor;")


def test_benchmarks_are_said_once_and_tiny_shares_are_not_zero() -> None:
    skills = {"benchmark_claim": SkillScore(skill="benchmark_claim", score=0.6, commits=3)}
    text = summarize(profile(skills=skills, unsafe_share=0.001, benchmark_changes=3))
    assert SKILLS["benchmark_claim"].label not in text
    assert "benchmark numbers in 3 changes" in text
    assert "unsafe Rust in <1% of added Rust lines" in text
