"""Python's own `ast` over a file's added lines, for the detectors that read Python.

Added lines are fragments: a hunk inside a function body is indented, a hunk may open a block it does not
close. `parse` tries the fragment as is, then dedented, and gives None when neither parses, so that the
caller falls back to line rules. Nothing is executed: `ast.parse` only builds a tree. The last few trees
are kept (keyed by the source bytes) because several detectors read the same file one after the other.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Iterator
from functools import lru_cache

_MAX_SOURCE = 400_000  # the engine caps added text to settings.max_parse_bytes already; this is a backstop


@lru_cache(maxsize=8)
def parse(source: bytes) -> ast.Module | None:
    if len(source) > _MAX_SOURCE:
        return None
    text = source.decode("utf-8", errors="replace")
    for candidate in (text, textwrap.dedent(text)):
        try:
            return ast.parse(candidate)
        except (SyntaxError, ValueError, RecursionError, MemoryError):
            continue
    return None


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


def functions(tree: ast.AST) -> Iterator[ast.FunctionDef | ast.AsyncFunctionDef]:
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            yield node


def calls(tree: ast.AST) -> Iterator[tuple[ast.Call, str]]:
    """Every call with its callee's dotted name ('' when the callee is not a plain name chain)."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node, dotted(node.func)


def row(node: ast.AST) -> int:
    """The 0-based row of a node in the fragment (ast lines are 1-based)."""
    return max(0, getattr(node, "lineno", 1) - 1)
