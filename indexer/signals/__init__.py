"""Systems-skill detectors over a commit's added code and text.

Public entry point: `detect_commit(commit, settings) -> Detection`. (Placeholder until the detectors land:
returns no signals and a classification from nothing.)
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from models.records import Commit, CommitClass, Signal
from models.settings import Settings


@dataclass
class Detection:
    signals: list[Signal] = field(default_factory=list)
    commit_class: CommitClass = field(default_factory=CommitClass)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> files (too big, NUL bytes, timeout)


def detect_commit(commit: Commit, settings: Settings) -> Detection:
    return Detection()
