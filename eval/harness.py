"""Runs every labelled query through Scout (the code path of POST /v1/search) and through the baselines,
judges the ranked lists against the labelled profiles, and scores them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from eval import metrics
from eval.judging import (
    SPLITS,
    AliasIndex,
    Judged,
    Judgement,
    LabelledProfile,
    LabelledQuery,
    judge,
    load_profiles,
    load_queries,
    result_identifiers,
)
from models.errors import ScoutError
from models.records import Interpretation, SearchRequest, SearchResult

SCOUT = "scout"


class Engine(Protocol):
    """The one method the harness needs: search.engine.SearchEngine.search, as POST /v1/search calls it."""

    def search(self, request: SearchRequest) -> SearchResult: ...


@dataclass(frozen=True)
class Ranked:
    """One result of any system: its id, every identifier it carries, and a display name."""

    id: str
    identifiers: tuple[str, ...]
    name: str = ""


class Ranker(Protocol):
    """A baseline: the people of the index, best first, for a sentence."""

    def rank(self, text: str, limit: int) -> list[Ranked]: ...


@dataclass
class QueryOutcome:
    query: LabelledQuery
    judgement: Judgement
    scores: dict[str, float]
    results: list[Ranked]
    interpretation: Interpretation | None = None


@dataclass
class SystemReport:
    name: str
    outcomes: dict[str, QueryOutcome] = field(default_factory=dict)

    @property
    def per_query(self) -> dict[str, dict[str, float]]:
        return {qid: o.scores for qid, o in self.outcomes.items()}

    @property
    def mean(self) -> dict[str, float]:
        return metrics.mean(self.per_query)


@dataclass
class EvalReport:
    systems: dict[str, SystemReport]  # Scout first, then the baselines
    profiles: list[LabelledProfile]
    queries: list[LabelledQuery]
    limit: int
    unjudged_as_irrelevant: bool

    def to_json(self) -> dict[str, object]:
        """The shape of docs/EVALUATION.md: systems -> mean and per_query; judged counts; means per split."""
        out: dict[str, object] = {
            "systems": {
                name: {
                    "mean": _rounded(s.mean),
                    "per_query": {qid: _rounded(v) for qid, v in s.per_query.items()},
                }
                for name, s in self.systems.items()
            },
            "judged": {"profiles": len(self.profiles), "queries": len(self.queries)},
        }
        if self.splits:
            out["splits"] = {
                split: {
                    "queries": len(part.queries),
                    "systems": {name: _rounded(s.mean) for name, s in part.systems.items()},
                }
                for split in self.splits
                for part in [self.subset(split)]
            }
        return out

    @property
    def splits(self) -> list[str]:
        """The halves the evaluated queries belong to, in a fixed order (empty when the file has none)."""
        present = {q.split for q in self.queries}
        return [s for s in SPLITS if s in present]

    def subset(self, split: str) -> EvalReport:
        """The same run restricted to one split's queries: no query is searched twice."""
        queries = [q for q in self.queries if q.split == split]
        keep = {q.id for q in queries}
        systems = {
            name: SystemReport(name, {qid: o for qid, o in s.outcomes.items() if qid in keep})
            for name, s in self.systems.items()
        }
        return EvalReport(systems, self.profiles, queries, self.limit, self.unjudged_as_irrelevant)

    def best_baseline(self) -> tuple[str, SystemReport] | None:
        baselines = [(n, s) for n, s in self.systems.items() if n != SCOUT]
        if not baselines:
            return None
        return max(baselines, key=lambda ns: ns[1].mean["ndcg@10"])


def _rounded(values: Mapping[str, float]) -> dict[str, float]:
    return {k: round(v, 4) for k, v in values.items()}


def scout_ranker(engine: Engine) -> _EngineRanker:
    return _EngineRanker(engine)


class _EngineRanker:
    """Adapts the engine to Ranker and keeps each query's interpretation for the report."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.last: Interpretation | None = None

    def rank(self, text: str, limit: int) -> list[Ranked]:
        result = self.engine.search(SearchRequest(query=text, limit=limit))
        self.last = result.interpretation
        return [
            Ranked(m.id, tuple(result_identifiers(m.id, m.login, m.emails)), m.name) for m in result.matches[:limit]
        ]


def run_system(
    name: str,
    ranker: Ranker,
    profiles: Sequence[LabelledProfile],
    queries: Sequence[LabelledQuery],
    *,
    limit: int,
    unjudged_as_irrelevant: bool,
) -> SystemReport:
    index = AliasIndex(profiles)
    report = SystemReport(name)
    for q in queries:
        results = ranker.rank(q.text, limit)[:limit]
        judgement = judge(q, [(r.id, r.identifiers) for r in results], profiles, index)
        ranked = judgement.condensed(unjudged_as_irrelevant)
        scores = metrics.score(ranked, list(judgement.grades.values()))
        interp = ranker.last if isinstance(ranker, _EngineRanker) else None
        report.outcomes[q.id] = QueryOutcome(q, judgement, scores, results, interp)
    return report


def evaluate(
    engine: Engine,
    profiles_path: Path,
    queries_path: Path,
    limit: int = 50,
    unjudged_as_irrelevant: bool = False,
    baselines: Mapping[str, Ranker] | None = None,
    split: str | None = None,
) -> EvalReport:
    """Scout and each baseline on every query (of SPLIT, when given); all judged the same way."""
    profiles = load_profiles(profiles_path)
    queries = select_split(load_queries(queries_path), split, queries_path)
    systems = {
        SCOUT: run_system(
            SCOUT,
            scout_ranker(engine),
            profiles,
            queries,
            limit=limit,
            unjudged_as_irrelevant=unjudged_as_irrelevant,
        )
    }
    for name, ranker in (baselines or {}).items():
        systems[name] = run_system(
            name, ranker, profiles, queries, limit=limit, unjudged_as_irrelevant=unjudged_as_irrelevant
        )
    return EvalReport(systems, profiles, queries, limit, unjudged_as_irrelevant)


def select_split(queries: Sequence[LabelledQuery], split: str | None, where: Path) -> list[LabelledQuery]:
    """The queries of SPLIT (all of them for None); an error when the file has none of that split."""
    if split is None:
        return list(queries)
    chosen = [q for q in queries if q.split == split]
    if not chosen:
        raise ScoutError(f'{where}: no query has "split": "{split}"')
    return chosen


def top_judged(outcome: QueryOutcome, n: int = 5) -> list[tuple[Ranked, Judged]]:
    return list(zip(outcome.results[:n], outcome.judgement.results[:n], strict=False))
