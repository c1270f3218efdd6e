"""The real-repository set: its dev/test rule, its committed files, and finding its repositories."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gitrepo import Repo

from eval import realset
from eval.judging import LabelledQuery, load_profiles, load_queries
from models.errors import ScoutError


def q(qid: str, split: str | None) -> LabelledQuery:
    return LabelledQuery(id=qid, text="t", require=(("rust",),), split=split)


def test_the_split_is_a_fixed_function_of_the_id() -> None:
    assert [realset.split_of(f"rq{n:02d}") for n in range(1, 7)] == ["test", "dev", "test", "dev", "test", "dev"]
    ids = [f"x{n}" for n in range(400)]
    assert [realset.split_of(i) for i in ids] == [realset.split_of(i) for i in ids]
    assert 0.4 < sum(realset.split_of(i) == "dev" for i in ids) / len(ids) < 0.6
    assert [realset.split_of(i, seed="other") for i in ids] != [realset.split_of(i) for i in ids]


def test_a_query_moved_to_the_other_half_by_hand_is_refused() -> None:
    realset.check_splits([q("rq01", "test"), q("rq02", "dev")])
    with pytest.raises(ScoutError, match="rq02 says split .test. but the rule puts it in .dev."):
        realset.check_splits([q("rq02", "test")])
    with pytest.raises(ScoutError, match="rq01"):
        realset.check_splits([q("rq01", None)])


def test_the_committed_set_follows_its_rules() -> None:
    queries = load_queries(realset.QUERIES)
    realset.check_splits(queries)
    assert {x.split for x in queries} == {"dev", "test"} and len(queries) >= 40
    profiles = load_profiles(realset.PROFILES)
    assert len(profiles) >= 150
    assert all(re.fullmatch(r"[0-9a-f]{64}", a) for p in profiles for a in p.aliases)  # nobody in clear
    assert len(realset.load_repos()) == 14


def test_every_labelled_tag_has_one_skill_probe_asking_for_it_alone() -> None:
    probes = load_queries(realset.SKILL_PROBES)
    tags = {t for p in load_profiles(realset.PROFILES) for t in p.labels}
    assert sorted(t for p in probes for g in p.require for t in g) == sorted(tags)
    assert all(len(p.require) == 1 and len(p.require[0]) == 1 and not p.repos for p in probes)


def manifest(tmp_path: Path, names: list[str], commit: str = "0" * 40) -> Path:
    path = tmp_path / "repos.toml"
    path.write_text("".join(f'[[repo]]\nname = "{n}"\ncommit = "{commit}"\n\n' for n in names))
    return path


def test_repositories_are_found_as_mirrors_or_clones(tmp_path: Path) -> None:
    mirror, clone = Repo(tmp_path / "repos" / "acme+tensor" / "repo"), Repo(tmp_path / "repos" / "kernels")
    head = mirror.commit("add a kernel", files={"k.cu": "__global__ void k() {}\n"})
    clone.commit("first", files={"a.rs": "fn main() {}\n"})
    repos = realset.load_repos(manifest(tmp_path, ["acme/tensor", "other/kernels"], commit=head))
    specs = realset.locate(repos, tmp_path / "repos")
    assert [(s.name, s.path) for s in specs] == [("acme/tensor", mirror.path), ("other/kernels", clone.path)]
    clone_head = clone.git("rev-parse", "HEAD")[:12]
    assert realset.moved_on(repos, specs) == [f"other/kernels: labelled at {head[:12]}, HEAD is {clone_head}"]


def test_missing_repositories_are_all_named_in_one_error(tmp_path: Path) -> None:
    Repo(tmp_path / "repos" / "tensor").commit("first", files={"a.py": "x = 1\n"})
    (tmp_path / "repos" / "kernels").mkdir()  # a directory that is not a repository does not count
    repos = realset.load_repos(manifest(tmp_path, ["acme/tensor", "other/kernels", "third/party"]))
    with pytest.raises(ScoutError) as err:
        realset.locate(repos, tmp_path / "repos")
    message = str(err.value)
    assert "\n" not in message
    assert f"2 of 3 repositories of the real evaluation set are missing under {tmp_path / 'repos'}" in message
    assert message.endswith("other/kernels, third/party")
    with pytest.raises(ScoutError, match="does not exist"):
        realset.locate(repos, tmp_path / "nowhere")


def test_cli_eval_real_without_the_repositories_fails_before_indexing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from api.cli import main

    monkeypatch.delenv("SCOUT_REAL_REPOS", raising=False)
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "eval", "--real"]) == 2
    assert "give --repos-dir DIR or set SCOUT_REAL_REPOS" in capsys.readouterr().err
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv("SCOUT_REAL_REPOS", str(tmp_path / "empty"))
    assert main(["--data-dir", str(data), "eval", "--real"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("scout: error: 14 of 14 repositories")
    assert "huggingface/candle" in err and str(tmp_path / "empty") in err
    assert not data.exists()  # nothing indexed, nothing created
    assert main(["--data-dir", str(data), "eval", "--real", "--profiles", "p.jsonl"]) == 2
    assert "give one of --sample, --real" in capsys.readouterr().err
