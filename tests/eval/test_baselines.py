"""Baselines read people from the store and rank them the simple ways."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from eval import baselines
from indexer.store import Store
from models.records import Activity, Profile

PEOPLE = [
    # id, name, email, login, commits, summary, subjects
    ("gh:ada", "Ada Quill", "ada@x.org", "ada", 12, "Writes Rust quantization kernels.",
     ["quantized: add Q4_K block", "quantized: avx2 vec_dot"]),
    ("bo@x.org", "Bo Fenn", "bo@x.org", None, 40, "Python training loops and docs.",
     ["trainer: cosine schedule", "docs: install"]),
    ("cy@x.org", "Cy Dorn", "cy@x.org", None, 25, "CUDA attention kernels with online softmax.",
     ["flash attention forward for head dim 128"]),
]  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Store:
    s = Store.open(tmp_path / "scout.db")
    rows = []
    for pid, name, email, login, commits, summary, subjects in PEOPLE:
        profile = Profile(
            id=pid, names=[name], emails=[email], login=login, activity=Activity(commits=commits), summary=summary
        )
        rows.append((pid, profile.model_dump_json(), summary, "fp"))
        with s.transaction() as conn:
            for i, subject in enumerate(subjects):
                conn.execute(
                    "INSERT INTO changes (change_id, author_email, author_name, authored_at, subject, message) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (f"p:{pid}:{i}", email, name, f"2026-01-0{i + 1}T10:00:00+00:00", subject, subject),
                )
    s.save_profiles(rows, [], "2026-10-01T00:00:00")
    s.git_replace_identities([(email, name, pid) for pid, name, email, *_ in PEOPLE] + [("bot@x", "bot", "")])
    return s


class WordEncoder:
    """A deterministic stand-in for the sentence model: bag of a few words, normalised."""

    WORDS = ("rust", "quantization", "cuda", "attention", "python", "training")

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = np.array([[float(w in t.lower()) for w in self.WORDS] for t in texts], dtype=np.float32) + 1e-3
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_people_come_with_identifiers_summary_and_subjects(store: Store) -> None:
    people = {p.id: p for p in baselines.load_people(store)}
    assert set(people) == {"gh:ada", "bo@x.org", "cy@x.org"}
    assert people["gh:ada"].identifiers == ("gh:ada", "gh:ada", "ada@x.org")
    assert people["gh:ada"].subjects == ["quantized: add Q4_K block", "quantized: avx2 vec_dot"]
    assert people["bo@x.org"].commits == 40


def test_popularity_ignores_the_query(store: Store) -> None:
    pop = baselines.build(store, WordEncoder())["popularity"]
    assert [r.id for r in pop.rank("anything", 10)] == ["bo@x.org", "cy@x.org", "gh:ada"]
    assert [r.id for r in pop.rank("anything", 1)] == ["bo@x.org"]


def test_bm25_uses_summaries_and_commit_subjects(store: Store) -> None:
    bm25 = baselines.build(store, WordEncoder())["bm25"]
    assert bm25.rank("flash attention", 10)[0].id == "cy@x.org"
    assert bm25.rank("vec_dot Q4_K", 10)[0].id == "gh:ada"  # only in commit subjects
    assert bm25.rank("zebra", 10) == []


def test_dense_ranks_by_summary_similarity(store: Store) -> None:
    dense = baselines.build(store, WordEncoder())["dense"]
    assert [r.id for r in dense.rank("CUDA attention", 2)][0] == "cy@x.org"
    assert [r.id for r in dense.rank("python training", 3)][0] == "bo@x.org"


def test_empty_index(tmp_path: Path) -> None:
    s = Store.open(tmp_path / "empty.db")
    built = baselines.build(s, WordEncoder())
    assert all(r.rank("rust", 10) == [] for r in built.values())
