"""Calendar quarters written as "2026Q2": parsing, order and arithmetic."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from models.errors import ScoutError

QUARTER_PATTERN = r"^\d{4}Q[1-4]$"
_QUARTER = re.compile(QUARTER_PATTERN)


class QuarterError(ScoutError, ValueError):
    """A quarter that is not written YYYYQn."""


@dataclass(frozen=True, order=True)
class Quarter:
    year: int
    number: int  # 1..4

    @classmethod
    def parse(cls, text: str) -> Quarter:
        cleaned = text.strip().upper()
        if not _QUARTER.match(cleaned):
            raise QuarterError(f"quarter {text!r} is not written YYYYQn (for example 2026Q2)")
        return cls(int(cleaned[:4]), int(cleaned[5]))

    @classmethod
    def of(cls, day: date) -> Quarter:
        return cls(day.year, (day.month - 1) // 3 + 1)

    def previous(self) -> Quarter:
        return Quarter(self.year - 1, 4) if self.number == 1 else Quarter(self.year, self.number - 1)

    def next(self) -> Quarter:
        return Quarter(self.year + 1, 1) if self.number == 4 else Quarter(self.year, self.number + 1)

    def start(self) -> date:
        return date(self.year, 3 * self.number - 2, 1)

    def end(self) -> date:
        """The first day after the quarter."""
        return self.next().start()

    def __str__(self) -> str:
        return f"{self.year}Q{self.number}"
