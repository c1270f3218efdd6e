"""Dropping parts of an interpretation: what goes, what stays, and which values are refused."""

from datetime import date

import pytest

from models.records import Interpretation
from search.drop import UnknownDropError, apply_drops, normalise_drops


def understood() -> Interpretation:
    return Interpretation(
        text="senior Rust or C++ quantization people on candle since 2025, not Python-only",
        languages=["rust", "cpp"],
        repos=["huggingface/candle"],
        skills=["quantization"],
        active_since=date(2025, 1, 1),
        seniority="senior",
        exclusions=["python_only"],
        groups=[["language:rust", "language:cpp"], ["skill:quantization", "skill:quantization:Q4_K"]],
        group_terms=[["rust", "c++"], ["quantization"]],
        prefer=["repo:huggingface/candle"],
        keywords=["fp8"],
    )


def resolve(name: str) -> str:
    if name in ("candle", "huggingface/candle"):
        return "huggingface/candle"
    raise UnknownDropError(f"unknown repo {name!r}")


def test_dropping_a_skill_removes_its_group_with_the_groups_words() -> None:
    interp = understood()
    apply_drops(interp, ["skill:quantization"])
    assert interp.skills == [] and interp.groups == [["language:rust", "language:cpp"]]
    assert interp.group_terms == [["rust", "c++"]] and interp.notes == ["dropped: skill:quantization"]


def test_dropping_one_member_of_a_group_keeps_the_rest_of_it() -> None:
    interp = understood()
    apply_drops(interp, ["language:cpp"])
    assert interp.languages == ["rust"] and interp.groups[0] == ["language:rust"]
    assert interp.group_terms == [["rust", "c++"], ["quantization"]]


def test_dropping_a_repo_recency_seniority_exclusion_and_keyword() -> None:
    interp = understood()
    apply_drops(interp, ["repo:huggingface/candle", "since", "seniority", "exclusion:python_only", "keyword:fp8"])
    assert (interp.repos, interp.prefer, interp.active_since, interp.seniority) == ([], [], None, None)
    assert interp.exclusions == [] and interp.keywords == []
    assert interp.notes == ["dropped: repo:huggingface/candle, since, seniority, exclusion:python_only, keyword:fp8"]


def test_dropping_what_was_not_understood_changes_nothing_and_says_nothing() -> None:
    interp = understood()
    apply_drops(interp, ["skill:simd", "language:go"])
    assert interp == understood()


def test_drops_are_normalised_and_unknown_ones_refused() -> None:
    assert normalise_drops([" repo:candle", "skill:quantization", "since", "repo:huggingface/candle"], resolve) == [
        "repo:huggingface/candle",
        "skill:quantization",
        "since",
    ]
    for bad in ("skill:baking", "language:cobol", "exclusion:tabs", "repo:acme/x", "vibes", "skill:", "keyword: "):
        with pytest.raises(UnknownDropError):
            normalise_drops([bad], resolve)
