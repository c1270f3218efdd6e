"""Grades and matching of ranked results to labelled people, as docs/EVALUATION.md says."""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path

import pytest

from eval.judging import (
    LabelledProfile,
    LabelledQuery,
    alias_hash,
    grade,
    judge,
    load_profiles,
    load_queries,
)
from models.errors import ScoutError


def person(pid: str, labels: dict[str, int], repos: dict[str, int] | None = None, last: str = "2026-05-01",
           aliases: tuple[str, ...] = ()) -> LabelledProfile:  # fmt: skip
    return LabelledProfile(
        id=pid,
        aliases=frozenset(aliases),
        labels=labels,
        repos=repos or {"o/a": 3},
        last_active=date.fromisoformat(last),
    )


def query(require: list[list[str]], repos: tuple[str, ...] = (), since: str | None = None) -> LabelledQuery:
    return LabelledQuery(
        id="q",
        text="t",
        require=tuple(tuple(g) for g in require),
        repos=repos,
        active_since=date.fromisoformat(since) if since else None,
    )


def test_grade_is_min_over_groups_of_max_within_group() -> None:
    p = person("p", {"rust": 3, "cpp": 1, "quantization": 2})
    assert grade(p, query([["rust"], ["quantization"]])) == 2
    assert grade(p, query([["cpp", "rust"]])) == 3
    assert grade(p, query([["cpp"], ["quantization"]])) == 1
    assert grade(p, query([["rust"], ["never-heard-of-this-tag"]])) == 0


def test_repo_and_recency_gates() -> None:
    p = person("p", {"rust": 3}, repos={"o/a": 4, "o/b": 0}, last="2025-03-01")
    assert grade(p, query([["rust"]], repos=("o/b",))) == 0
    assert grade(p, query([["rust"]], repos=("o/b", "o/a"))) == 3
    assert grade(p, query([["rust"]], since="2025-03-02")) == 0
    assert grade(p, query([["rust"]], since="2025-03-01")) == 3


def test_results_match_by_any_identifier_case_insensitively() -> None:
    profiles = [person("p1", {"rust": 3}, aliases=("alice@example.com", "gh:alice"))]
    j = judge(query([["rust"]]), [("gh:Alice", ["gh:Alice"]), ("x", ["x", "ALICE@example.com"])], profiles)
    assert [r.grade for r in j.results] == [3, 0]
    assert j.results[1].duplicate  # the same person again further down
    assert j.condensed() == [3, 0]


def test_hashed_aliases_match_the_lower_cased_identifier() -> None:
    assert alias_hash(" Alice@Example.com") == hashlib.sha256(b"alice@example.com").hexdigest()
    profiles = [person("p1", {"rust": 3}, aliases=(alias_hash("alice@example.com"), alias_hash("gh:alice")))]
    ranked = [("gh:ALICE", ["gh:ALICE"]), ("bob", ["bob@example.com"]), ("x", ["x", "Alice@example.com"])]
    j = judge(query([["rust"]]), ranked, profiles)
    assert [r.grade for r in j.results] == [3, None, 0]  # found by login, unknown, the same person again
    assert j.results[2].duplicate


def test_a_hash_in_a_file_is_matched_whatever_its_case(tmp_path: Path) -> None:
    path = tmp_path / "p.jsonl"
    row = {"id": "r1", "aliases": [alias_hash("gh:ada").upper()], "labels": {"rust": 2}, "repos": {"o/a": 1}}
    path.write_text(json.dumps(row) + "\n")
    j = judge(query([["rust"]]), [("gh:ada", ["gh:ada"])], load_profiles(path))
    assert [r.grade for r in j.results] == [2]


def test_unjudged_results_are_dropped_unless_told_otherwise() -> None:
    profiles = [person("p1", {"rust": 2}, aliases=("a@x.org",))]
    j = judge(query([["rust"]]), [("stranger", ["s@x.org"]), ("a@x.org", ["a@x.org"])], profiles)
    assert j.results[0].grade is None
    assert j.condensed() == [2]
    assert j.condensed(unjudged_as_irrelevant=True) == [0, 2]


def test_a_result_matching_two_profiles_takes_the_best_grade_and_finds_both() -> None:
    profiles = [
        person("p1", {"rust": 1}, aliases=("a@x.org",)),
        person("p2", {"rust": 3}, aliases=("b@x.org",)),
    ]
    ranked = [("merged", ["a@x.org", "b@x.org"]), ("b@x.org", ["b@x.org"])]
    j = judge(query([["rust"]]), ranked, profiles)
    assert j.results[0].grade == 3 and set(j.results[0].profiles) == {"p1", "p2"}
    assert j.results[1].duplicate and j.condensed() == [3, 0]


def test_a_split_person_counts_once() -> None:
    profiles = [person("p1", {"cuda": 3}, aliases=("work@x.org", "home@y.org"))]
    j = judge(query([["cuda"]]), [("work@x.org", ["work@x.org"]), ("home@y.org", ["home@y.org"])], profiles)
    assert j.condensed() == [3, 0]


def test_pool_grades_cover_every_labelled_person() -> None:
    profiles = [person("p1", {"a": 3}), person("p2", {"a": 1}), person("p3", {})]
    j = judge(query([["a"]]), [], profiles)
    assert j.grades == {"p1": 3, "p2": 1, "p3": 0}
    assert j.relevant == 1


def write_lines(path: Path, rows: list[object]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_loads_the_design_examples(tmp_path: Path) -> None:
    profiles = load_profiles(
        write_lines(
            tmp_path / "p.jsonl",
            [
                {
                    "id": "p1",
                    "aliases": ["Alice@Example.com", "gh:alice"],
                    "labels": {"rust": 3, "quantization": 2},
                    "repos": {"huggingface/candle": 12},
                    "last_active": "2026-05-11",
                }
            ],
        )
    )
    queries = load_queries(
        write_lines(
            tmp_path / "q.jsonl",
            [
                {
                    "id": "q1",
                    "text": "Rust engineers on candle with quantization experience",
                    "require": [["rust"], ["quantization"]],
                    "repos": ["huggingface/candle"],
                    "active_since": None,
                }
            ],
        )
    )
    assert profiles[0].aliases == {"alice@example.com", "gh:alice"}  # the labelled id is not an alias
    assert grade(profiles[0], queries[0]) == 2


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("not json", "not JSON"),
        ('{"aliases": []}', "without an id"),
        ('{"id": "p1", "labels": {"rust": "lots"}}', "must be integers"),
        ('{"id": "p1", "last_active": "last spring"}', "bad date"),
    ],
)
def test_bad_profile_files_say_where(tmp_path: Path, line: str, message: str) -> None:
    path = tmp_path / "p.jsonl"
    path.write_text('{"id": "p0"}\n' + line + "\n")
    with pytest.raises(ScoutError, match=message) as err:
        load_profiles(path)
    assert f"{path}:2" in str(err.value)


def test_bad_query_files_say_where(tmp_path: Path) -> None:
    path = write_lines(tmp_path / "q.jsonl", [{"id": "q1", "text": "x", "require": [[]]}])
    with pytest.raises(ScoutError, match="require"):
        load_queries(path)
    with pytest.raises(ScoutError, match="cannot read"):
        load_queries(tmp_path / "missing.jsonl")
    path = write_lines(tmp_path / "q2.jsonl", [{"id": "q1", "text": "x", "require": [["rust"]], "split": "train"}])
    with pytest.raises(ScoutError, match="split must be one of dev, test"):
        load_queries(path)


def test_the_labelled_id_itself_is_not_an_identifier() -> None:
    profiles = [person("p1", {"rust": 3}, aliases=("a@x.org",))]
    j = judge(query([["rust"]]), [("p1", ["p1"])], profiles)
    assert j.results[0].grade is None
