"""A tqdm bar on stderr: requests made, quota left, pull requests written, and the wait when waiting."""

from __future__ import annotations

import sys

from tqdm import tqdm

from indexer.github.client import RequestStats


class TqdmProgress:
    def __init__(self, repo: str, *, disable: bool | None = None) -> None:
        # disable=None: tqdm shows the bar only on a terminal, so logs and pipes stay clean.
        self._bar = tqdm(desc=f"github {repo}", unit="req", file=sys.stderr, disable=disable, dynamic_ncols=True)
        self._pulls = 0
        self._stats = RequestStats()

    def update(self, stats: RequestStats) -> None:
        self._stats = stats
        self._bar.n = stats.requests
        self._bar.set_postfix_str(self._postfix(), refresh=True)

    def waiting(self, seconds: float, reason: str) -> None:
        self._bar.set_postfix_str(f"{self._postfix()}, waiting {seconds:.0f}s ({reason})", refresh=True)

    def pulls(self, count: int) -> None:
        self._pulls = count
        self._bar.set_postfix_str(self._postfix(), refresh=True)

    def close(self) -> None:
        self._bar.close()

    def _postfix(self) -> str:
        quota = ", ".join(f"{name} {left} left" for name, left in sorted(self._stats.remaining.items()))
        parts = [f"{self._pulls} PRs", f"{self._stats.not_modified} cached"]
        if quota:
            parts.append(quota)
        return ", ".join(parts)
