"""People like this one: nearest profiles by their stored summary vectors, blended with skill overlap.

Skill overlap is the cosine between two people's skill-score vectors (one entry per taxonomy skill), so
sharing a strong skill counts more than sharing a trace of one. Only profiles in the engine's snapshot are
candidates: suppressed and forgotten people have none, and the person is never their own neighbour.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from models.records import Profile
from models.workspace import SimilarPeople, SimilarPerson
from search.rank import SKILL_FLOOR

if TYPE_CHECKING:
    from search.engine import Snapshot

VECTOR_WEIGHT = 0.5  # the summaries' meaning (repositories, languages, what they worked on)...
SKILL_WEIGHT = 0.5  # ...and the detected skills, equally
MAX_SHARED = 5
MAX_REPOS = 5


def similar_people(snap: Snapshot, me: Profile, limit: int) -> SimilarPeople:
    others = [pid for pid in snap.profiles if pid != me.id]
    if not others:
        return SimilarPeople(id=me.id)
    meaning = _vector_similarity(snap, me.id, others)
    skills = _skill_similarity(snap, me, others)
    score = VECTOR_WEIGHT * meaning + SKILL_WEIGHT * skills if meaning is not None else skills
    order = np.argsort(-score, kind="stable")[:limit]
    found = [
        _neighbour(me, snap.profiles[others[i]], float(score[i]), None if meaning is None else float(meaning[i]))
        for i in order
        if score[i] > 0
    ]
    return SimilarPeople(id=me.id, similar=found)


def _vector_similarity(snap: Snapshot, pid: str, others: list[str]) -> np.ndarray | None:
    """Cosine of stored summary vectors, clipped to 0..1 (0 for people without one); None when `pid` has none."""
    if snap.matrix is None or pid not in snap.row:
        return None
    mine = snap.matrix[snap.row[pid]]
    rows = [snap.row.get(o, -1) for o in others]
    have = np.array([r >= 0 for r in rows])
    sims = np.zeros(len(others), dtype=np.float32)
    if have.any():
        # einsum, not BLAS `@`: as in the engine, threaded BLAS stalls on a busy machine
        sims[have] = np.einsum("ij,j->i", snap.matrix[[r for r in rows if r >= 0]], mine)
    return np.clip(sims, 0.0, 1.0)


def _skill_similarity(snap: Snapshot, me: Profile, others: list[str]) -> np.ndarray:
    keys = sorted({k for p in snap.profiles.values() for k in p.skills})
    column = {k: i for i, k in enumerate(keys)}
    matrix = np.zeros((len(others), len(keys)), dtype=np.float32)
    for row, pid in enumerate(others):
        for k, s in snap.profiles[pid].skills.items():
            matrix[row, column[k]] = s.score
    mine = np.zeros(len(keys), dtype=np.float32)
    for k, s in me.skills.items():
        if k in column:
            mine[column[k]] = s.score
    norms = np.linalg.norm(matrix, axis=1) * float(np.linalg.norm(mine))
    dots = np.einsum("ij,j->i", matrix, mine)
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)


def _neighbour(me: Profile, other: Profile, score: float, meaning: float | None) -> SimilarPerson:
    shared = sorted(
        (
            k
            for k in me.skills.keys() & other.skills.keys()
            if min(me.skills[k].score, other.skills[k].score) >= SKILL_FLOOR
        ),
        key=lambda k: (-min(me.skills[k].score, other.skills[k].score), k),
    )[:MAX_SHARED]
    repos = dict(sorted(other.repos.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_REPOS])
    both = sorted(r for r in me.repos.keys() & other.repos.keys() if me.repos[r] > 0 and other.repos[r] > 0)
    why: list[str] = []
    if shared:
        why.append("shares " + ", ".join(shared))
    if both:
        why.append("also in " + ", ".join(both[:3]))
    if meaning is not None:
        why.append(f"summary similarity {meaning:.2f}")
    return SimilarPerson(
        id=other.id,
        name=other.names[0] if other.names else other.id,
        login=other.login,
        score=round(min(1.0, max(0.0, score)), 4),
        shared_skills=shared,
        repos=repos,
        why="; ".join(why),
    )
