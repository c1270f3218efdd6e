"""In-memory profile source and vector search: the engine over a list of profiles, no SQLite or Qdrant.

Used by tests and by tools that score a handful of profiles (an evaluation over labelled profiles, a
demo); the filter semantics follow indexer.vectors.build_filter.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import numpy as np

from models.privacy import public_id
from models.records import CommitText, Profile, RepoSummary
from search.rank import LANGUAGE_FILTER_LINES, SKILL_FLOOR
from search.vocab import TextEncoder


class MemorySource:
    """A ProfileSource over a mutable list of profiles; `replace` models a re-index."""

    def __init__(self, profiles: Sequence[Profile], repos: Sequence[RepoSummary] | None = None) -> None:
        self._profiles = list(profiles)
        self._repos = list(repos) if repos is not None else _repos_of(self._profiles)
        self._version = 0

    def replace(self, profiles: Sequence[Profile], repos: Sequence[RepoSummary] | None = None) -> None:
        self._profiles = list(profiles)
        self._repos = list(repos) if repos is not None else _repos_of(self._profiles)
        self._version += 1

    def token(self) -> tuple[Any, ...]:
        return (self._version, len(self._profiles))

    def profiles(self) -> list[Profile]:
        return [p.model_copy(deep=True) for p in self._profiles]

    def repos(self) -> list[RepoSummary]:
        return [r.model_copy() for r in self._repos]

    def evidence_token(self) -> tuple[Any, ...]:
        return self.token()

    def evidence_texts(self) -> dict[str, list[CommitText]]:
        """Each person's commit text made from their profile's evidence: one text per commit, holding the
        paths, snippets and skill details recorded for it."""
        return {p.id: _commit_texts(p) for p in self._profiles}

    def find_person(self, query: str) -> str | None:
        """What Store.find_person answers, over the profiles: id, 'p:' id, gh:login, login or e-mail."""
        q = query.strip().lower()
        login = q.removeprefix("gh:")
        for p in self._profiles:
            if (
                q in (p.id.lower(), public_id(p.id))
                or (login and login == (p.login or "").lower())
                or q in (e.lower() for e in p.emails)
            ):
                return p.id
        return None


class MemoryVectors:
    """Exact cosine search over summary vectors with the vector index's payload filters."""

    def __init__(self, profiles: Sequence[Profile], embedder: TextEncoder) -> None:
        self._profiles = {p.id: p for p in profiles}
        self._ids = list(self._profiles)
        texts = [p.summary or " ".join(p.names) for p in self._profiles.values()]
        matrix = np.asarray(embedder.encode(texts), dtype=np.float32) if texts else np.zeros((0, 1), np.float32)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True) if len(matrix) else 1.0
        self._matrix = matrix / np.maximum(norms, 1e-12)

    def vectors_for(self, person_ids: Iterable[str]) -> dict[str, np.ndarray]:
        row = {pid: i for i, pid in enumerate(self._ids)}
        return {pid: self._matrix[row[pid]] for pid in person_ids if pid in row}

    def search(
        self, vector: np.ndarray, filters: dict[str, Any] | None, limit: int
    ) -> list[tuple[str, float, dict[str, Any]]]:
        if not self._ids:
            return []
        sims = self._matrix @ np.asarray(vector, dtype=np.float32)
        order = np.argsort(-sims)
        hits: list[tuple[str, float, dict[str, Any]]] = []
        for i in order:
            p = self._profiles[self._ids[int(i)]]
            if _passes(p, filters or {}):
                hits.append((p.id, float(sims[int(i)]), {"person_id": p.id}))
                if len(hits) >= limit:
                    break
        return hits


class HashingEncoder:
    """A model-free TextEncoder: hashed bag of words, normalised. For tests and tools without the model."""

    def __init__(self, dimension: int = 256) -> None:
        self.dimension = dimension

    def encode(self, texts: list[str], *, progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for i, text in enumerate(texts):
            for word in re.findall(r"[a-z0-9+#]+", text.lower()):
                digest = hashlib.blake2b(word.encode(), digest_size=4).digest()
                out[i, int.from_bytes(digest, "little") % self.dimension] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def _passes(p: Profile, f: dict[str, Any]) -> bool:
    languages = {k for k, v in p.languages.items() if v >= LANGUAGE_FILTER_LINES}
    skills = {k for k, s in p.skills.items() if s.score >= SKILL_FLOOR}
    if f.get("languages") and not languages & set(f["languages"]):
        return False
    if f.get("repos") and not set(p.repos) & set(f["repos"]):
        return False
    if f.get("skills") and not skills & set(f["skills"]):
        return False
    if f.get("skills_all") and not set(f["skills_all"]) <= skills:
        return False
    if f.get("exclude_flags") and set(p.flags) & set(f["exclude_flags"]):
        return False
    since = f.get("active_since")
    if since:
        last = p.activity.last_date
        if last is None or last < date.fromisoformat(str(since)[:10]):
            return False
    return True


def _commit_texts(p: Profile) -> list[CommitText]:
    parts: dict[tuple[str, str], list[str]] = {}
    subjects: dict[tuple[str, str], str] = {}
    for skill in p.skills.values():
        for e in skill.evidence:
            key = (e.repo, e.sha)
            subjects.setdefault(key, e.title)
            parts.setdefault(key, []).extend([e.path or "", e.snippet, *skill.details])
    return [
        CommitText(repo, sha, subjects[(repo, sha)], "\n".join(t for t in text if t))
        for (repo, sha), text in parts.items()
    ]


def _repos_of(profiles: Sequence[Profile]) -> list[RepoSummary]:
    commits: dict[str, int] = {}
    for p in profiles:
        for repo, n in p.repos.items():
            commits[repo] = commits.get(repo, 0) + n
    return [RepoSummary(name=name, commits=n) for name, n in sorted(commits.items())]
