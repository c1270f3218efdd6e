"""The code of a Python fragment with comments, docstrings and string contents blanked, line by line.

Added lines rarely form a module `ast` can parse (a hunk starts mid-function), so detectors that read
Python match regexes on these lines instead; blanking strings and comments keeps a collective named in a
log message or a backend named in a docstring from counting as code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
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
