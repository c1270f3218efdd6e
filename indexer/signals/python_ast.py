"""Python's own `ast` over a file's added lines, for the detectors that read Python.

Added lines are fragments: a hunk inside a function body is indented, a hunk may open a block it does not
close. `parse` tries the fragment dedented and gives None when it does not parse, so that the caller falls
back to line rules. Nothing is executed: `ast.parse` only builds a tree. The last few trees
are kept (keyed by the source bytes) because several detectors read the same file one after the other, and so
is one index of the definitions, calls and attribute chains in each (one walk of the tree, not one per detector).
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

_MAX_SOURCE = 400_000  # the engine caps added text to settings.max_parse_bytes already; this is a backstop


Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


@dataclass
class PyIndex:
    """What the detectors look up in a parsed fragment, gathered in one walk."""

    tree: ast.Module
    definitions: list[Definition] = field(default_factory=list)
    calls: list[tuple[ast.Call, str]] = field(default_factory=list)  # with the callee's dotted name
    attributes: list[tuple[ast.Attribute, str]] = field(default_factory=list)  # with their dotted names


@lru_cache(maxsize=8)
def index(source: bytes) -> PyIndex | None:
    """The fragment's index, or None when it does not parse (the caller falls back to line rules)."""
    tree = parse(source)
    if tree is None:
        return None
    found = PyIndex(tree)
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.definitions.append(node)
        elif isinstance(node, ast.Call):
            found.calls.append((node, dotted(node.func)))
        elif isinstance(node, ast.Attribute):
            found.attributes.append((node, dotted(node)))
    return found


def parse(source: bytes) -> ast.Module | None:
    if len(source) > _MAX_SOURCE:
        return None
    # Dedenting changes nothing in a fragment that starts at column 0, and keeps the line numbers: one parse.
    try:
        return ast.parse(textwrap.dedent(source.decode("utf-8", errors="replace")))
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


def mentions(source: bytes, words: tuple[bytes, ...]) -> bool:
    """A first gate before a detector's regex: substring tests run in C and skip most files for a fraction of
    what one alternation costs on a file it does not match."""
    return any(word in source for word in words)


def dotted(node: ast.AST) -> str:
    """`triton.language.load` for an attribute chain or name; '' for anything else (a call, a subscript)."""
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return ""


def decorator_names(fn: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) -> list[str]:
    """Dotted names of a definition's decorators; a decorator call `@triton.autotune(...)` gives its callee."""
    return [dotted(d.func if isinstance(d, ast.Call) else d) for d in fn.decorator_list]


def calls(tree: ast.AST) -> Iterator[tuple[ast.Call, str]]:
    """Every call with its callee's dotted name ('' when the callee is not a plain name chain)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node, dotted(node.func)


def row(node: ast.AST) -> int:
    """The 0-based row of a node in the fragment (ast lines are 1-based)."""
    return max(0, getattr(node, "lineno", 1) - 1)
