"""The real-repository evaluation set in eval/real/: its manifest of repositories and its dev/test split.

The set is labelled on public repositories read at fixed commits (repos.toml). `scout eval --real` finds
each repository under a directory, indexes it through indexer.update (the one path `scout index` uses)
and scores the split asked for. Each query belongs to the dev half (tune on it) or the test half (report
only) by a fixed rule on its id, so no one chooses where a sentence goes. docs/EVALUATION.md has the rules.
"""

from __future__ import annotations

import hashlib
import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from eval.judging import LabelledQuery
from indexer.git import git_dir_of, head_sha
from indexer.manifest import RepoSpec
from models.errors import ScoutError

REAL_DIR = Path(__file__).parent / "real"
MANIFEST = REAL_DIR / "repos.toml"
PROFILES = REAL_DIR / "profiles.jsonl"
QUERIES = REAL_DIR / "queries.jsonl"
# One plain sentence per tag ("memory allocator engineers"): how far detection agrees with the labels, skill by skill.
SKILL_PROBES = REAL_DIR / "skill_probes.jsonl"

SPLIT_SEED = "scout-real-eval-2026"


def split_of(query_id: str, seed: str = SPLIT_SEED) -> str:
    """'test' when sha256(seed + id) is even, else 'dev': fixed before any result was seen."""
    digest = hashlib.sha256((seed + query_id).encode("utf-8")).hexdigest()
    return "test" if int(digest, 16) % 2 == 0 else "dev"


def check_splits(queries: Sequence[LabelledQuery], seed: str = SPLIT_SEED) -> None:
    """A query's `split` must be the rule's, so that no sentence is moved between halves by hand."""
    for q in queries:
        if q.split != split_of(q.id, seed):
            raise ScoutError(
                f"query {q.id} says split {q.split!r} but the rule puts it in {split_of(q.id, seed)!r}: "
                f'write "split": "{split_of(q.id, seed)}" (see docs/EVALUATION.md)'
            )


@dataclass(frozen=True)
class RealRepo:
    name: str  # owner/name
    commit: str  # the commit its labels were made at


def load_repos(path: Path = MANIFEST) -> list[RealRepo]:
    """[[repo]] tables with name = "owner/name" and commit = the 40-hex commit the labels were read at."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ScoutError(f"cannot read {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ScoutError(f"{path} is not valid TOML: {exc}") from exc
    out: list[RealRepo] = []
    for number, entry in enumerate(data.get("repo") or [], 1):
        name, commit = entry.get("name"), entry.get("commit")
        if not isinstance(name, str) or name.count("/") != 1 or not isinstance(commit, str) or len(commit) != 40:
            raise ScoutError(f'{path}, [[repo]] #{number}: needs name = "owner/name" and a 40-hex commit')
        out.append(RealRepo(name, commit))
    if not out:
        raise ScoutError(f"{path} has no [[repo]] entries")
    return out


def candidate_paths(repos_dir: Path, name: str) -> tuple[Path, Path]:
    """Where a repository is looked for: a mirror <owner>+<name>/repo, or a clone <name>."""
    owner, repo = name.split("/")
    return repos_dir / f"{owner}+{repo}" / "repo", repos_dir / repo


def _find(repos_dir: Path, name: str) -> Path | None:
    for path in candidate_paths(repos_dir, name):
        if path.is_dir():
            try:
                git_dir_of(path)
            except ScoutError:
                continue
            return path
    return None


def locate(repos: Sequence[RealRepo], repos_dir: Path) -> list[RepoSpec]:
    """Every repository of the set under REPOS_DIR, or one error naming all that are missing."""
    if not repos_dir.is_dir():
        raise ScoutError(
            f"repositories directory {repos_dir} does not exist: give --repos-dir DIR or set SCOUT_REAL_REPOS"
        )
    specs: list[RepoSpec] = []
    missing: list[str] = []
    for r in repos:
        path = _find(repos_dir, r.name)
        if path is None:
            missing.append(r.name)
        else:
            specs.append(RepoSpec(path=path, name=r.name))
    if missing:
        raise ScoutError(
            f"{len(missing)} of {len(repos)} repositories of the real evaluation set are missing under {repos_dir} "
            f"(looked for <owner>+<name>/repo and <name>): {', '.join(missing)}"
        )
    return specs


def moved_on(repos: Sequence[RealRepo], specs: Sequence[RepoSpec]) -> list[str]:
    """Notes for repositories whose HEAD is not the commit the labels were made at (scores may drift)."""
    labelled = {r.name: r.commit for r in repos}
    notes = []
    for spec in specs:
        head = head_sha(spec.path)
        if head != labelled[spec.name]:
            notes.append(f"{spec.name}: labelled at {labelled[spec.name][:12]}, HEAD is {(head or 'empty')[:12]}")
    return notes
