"""People like this one: nearest profiles by their stored summary vectors, blended with skill overlap.

Skill overlap is the cosine between two people's skill-score vectors (one entry per skill), so sharing a
strong skill counts more than sharing a trace of one; each skill is weighted by its rarity in the index
(log(1 + people / holders)), since sharing what half the index has (tests next to code) says little.
Only profiles in the engine's snapshot are candidates: suppressed and forgotten people have none, and the
person is never their own neighbour.
"""

from __future__ import annotations

import math
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
    rarity = _rarity(snap)
    meaning = _vector_similarity(snap, me.id, others)
    skills = _skill_similarity(snap, me, others, rarity)
    score = VECTOR_WEIGHT * meaning + SKILL_WEIGHT * skills if meaning is not None else skills
    order = np.argsort(-score, kind="stable")[:limit]
    found = [
        _neighbour(
            me, snap.profiles[others[i]], float(score[i]), None if meaning is None else float(meaning[i]), rarity
        )
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


def _rarity(snap: Snapshot) -> dict[str, float]:
    """Skill -> log(1 + people / holders), holders being those at or above the skill floor (snapshot.by_skill)."""
    people = max(1, len(snap.profiles))
    return {k: math.log(1 + people / max(1, len(holders))) for k, holders in snap.by_skill.items()}


def _skill_similarity(snap: Snapshot, me: Profile, others: list[str], rarity: dict[str, float]) -> np.ndarray:
    keys = sorted(rarity)
    column = {k: i for i, k in enumerate(keys)}
    matrix = np.zeros((len(others), len(keys)), dtype=np.float32)
    for row, pid in enumerate(others):
        for k, s in snap.profiles[pid].skills.items():
            if k in column:
                matrix[row, column[k]] = s.score * rarity[k]
    mine = np.zeros(len(keys), dtype=np.float32)
    for k, s in me.skills.items():
        if k in column:
            mine[column[k]] = s.score * rarity[k]
    norms = np.linalg.norm(matrix, axis=1) * float(np.linalg.norm(mine))
    dots = np.einsum("ij,j->i", matrix, mine)
    return np.divide(dots, norms, out=np.zeros_like(dots), where=norms > 0)


def _neighbour(
    me: Profile, other: Profile, score: float, meaning: float | None, rarity: dict[str, float]
) -> SimilarPerson:
    """The neighbour's record; shared skills by how much they say: the weaker side's score times rarity."""
    both = {k: min(me.skills[k].score, other.skills[k].score) for k in me.skills.keys() & other.skills.keys()}
    shared = sorted(
        (k for k, low in both.items() if low >= SKILL_FLOOR), key=lambda k: (-both[k] * rarity.get(k, 0.0), k)
    )[:MAX_SHARED]
    repos = dict(sorted(other.repos.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_REPOS])
    common = sorted(r for r in me.repos.keys() & other.repos.keys() if me.repos[r] > 0 and other.repos[r] > 0)
    why: list[str] = []
    if shared:
        why.append("shares " + ", ".join(shared))
    if common:
        why.append("also in " + ", ".join(common[:3]))
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
