"""Time as the GitHub client sees it: wall time for rate-limit resets, a monotonic clock for
deadlines, and sleeping. Injected so that tests wait for hours of rate limits in no time."""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def time(self) -> float:
        """Seconds since the epoch (X-RateLimit-Reset is an epoch second)."""
        ...

    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def time(self) -> float:
        return time.time()

    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        if seconds > 0:
            time.sleep(seconds)
