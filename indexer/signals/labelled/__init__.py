"""The labelled snippet set: for every detector, positive and negative cases written from realistic code.

Each module here defines `CASES`; a case is a tiny commit (files with their added text, a message) and
whether the detector should fire on it. Negatives include look-alikes (a word in a comment or a string,
a Python wrapper calling a kernel, model code that merely uses an op). Shipped as package code so that
`scout signals-check` works from a fresh clone or an installed wheel.
"""

from __future__ import annotations

import importlib
import pkgutil
import textwrap
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    detector: str
    positive: bool
    files: tuple[tuple[str, str], ...] = ()
    message: str = "Update code"
    pr_text: str | None = None
    expect: frozenset[str] = field(default_factory=frozenset)  # classify only: the flags expected
    removed: dict[str, int] = field(default_factory=dict)  # path -> lines the change removed (default none)
    note: str = ""


def _code(text: str) -> str:
    return textwrap.dedent(text).strip("\n") + "\n"


def pos(detector: str, path: str, code: str, note: str = "", message: str = "Update code") -> Case:
    return Case(detector, True, ((path, _code(code)),), message=message, note=note)


def neg(detector: str, path: str, code: str, note: str = "", message: str = "Update code") -> Case:
    return Case(detector, False, ((path, _code(code)),), message=message, note=note)


def text_case(detector: str, positive: bool, message: str, pr_text: str | None = None, note: str = "") -> Case:
    return Case(detector, positive, (), message=_code(message).strip(), pr_text=pr_text, note=note)


def commit_case(detector: str, positive: bool, files: dict[str, str], message: str = "Update", note: str = "") -> Case:
    return Case(detector, positive, tuple((p, _code(c)) for p, c in files.items()), message=message, note=note)


def load_cases() -> list[Case]:
    cases: list[Case] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda i: i.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        cases.extend(getattr(module, "CASES", ()))
    return cases
