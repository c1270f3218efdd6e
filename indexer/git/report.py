"""What a read skipped and why, so the summary can say it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ReadReport:
    total: int = 0  # commits scheduled for this read
    commits: int = 0  # commits yielded
    files: int = 0
    binary: int = 0
    truncated: int = 0  # files whose text was dropped at the per-file or per-commit cap
    unreadable: int = 0  # files whose objects are missing from the clone
    vendored: int = 0
    submodules: int = 0
    shallow_boundary: int = 0  # commits of a shallow clone's edge, kept without their files
    missing_commits: int = 0  # commit objects the clone lacks (they, and history only they lead to, are skipped)
    damaged_commits: list[str] = field(default_factory=list)  # shas read around missing objects

    def skipped(self) -> dict[str, int]:
        return {
            "binary": self.binary,
            "truncated": self.truncated,
            "unreadable": self.unreadable,
            "vendored": self.vendored,
            "submodules": self.submodules,
            "shallow_boundary": self.shallow_boundary,
            "missing_commits": self.missing_commits,
        }
