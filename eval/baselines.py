"""Baselines scored beside Scout on the same index: what any simpler tool would do.

- `bm25`: keyword search (bm25s) over each person's profile summary plus their commit subjects;
- `dense`: cosine of the query embedding to the summary embedding alone, no structure;
- `popularity`: most commits first, whatever the query.

All three read the people from the SQLite store (profiles, identities, changes), never Scout's ranking.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

import numpy as np

from eval.harness import Ranked, Ranker
from eval.judging import result_identifiers
from models.records import Profile


class TextEncoder(Protocol):
    """indexer.embedding.Embedder's seam: normalised float32 rows."""

    def encode(self, texts: list[str]) -> np.ndarray: ...


@dataclass
class Person:
    id: str
    name: str
    identifiers: tuple[str, ...]
    summary: str
    commits: int
    subjects: list[str] = field(default_factory=list)

    def ranked(self) -> Ranked:
        return Ranked(self.id, self.identifiers, self.name)


def load_people(store: Any) -> list[Person]:
    """Everyone with a profile, with the subjects of the changes they authored (each change once)."""
    subjects: dict[str, list[str]] = defaultdict(list)
    rows = store.conn.execute(
        "SELECT i.person_id, c.subject FROM changes c "
        "JOIN identities i ON i.email = c.author_email AND i.name = c.author_name "
        "WHERE i.person_id != '' ORDER BY c.authored_at, c.change_id"
    ).fetchall()
    for pid, subject in rows:
        subjects[pid].append(subject)
    people = []
    for raw in store.profile_jsons():
        p = Profile.model_validate_json(raw)
        people.append(
            Person(
                id=p.id,
                name=p.names[0] if p.names else p.id,
                identifiers=tuple(result_identifiers(p.id, p.login, p.emails)),
                summary=p.summary,
                commits=p.activity.commits,
                subjects=subjects.get(p.id, []),
            )
        )
    return sorted(people, key=lambda p: p.id)


class Popularity:
    def __init__(self, people: Sequence[Person]) -> None:
        self.order = sorted(people, key=lambda p: (-p.commits, p.id))

    def rank(self, text: str, limit: int) -> list[Ranked]:
        return [p.ranked() for p in self.order[:limit]]


class BM25:
    def __init__(self, people: Sequence[Person]) -> None:
        import bm25s
        from bm25s.tokenization import Tokenizer

        self.people = list(people)
        self.tokenizer = Tokenizer(stopwords="en")
        docs = [p.summary + "\n" + "\n".join(p.subjects) for p in self.people]
        self.retriever = bm25s.BM25()
        if self.people:
            self.retriever.index(self.tokenizer.tokenize(docs, show_progress=False), show_progress=False)

    def rank(self, text: str, limit: int) -> list[Ranked]:
        if not self.people:
            return []
        tokens = self.tokenizer.tokenize([text], update_vocab=False, show_progress=False)
        k = min(limit, len(self.people))
        docs, scores = self.retriever.retrieve(tokens, k=k, show_progress=False)
        # Ties (zero scores for people sharing no word with the query) break by id, not by index order.
        pairs = sorted(zip(docs[0].tolist(), scores[0].tolist(), strict=True), key=lambda ds: (-ds[1], ds[0]))
        return [self.people[d].ranked() for d, s in pairs if s > 0]


class Dense:
    def __init__(self, people: Sequence[Person], encoder: TextEncoder) -> None:
        self.people = list(people)
        self.encoder = encoder
        self.matrix = encoder.encode([p.summary for p in self.people]) if self.people else None

    def rank(self, text: str, limit: int) -> list[Ranked]:
        if self.matrix is None:
            return []
        query = self.encoder.encode([text])[0]
        sims = self.matrix @ query
        order = sorted(range(len(self.people)), key=lambda i: (-float(sims[i]), self.people[i].id))
        return [self.people[i].ranked() for i in order[:limit]]


def build(store: Any, encoder: TextEncoder) -> dict[str, Ranker]:
    """The three baselines over the people of one index."""
    people = load_people(store)
    return {"bm25": BM25(people), "dense": Dense(people, encoder), "popularity": Popularity(people)}
