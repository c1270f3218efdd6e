"""What every detector shares: the parsed view of one file's added lines, hits, and the Detector base.

A detector declares tree-sitter query patterns per grammar family (each a single pattern tagged with
a name and capturing `@hit`); the engine compiles every detector's patterns for a grammar into one
query, runs it once per file and hands each detector the matches of its own patterns. Detectors with
nothing structural to look at (shader languages without a grammar, commit text) implement
`lexical_hits` or `commit_signals` instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from tree_sitter import Node

from models.records import Commit, Evidence, Signal

# Grammar families a pattern can be written for: "cfamily" compiles against c, cpp and cuda (a
# pattern using C++-only nodes is dropped for c), "cpp" against cpp and cuda, the others alone.
FAMILIES: dict[str, tuple[str, ...]] = {
    "c": ("cfamily",),
    "cpp": ("cfamily", "cpp"),
    "cuda": ("cfamily", "cpp", "cuda"),
    "rust": ("rust",),
}

MAX_SNIPPET_LINES = 5


@dataclass(frozen=True)
class Hit:
    """One observation inside a file: `row` indexes the fragment's lines (0-based)."""

    row: int
    weight: float
    detail: dict[str, Any] = field(default_factory=dict)
    end_row: int | None = None  # last row worth showing (snippet is capped at 5 lines anyway)


@dataclass(frozen=True)
class QueryMatch:
    tag: str
    captures: dict[str, list[Node]]

    def node(self, name: str = "hit") -> Node | None:
        nodes = self.captures.get(name)
        return nodes[0] if nodes else None


@dataclass
class FileView:
    """The added lines of one file, joined into a parseable fragment, with a map back to real lines."""

    path: str
    language: str | None
    grammar: str | None
    lines: list[str]
    line_numbers: list[int]
    source: bytes
    root: Node | None = None
    capped: bool = False
    is_test: bool = False  # under tests/ or named like a test: definitions there are tests, not kernels
    derived: dict[str, Any] = field(default_factory=dict)  # views of the lines several detectors share, made once

    def text(self, node: Node) -> str:
        return self.source[node.start_byte : node.end_byte].decode("utf-8", errors="replace")

    def snippet(self, row: int, end_row: int | None = None) -> str:
        last = row if end_row is None else max(row, end_row)
        last = min(last, row + MAX_SNIPPET_LINES - 1, len(self.lines) - 1)
        return "\n".join(line.rstrip() for line in self.lines[row : last + 1])

    def code_lines(self) -> list[tuple[int, str]]:
        """(row, text) of lines neither blank nor obviously a comment; made once, as several detectors read them."""
        found = self.derived.get("code_lines")
        if found is None:
            found = self.derived["code_lines"] = list(self._code_lines())
        return found

    def _code_lines(self) -> Iterator[tuple[int, str]]:
        in_block = False
        for row, line in enumerate(self.lines):
            stripped = line.strip()
            if in_block:
                if "*/" in stripped:
                    in_block = False
                    stripped = stripped.split("*/", 1)[1].strip()
                else:
                    continue
            if stripped.startswith("/*"):
                if "*/" not in stripped:
                    in_block = True
                continue
            if not stripped or stripped.startswith(("//", "#!", "* ", "*/")) or stripped == "*":
                continue
            yield row, _strip_line_comment(stripped)


def rows_matching(text: bytes, pattern: re.Pattern[bytes]) -> set[int]:
    """Rows of `text` (lines joined by newlines) where `pattern` matches: one search per such row, the rest of a
    matching row is skipped. Lexical detectors find their candidate lines this way and read only those."""
    rows: set[int] = set()
    row, at = 0, 0
    found = pattern.search(text)
    while found is not None:
        row += text.count(b"\n", at, found.start())
        rows.add(row)
        at = text.find(b"\n", found.end())
        if at < 0:
            break
        found = pattern.search(text, at)
    return rows


def _strip_line_comment(line: str) -> str:
    # Good enough for lexical detectors: a `//` outside a string ends the code on the line.
    if "//" not in line:
        return line
    out: list[str] = []
    quote = ""
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                out.append(line[i : i + 2])
                i += 2
                continue
            if ch == quote:
                quote = ""
        elif ch in "\"'":
            quote = ch
        elif line.startswith("//", i):
            break
        out.append(ch)
        i += 1
    return "".join(out).rstrip()


@dataclass
class FileResult:
    """A file after detection: its view, test/systems flags and every hit per detector (before capping)."""

    view: FileView
    is_test: bool
    hits: dict[str, list[Hit]] = field(default_factory=dict)


# Lines that credit people rather than describe the change: never evidence of the work.
TRAILER = re.compile(r"(?i)^\s*(co-authored-by|signed-off-by|reviewed-by|acked-by|tested-by|cc):")
# Languages whose files make a commit code work (a commit of docs, CI config or tests alone only describes it).
CODE_LANGUAGES = frozenset(
    {"c", "cpp", "cuda", "hip", "rust", "python", "metal", "objc", "swift", "zig", "go", "glsl", "wgsl", "opencl"}
)
MAX_TEXT_LINE = 1000  # longer lines are pasted logs or generated text


@dataclass
class CommitContext:
    commit: Commit
    files: list[FileResult]

    @property
    def text(self) -> str:
        return self.commit.message + ("\n\n" + self.commit.pr_text if self.commit.pr_text else "")

    def touches_code(self) -> bool:
        """Whether the commit changed code outside tests."""
        return any(r.view.language in CODE_LANGUAGES and not r.is_test for r in self.files)

    def evidence(self, f: FileView | None = None, hit: Hit | None = None, snippet: str = "") -> Evidence:
        if f is not None and hit is not None:
            return Evidence(
                repo=self.commit.repo,
                sha=self.commit.sha,
                path=f.path,
                line=f.line_numbers[hit.row],
                snippet=f.snippet(hit.row, hit.end_row),
                title=self.commit.subject,
            )
        return Evidence(repo=self.commit.repo, sha=self.commit.sha, snippet=snippet, title=self.commit.subject)


class Detector:
    """Base for one detector; `name` is also the taxonomy key it feeds."""

    name: ClassVar[str]
    # family -> ((tag, pattern), ...); each pattern is ONE tree-sitter pattern capturing @hit.
    patterns: ClassVar[dict[str, tuple[tuple[str, str], ...]]] = {}
    weights: ClassVar[dict[str, float]] = {}
    # Languages whose added lines `lexical_hits` reads (those without a grammar, usually).
    lexical_languages: ClassVar[frozenset[str]] = frozenset()
    # What any text the structural patterns can match must contain: an identifier matching `trigger_words`
    # or a raw-text match of one of `trigger_text` (each starting with a literal, so the search is fast).
    # Neither given: no promise, always parse. A file in which no detector's trigger (nor any name rule)
    # matches is not parsed at all: most model and glue code never reaches tree-sitter, which is what keeps
    # detection within budget beside the git stage.
    trigger_words: ClassVar[str | None] = None
    trigger_text: ClassVar[tuple[str, ...]] = ()
    max_per_file: ClassVar[int] = 3

    def file_hits(self, f: FileView, matches: Sequence[QueryMatch]) -> list[Hit]:
        hits: list[Hit] = []
        for m in matches:
            hit = self.hit_from_match(f, m)
            if hit is not None:
                hits.append(hit)
        return hits

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None:
            return None
        return Hit(node.start_point.row, self.weights.get(m.tag, 0.7), {"pattern": m.tag})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        return []

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        """Signals from the commit as a whole (text, combinations of files)."""
        return []

    def finalize(self, ctx: CommitContext, signals: list[Signal]) -> None:
        """Last look at this detector's signals of the commit (e.g. to attach per-commit counts)."""


def regex_hits(
    f: FileView, rules: Sequence[tuple[re.Pattern[str], float, dict[str, Any]]], *, code_only: bool = True
) -> list[Hit]:
    """Hits for lines matching any rule; the first rule that matches a line decides its weight."""
    rows = f.code_lines() if code_only else enumerate(f.lines)
    hits: list[Hit] = []
    for row, line in rows:
        if len(line) > 2000:  # minified or generated; regexes over it tell nothing
            continue
        for rx, weight, detail in rules:
            found = rx.search(line)
            if found:
                hits.append(Hit(row, weight, {**detail, "match": found.group(0)[:60]}))
                break
    return hits


def row_of_offset(f: FileView, node: Node, pattern: re.Pattern[str]) -> tuple[int, str] | None:
    """The row (and matched text) of the first regex match inside a node's text."""
    text = f.text(node)
    found = pattern.search(text)
    if not found:
        return None
    return node.start_point.row + text.count("\n", 0, found.start()), found.group(0)


def first_area(text: str, areas: Sequence[tuple[str, re.Pattern[str]]]) -> str | None:
    """The name of the first (area, pattern) whose pattern occurs in the text."""
    return next((a for a, rx in areas if rx.search(text)), None)


def q(regex: str) -> str:
    """A regex as a tree-sitter query string literal (backslashes and quotes escaped)."""
    return '"' + regex.replace("\\", "\\\\").replace('"', '\\"') + '"'


def path_signal(
    ctx: CommitContext,
    kind: str,
    path_pattern: re.Pattern[str],
    detail: dict[str, Any],
    weight: float,
    min_lines: int,
    exclude: re.Pattern[str] | None = None,
) -> list[Signal]:
    """One signal for the first non-test code file under a path that names the subsystem (`mlx/distributed/`),
    when the detector saw nothing in it: editing a subsystem's own code is evidence of working on it, weaker
    than a telling name. Lines count when they are code (not blank, not `//`, `#` or `*` comments)."""
    for r in ctx.files:
        f = r.view
        if r.is_test or r.hits.get(kind) or not path_pattern.search(f.path):
            continue
        if exclude is not None and exclude.search(f.path):
            continue
        rows = [row for row, line in f.code_lines() if not line.startswith("#") or line.startswith("#include")]
        if len(rows) >= min_lines:
            hit = Hit(rows[0], weight, {**detail, "pattern": "path", "source": "code"})
            return [
                Signal(kind=kind, weight=weight, language=f.language, evidence=ctx.evidence(f, hit), detail=hit.detail)
            ]
    return []


def text_line_signals(
    ctx: CommitContext,
    kind: str,
    find: Callable[[str], str | None],
    detail: Callable[[str], dict[str, Any]],
    weight: float,
    *,
    skip: re.Pattern[str] | None = None,
    signals: list[Signal] | None = None,
    limit: int = 3,
) -> list[Signal]:
    """One signal per distinct word the commit or PR text names (`find` gives the word of a line, or None),
    added to `signals` until there are `limit`; trailers, lines `skip` matches and very long lines are not read."""
    out = signals if signals is not None else []
    seen: set[str] = set()
    for line in ctx.text.splitlines():
        if len(out) >= limit:
            break
        if TRAILER.match(line) or (skip is not None and skip.match(line)) or len(line) > MAX_TEXT_LINE:
            continue
        word = find(line)
        if word is None or word in seen:
            continue
        seen.add(word)
        evidence = ctx.evidence(snippet=line.strip()[:300])
        out.append(Signal(kind=kind, weight=weight, evidence=evidence, detail=detail(word)))
    return out
