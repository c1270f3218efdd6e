"""Precision and recall of every detector on the labelled snippet set (what `scout signals-check` prints)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from indexer.signals import DETECTORS, detect_commit
from indexer.signals.classify import flags
from indexer.signals.labelled import Case, load_cases
from indexer.signals.languages import language_for
from models.records import Commit, FileChange, Identity
from models.settings import Settings

CLASSIFY = "classify"


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    misses: list[str] = field(default_factory=list)  # notes of the cases it got wrong

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def positives(self) -> int:
        return self.tp + self.fn

    @property
    def negatives(self) -> int:
        return self.fp + self.tn


def case_commit(case: Case, index: int) -> Commit:
    files = []
    for path, code in case.files:
        lines = code.splitlines()
        files.append(
            FileChange(
                path=path,
                kind="modified" if case.removed else "added",
                language=language_for(path, code),
                added=len(lines),
                removed=case.removed.get(path, 0),
                added_lines=list(enumerate(lines, start=1)),
            )
        )
    return Commit(
        repo="example/labelled",
        sha=f"{index:040x}",
        author=Identity(name="Test Person", email="test@example.com"),
        authored_at=datetime(2025, 1, 1, tzinfo=UTC),
        message=case.message,
        pr_text=case.pr_text,
        files=files,
    )


def evaluate(settings: Settings, cases: list[Case] | None = None) -> dict[str, Score]:
    scores: dict[str, Score] = {name: Score() for name in (*DETECTORS, CLASSIFY)}
    for i, case in enumerate(cases if cases is not None else load_cases()):
        detection = detect_commit(case_commit(case, i), settings)
        score = scores[case.detector]
        label = case.note or (case.files[0][0] if case.files else case.message[:40])
        if case.detector == CLASSIFY:
            got = flags(detection.commit_class) - {"tests_only"}
            if got and got == case.expect:
                score.tp += 1
            elif got:
                score.fp += 1
                score.misses.append(f"{label}: got {sorted(got)}")
                if case.expect:
                    score.fn += 1
            elif case.expect:
                score.fn += 1
                score.misses.append(f"{label}: missed {sorted(case.expect)}")
            else:
                score.tn += 1
            continue
        fired = any(s.kind == case.detector for s in detection.signals)
        if fired and case.positive:
            score.tp += 1
        elif fired:
            score.fp += 1
            score.misses.append(f"false positive: {label}")
        elif case.positive:
            score.fn += 1
            score.misses.append(f"missed: {label}")
        else:
            score.tn += 1
    return scores
