"""The code of a Python fragment with comments, docstrings and string contents blanked, line by line.

Added lines rarely form a module `ast` can parse (a hunk starts mid-function), so detectors that read
Python match regexes on these lines instead; blanking strings and comments keeps a collective named in a
log message or a backend named in a docstring from counting as code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from indexer.signals.base import FileView, Hit

PythonRule = tuple[re.Pattern[str], float, str]  # (pattern, weight, tag)

_STRING = re.compile(r"""(?P<prefix>[rRbBuUfF]{0,2})(?P<q>'''|\"\"\"|'|")""")
_MAX_LINE = 2000  # minified or generated; regexes over it tell nothing


def python_code_lines(f: FileView) -> list[tuple[int, str]]:
    """(row, code) for lines that hold code; string literals become `""`, comments are dropped (made once per file)."""
    lines = f.derived.get("python_code_lines")
    if lines is None:
        lines = f.derived["python_code_lines"] = list(_code_lines(f))
    return lines


def python_rule_hits(
    f: FileView,
    rules: Sequence[PythonRule],
    detail: Callable[[str, str], dict[str, Any]],
    skip: Callable[[str, str, re.Match[str]], bool] | None = None,
) -> list[Hit]:
    """One hit per code line (strings and comments blanked): the first rule that matches there and that `skip`
    (tag, line, match) does not refuse, with `detail(tag, matched text)` between its pattern and source."""
    hits: list[Hit] = []
    for row, line in python_code_lines(f):
        for rx, weight, tag in rules:
            found = rx.search(line)
            if found is None or (skip is not None and skip(tag, line, found)):
                continue
            hits.append(Hit(row, weight, {"pattern": tag, **detail(tag, found.group(0)), "source": "code"}))
            break
    return hits


def _code_lines(f: FileView) -> Iterator[tuple[int, str]]:
    open_quote = ""  # the triple quote of a string that spans lines, if one is open
    for row, line in enumerate(f.lines):
        if len(line) > _MAX_LINE:
            continue
        code, open_quote = _blank(line, open_quote)
        # A hunk can start inside a docstring: backticks (reST roles) and doctest prompts are not Python 3 code.
        if code.strip() and "`" not in code and not code.lstrip().startswith((">>>", "... ")):
            yield row, code.rstrip()


def _blank(line: str, open_quote: str) -> tuple[str, str]:
    out: list[str] = []
    i = 0
    if open_quote:
        end = line.find(open_quote)
        if end < 0:
            return "", open_quote
        i = end + len(open_quote)
        out.append('""')
    while i < len(line):
        ch = line[i]
        if ch == "#":
            break
        found = _STRING.match(line, i) if ch in "'\"rRbBuUfF" else None
        if found is None or (found.group("prefix") and i and (line[i - 1].isalnum() or line[i - 1] == "_")):
            out.append(ch)
            i += 1
            continue
        quote = found.group("q")
        end = _closing(line, found.end(), quote)
        out.append('""')
        if end < 0:
            return "".join(out), quote if len(quote) == 3 else ""
        i = end + len(quote)
    return "".join(out), ""


def _closing(line: str, start: int, quote: str) -> int:
    i = start
    while i < len(line):
        if line[i] == "\\":
            i += 2
            continue
        if line.startswith(quote, i):
            return i
        i += 1
    return -1


_DEFINITION = re.compile(r"^(?P<indent>\s*)(?:async\s+)?(?P<kind>def|class)\s+(?P<name>\w+)\s*(?:\((?P<args>.*))?")


@dataclass(frozen=True)
class PyBlock:
    """One `def` or `class` among a fragment's code lines: its decorators, the text after its name (bases or
    parameters) and its body, each with strings and comments blanked. Found by indentation, so a hunk that
    `ast` cannot parse (it starts mid-function or opens a block it does not close) still shows its definitions;
    the body stops where the added lines jump (lines not in the change may belong to another definition)."""

    row: int
    kind: str  # "def" or "class"
    name: str
    header: str  # the rest of the definition line: bases of a class, parameters of a function
    decorators: tuple[str, ...]
    body: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join((self.header, *self.decorators, *self.body))


def python_blocks(f: FileView) -> list[PyBlock]:
    """Every definition among the fragment's added code lines (made once per file)."""
    blocks = f.derived.get("python_blocks")
    if blocks is None:
        blocks = f.derived["python_blocks"] = _blocks(f, python_code_lines(f))
    return blocks


def _blocks(f: FileView, lines: list[tuple[int, str]]) -> list[PyBlock]:
    blocks: list[PyBlock] = []
    for i, (row, code) in enumerate(lines):
        found = _DEFINITION.match(code)
        if found is None:
            continue
        indent = len(found.group("indent"))
        decorators: list[str] = []
        first = row
        for prev_row, prev in reversed(lines[:i]):
            if not prev.lstrip().startswith("@") or not _contiguous(f, prev_row, first):
                break
            decorators.insert(0, prev.strip())
            first = prev_row
        body: list[str] = []
        last = row
        for next_row, nxt in lines[i + 1 :]:
            if len(nxt) - len(nxt.lstrip()) <= indent or not _contiguous(f, last, next_row):
                break
            body.append(nxt)
            last = next_row
        kind, name, header = found.group("kind"), found.group("name"), found.group("args") or ""
        blocks.append(PyBlock(row, kind, name, header, tuple(decorators), tuple(body)))
    return blocks


def _contiguous(f: FileView, row: int, later: int) -> bool:
    """Whether the added lines from `row` to `later` are consecutive lines of the file (no unseen lines between)."""
    return f.line_numbers[later] - f.line_numbers[row] == later - row
