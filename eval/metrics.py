"""Ranking metrics over graded, condensed result lists (docs/EVALUATION.md).

Each function takes `ranked`, the grades of a system's results in rank order (unjudged already dropped,
duplicates already graded 0), and `pool`, the grades of every labelled profile for the query (the
ideal ranking and the count of relevant people come from it, not from what the system returned).
Checked against ranx in tests/eval/test_metrics.py.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from eval.judging import RELEVANT

METRICS = ("ndcg@10", "p@10", "mrr", "map", "recall@50")


def dcg(grades: Sequence[int], k: int) -> float:
    return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades[:k]) if g > 0)


def ndcg(ranked: Sequence[int], pool: Sequence[int], k: int = 10) -> float:
    ideal = dcg(sorted(pool, reverse=True), k)
    return dcg(ranked, k) / ideal if ideal > 0 else 0.0


def precision(ranked: Sequence[int], k: int = 10) -> float:
    return sum(1 for g in ranked[:k] if g >= RELEVANT) / k


def reciprocal_rank(ranked: Sequence[int]) -> float:
    for i, g in enumerate(ranked):
        if g >= RELEVANT:
            return 1.0 / (i + 1)
    return 0.0


def average_precision(ranked: Sequence[int], pool: Sequence[int]) -> float:
    total = sum(1 for g in pool if g >= RELEVANT)
    if total == 0:
        return 0.0
    hits, acc = 0, 0.0
    for i, g in enumerate(ranked):
        if g >= RELEVANT:
            hits += 1
            acc += hits / (i + 1)
    return acc / total


def recall(ranked: Sequence[int], pool: Sequence[int], k: int = 50) -> float:
    total = sum(1 for g in pool if g >= RELEVANT)
    if total == 0:
        return 0.0
    return sum(1 for g in ranked[:k] if g >= RELEVANT) / total


def score(ranked: Sequence[int], pool: Sequence[int]) -> dict[str, float]:
    """Every metric of METRICS for one query."""
    return {
        "ndcg@10": ndcg(ranked, pool, 10),
        "p@10": precision(ranked, 10),
        "mrr": reciprocal_rank(ranked),
        "map": average_precision(ranked, pool),
        "recall@50": recall(ranked, pool, 50),
    }


def mean(per_query: dict[str, dict[str, float]]) -> dict[str, float]:
    if not per_query:
        return {m: 0.0 for m in METRICS}
    return {m: sum(q[m] for q in per_query.values()) / len(per_query) for m in METRICS}
