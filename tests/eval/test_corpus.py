"""The sample corpus: deterministic, big enough, and holding the hard cases it promises."""

from __future__ import annotations

import json
import subprocess
import time
from collections import Counter
from pathlib import Path

import pytest

from eval.corpus import CorpusInfo, generate, plan
from eval.corpus_people import build_personas
from eval.judging import grade, load_profiles, load_queries


def git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    return subprocess.run(["git", *args], cwd=repo, input=stdin, capture_output=True, check=True).stdout.decode()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[CorpusInfo, float]:
    start = time.perf_counter()
    info = generate(tmp_path_factory.mktemp("corpus") / "sample")
    return info, time.perf_counter() - start


@pytest.fixture(scope="module")
def info(built: tuple[CorpusInfo, float]) -> CorpusInfo:
    return built[0]


@pytest.fixture(scope="module")
def profiles(info: CorpusInfo) -> list[dict]:
    return [json.loads(line) for line in info.profiles.read_text().splitlines()]


def by_note(profiles: list[dict], note: str) -> list[dict]:
    return [p for p in profiles if note in p["notes"]]


def test_generation_is_fast(built: tuple[CorpusInfo, float]) -> None:
    assert built[1] < 30


def test_same_seed_gives_the_same_commit_ids(info: CorpusInfo, tmp_path: Path) -> None:
    again = generate(tmp_path / "again")
    assert again.heads == info.heads
    assert again.profiles.read_bytes() == info.profiles.read_bytes()


def test_other_seed_gives_other_history() -> None:
    def fingerprint(seed: int) -> list[tuple[str, str, str]]:
        people = build_personas(seed)
        return [(i.repo, i.when.isoformat(), i.work) for i in plan(people, seed)]

    assert fingerprint(7) == fingerprint(7)
    assert fingerprint(7) != fingerprint(8)


def test_second_call_reuses_the_corpus(info: CorpusInfo) -> None:
    before = info.profiles.stat().st_mtime_ns
    start = time.perf_counter()
    again = generate(info.root)
    assert again == info
    assert info.profiles.stat().st_mtime_ns == before
    assert time.perf_counter() - start < 5


def test_counts(info: CorpusInfo, profiles: list[dict]) -> None:
    assert len(info.repos) >= 8
    assert len(profiles) >= 60 and info.people == len(profiles)
    total = sum(int(git(path, "rev-list", "--count", "HEAD")) for path in info.repos.values())
    assert total == info.commits
    assert info.authored >= 3000


def test_manifest_lists_every_repo(info: CorpusInfo) -> None:
    import tomllib

    manifest = tomllib.loads(info.manifest.read_text())
    assert {r["name"] for r in manifest["repo"]} == set(info.repos)
    for r in manifest["repo"]:
        assert Path(r["path"]) == info.repos[r["name"]]
        assert r["category"]


def test_newest_commits_land_in_october_2026(info: CorpusInfo) -> None:
    newest = max(git(path, "log", "-1", "--format=%as", "--author-date-order") for path in info.repos.values())
    assert newest.startswith("2026-10")


def test_repo_counts_and_last_active_follow_the_history(info: CorpusInfo, profiles: list[dict]) -> None:
    email_to_id = {a: p["id"] for p in profiles for a in p["aliases"] if "@" in a}
    counts: dict[str, Counter[str]] = {p["id"]: Counter() for p in profiles}
    last: dict[str, str] = {}
    for name, path in info.repos.items():
        log = git(path, "log", "--format=%ae%x00%as%x00%(trailers:key=Co-authored-by,valueonly,separator=%x01)")
        for line in log.splitlines():
            email, day, co = line.split("\x00")
            credited = [email] + [c.split("<")[1].rstrip(">") for c in co.split("\x01") if "<" in c]
            for e in credited:
                pid = email_to_id.get(e.lower())
                if pid is None:
                    assert e.endswith("[bot]@users.noreply.github.com"), e
                    continue
                counts[pid][name] += 1
                last[pid] = max(last.get(pid, ""), day)
    for p in profiles:
        assert p["repos"] == dict(counts[p["id"]]), p["id"]
        assert p["last_active"] == last[p["id"]], p["id"]


def test_one_person_under_three_addresses(info: CorpusInfo, profiles: list[dict]) -> None:
    (person,) = by_note(profiles, "three_emails")
    emails = [a for a in person["aliases"] if "@" in a]
    assert len(emails) == 3
    assert any(e.endswith("@users.noreply.github.com") for e in emails)
    login = [a for a in person["aliases"] if a.startswith("gh:")]
    assert login and any(e.endswith(f"+{login[0][3:]}@users.noreply.github.com") for e in emails)
    seen = git(info.repos["corpus/tensorkit"], "log", f"--author={person['name']}", "--format=%an|%ae")
    (maintainer,) = by_note(profiles, "stray_name_commit")  # one commit of theirs carries this name
    theirs = {line.split("|")[1] for line in seen.splitlines()} - set(maintainer["aliases"])
    assert theirs == set(emails)
    assert {line.split("|")[0] for line in seen.splitlines()} == {person["name"]}
    mailmap = (info.repos["corpus/tensorkit"] / ".mailmap").read_text()
    assert sum(f"<{e}>" in mailmap for e in emails) == 2  # old personal -> work; the noreply stays for the login


def test_bots_commit_but_are_not_people(info: CorpusInfo, profiles: list[dict]) -> None:
    authors = git(info.repos["corpus/tensorkit"], "log", "--format=%an")
    assert "dependabot[bot]" in authors and "github-actions[bot]" in authors
    assert not any("[bot]" in a for p in profiles for a in p["aliases"])


def test_vendored_library_has_the_same_patches(info: CorpusInfo) -> None:
    def patch_ids(repo: str) -> set[str]:
        log = git(info.repos[repo], "log", "-p", "--no-merges", "--", "ggml")
        ids = git(info.repos[repo], "patch-id", "--stable", stdin=log.encode())
        return {line.split()[0] for line in ids.splitlines()}

    upstream, vendored = patch_ids("corpus/ggmlite"), patch_ids("corpus/llamalite")
    assert len(vendored) > 100
    assert vendored <= upstream


def test_co_authored_commits_exist(info: CorpusInfo) -> None:
    trailers = sum(
        git(path, "log", "--format=%(trailers:key=Co-authored-by,valueonly)").count("@") for path in info.repos.values()
    )
    assert trailers >= 10


def test_python_only_people_have_no_systems_labels(profiles: list[dict]) -> None:
    python_only = by_note(profiles, "python_only")
    assert len(python_only) >= 5
    for p in python_only:
        assert p["labels"].get("python", 0) >= 2
        assert not {"cpp", "c", "cuda", "rust", "metal", "cuda_kernel", "quantization"} & set(p["labels"])


def test_quantization_in_messages_but_docs_in_diffs(info: CorpusInfo, profiles: list[dict]) -> None:
    claimers = by_note(profiles, "quantization_in_messages_only")
    assert claimers
    for p in claimers:
        assert "quantization" not in p["labels"]
        log = git(info.repos["corpus/ggmlite"], "log", f"--author={p['name']}", "--name-only", "--format=>%s")
        subjects = [line for line in log.splitlines() if line.startswith(">")]
        files = [line for line in log.splitlines() if line and not line.startswith(">")]
        assert any("quantiz" in s.lower() for s in subjects)
        assert files and all(f.endswith(".md") for f in files)


def test_docs_fixers_and_long_ago_people(profiles: list[dict]) -> None:
    docs = by_note(profiles, "docs_typo")
    assert docs and all(set(p["labels"]) == {"docs"} for p in docs)
    old = by_note(profiles, "inactive_long_ago")
    assert len(old) >= 2 and all(p["last_active"] < "2024-01-01" for p in old)
    assert len(by_note(profiles, "several_repos")) >= 2
    assert any(len(p["repos"]) >= 3 for p in by_note(profiles, "several_repos"))


def test_typo_fixes_change_one_line(info: CorpusInfo) -> None:
    log = git(info.repos["corpus/tensorkit"], "log", "--grep=fix typo", "--numstat", "--format=>%s")
    stats = [line.split("\t")[:2] for line in log.splitlines() if line and not line.startswith(">")]
    assert stats and all(s == ["1", "1"] for s in stats)


def test_benchmark_numbers_in_messages(info: CorpusInfo) -> None:
    log = git(info.repos["corpus/ggmlite"], "log", "--format=%B")
    assert log.count("x)") >= 20 and " -> " in log


def test_queries_are_consistent_with_the_labels(info: CorpusInfo) -> None:
    profiles = load_profiles(info.profiles)
    queries = load_queries(info.queries)
    assert len(queries) == 20
    vocabulary = {tag for p in profiles for tag in p.labels}
    for q in queries:
        assert {t for g in q.require for t in g} <= vocabulary, q.id
        assert set(q.repos) <= set(info.repos), q.id
        relevant = [p for p in profiles if grade(p, q) >= 2]
        assert len(relevant) >= 3, q.id
        assert len(relevant) < len(profiles) // 2, q.id


def test_recency_queries_exclude_people_active_long_ago(info: CorpusInfo) -> None:
    profiles = load_profiles(info.profiles)
    recent = [q for q in load_queries(info.queries) if q.active_since is not None]
    assert recent
    for q in recent:
        for p in profiles:
            if p.last_active is not None and p.last_active < q.active_since:  # type: ignore[operator]
                assert grade(p, q) == 0


def test_a_stray_commit_carries_one_persons_name_with_a_maintainers_address(
    info: CorpusInfo, profiles: list[dict]
) -> None:
    (maintainer,) = by_note(profiles, "stray_name_commit")
    (named,) = by_note(profiles, "three_emails")
    seen = git(info.repos["corpus/tensorkit"], "log", f"--author={named['name']}", "--format=%ae")
    stray = [e for e in seen.splitlines() if e not in named["aliases"]]
    assert len(stray) == 1 and stray[0] in maintainer["aliases"]
