"""Metrics: hand-computed answers, then agreement with ranx on many rankings."""

from __future__ import annotations

import math
import random

import pytest

from eval import metrics


def test_perfect_ranking_scores_one() -> None:
    pool = [3, 2, 2, 1, 0, 0]
    ranked = sorted(pool, reverse=True)
    s = metrics.score(ranked, pool)
    assert s == {"ndcg@10": 1.0, "p@10": 0.3, "mrr": 1.0, "map": 1.0, "recall@50": 1.0}


def test_hand_computed_values() -> None:
    pool = [3, 2, 1, 0, 0, 2]  # three relevant people (grade >= 2)
    ranked = [0, 2, 1, 3]  # the grade-2 one at rank 2, the grade-3 one at rank 4; one relevant missing
    dcg = 3 / math.log2(3) + 1 / math.log2(4) + 7 / math.log2(5)
    ideal = 7 / math.log2(2) + 3 / math.log2(3) + 3 / math.log2(4) + 1 / math.log2(5)
    assert metrics.ndcg(ranked, pool) == pytest.approx(dcg / ideal)
    assert metrics.precision(ranked) == pytest.approx(0.2)
    assert metrics.reciprocal_rank(ranked) == pytest.approx(0.5)
    assert metrics.average_precision(ranked, pool) == pytest.approx((1 / 2 + 2 / 4) / 3)
    assert metrics.recall(ranked, pool) == pytest.approx(2 / 3)


def test_grade_one_is_not_relevant_but_counts_for_ndcg() -> None:
    pool = [1, 1, 0]
    ranked = [1, 1]
    assert metrics.ndcg(ranked, pool) == pytest.approx(1.0)
    assert metrics.precision(ranked) == 0.0
    assert metrics.reciprocal_rank(ranked) == 0.0
    assert metrics.average_precision(ranked, pool) == 0.0
    assert metrics.recall(ranked, pool) == 0.0


def test_nothing_relevant_anywhere_scores_zero_not_nan() -> None:
    s = metrics.score([0, 0], [0, 0, 0])
    assert all(v == 0.0 for v in s.values())


def test_cutoffs() -> None:
    pool = [2] * 60
    ranked = [0] * 10 + [2] * 50
    assert metrics.precision(ranked) == 0.0
    assert metrics.ndcg(ranked, pool) == 0.0
    assert metrics.recall(ranked, pool) == pytest.approx(40 / 60)  # only ranks 11..50 count


def test_mean_over_queries() -> None:
    per = {"a": metrics.score([3], [3]), "b": metrics.score([0], [3])}
    assert metrics.mean(per)["ndcg@10"] == pytest.approx(0.5)
    assert metrics.mean({})["map"] == 0.0


def test_agrees_with_ranx() -> None:
    ranx = pytest.importorskip("ranx")
    r = random.Random(11)
    qrels_graded: dict[str, dict[str, int]] = {}
    qrels_binary: dict[str, dict[str, int]] = {}
    run: dict[str, dict[str, float]] = {}
    ours: dict[str, dict[str, float]] = {}
    for q in range(40):
        qid = f"q{q}"
        pool = {f"d{i}": r.choice((0, 0, 0, 1, 2, 3)) for i in range(r.randint(5, 80))}
        if not any(g >= 2 for g in pool.values()):
            pool["d0"] = 2
        docs = list(pool)
        r.shuffle(docs)
        ranked_docs = docs[: r.randint(1, min(60, len(docs)))]
        run[qid] = {d: float(len(ranked_docs) - i) for i, d in enumerate(ranked_docs)}
        qrels_graded[qid] = {d: g for d, g in pool.items() if g > 0}
        qrels_binary[qid] = {d: 1 for d, g in pool.items() if g >= 2}
        ours[qid] = metrics.score([pool[d] for d in ranked_docs], list(pool.values()))
    graded = ranx.evaluate(ranx.Qrels(qrels_graded), ranx.Run(run), ["ndcg_burges@10"], return_mean=False)
    binary = ranx.evaluate(
        ranx.Qrels(qrels_binary), ranx.Run(run), ["precision@10", "mrr", "map", "recall@50"], return_mean=False
    )
    qids = sorted(run)  # ranx reports per-query arrays in sorted query order
    for i, qid in enumerate(qids):
        assert ours[qid]["ndcg@10"] == pytest.approx(
            graded[i] if not isinstance(graded, dict) else graded["ndcg_burges@10"][i]
        )
        assert ours[qid]["p@10"] == pytest.approx(binary["precision@10"][i])
        assert ours[qid]["mrr"] == pytest.approx(binary["mrr"][i])
        assert ours[qid]["map"] == pytest.approx(binary["map"][i])
        assert ours[qid]["recall@50"] == pytest.approx(binary["recall@50"][i])
