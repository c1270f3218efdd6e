"""Runs every detector over a commit: parse each file's added text once, one combined query per grammar.

Budgets (per file): more than `settings.max_parse_bytes` of added text is capped to the lines that fit;
NUL bytes skip the file; parsing and querying stop after `settings.max_parse_seconds` (tree-sitter's
progress callbacks cancel them). Every skip or cap is counted by reason in `Detection.skipped`.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Literal

import tree_sitter_c
import tree_sitter_cpp
import tree_sitter_cuda
import tree_sitter_rust
from tree_sitter import Language, Node, Parser, Query, QueryCursor, QueryError

from indexer.signals.base import FAMILIES, CommitContext, Detector, FileResult, FileView, Hit, QueryMatch
from indexer.signals.languages import grammar_for, language_for
from models.records import Commit, FileChange, Signal
from models.settings import Settings

_LANGUAGE_FUNCS: dict[str, Callable[[], object]] = {
    "c": tree_sitter_c.language,
    "cpp": tree_sitter_cpp.language,
    "cuda": tree_sitter_cuda.language,
    "rust": tree_sitter_rust.language,
}

_QUERY_WINDOW = 32_768
_DIRECT_PARSE_BYTES = 32_768
_WORD = re.compile(rb"[A-Za-z_][A-Za-z0-9_]*")
_WORD_CACHE_MAX = 500_000
_NAME_OCCURRENCES = 4  # per distinct name and rule: enough for evidence, few enough to stay cheap
_TEST_PATH = re.compile(r"(^|/)(tests?|testing|benches)/|(^|/)test_[^/]*$|_tests?\.\w+$|\.test\.\w+$")
_RUST_TEST = re.compile(rb"#\[(cfg\()?test\b|#\[test\]")
_BENCHMARK_PATH = re.compile(r"(^|/)(benchmarks?|bench)/")


@cache
def tree_sitter_language(grammar: str) -> Language:
    return Language(_LANGUAGE_FUNCS[grammar]())


NAME_TYPES = ("identifier", "field_identifier", "type_identifier", "namespace_identifier")
# `((identifier) @hit (#match? @hit "re"))` or `([(identifier) (type_identifier)] @hit (#match? @hit "re"))`
_SIMPLE_NAME = re.compile(
    r'^\(\s*(?:\((?P<one>\w+)\)|\[(?P<many>(?:\s*\(\w+\))+)\s*\])\s*@hit\s*\(#match\?\s+@hit\s+"(?P<rx>(?:[^"\\]|\\.)*)"\)\s*\)$'
)


@dataclass(frozen=True)
class NameRule:
    detector: str
    tag: str
    types: frozenset[str]
    regex: re.Pattern[str]


@dataclass(frozen=True)
class CompiledQuery:
    query: Query
    owners: tuple[tuple[str, str], ...]  # pattern index -> (detector name, tag)
    # Patterns that are just "a name node matching a regex" run over the file's distinct names instead
    # of as query predicates on every occurrence: the same result at a fraction of the cost.
    name_rules: tuple[NameRule, ...] = ()
    name_filter: WordFilter | None = None  # any rule matches (a cheap first test per name)
    # Some structural pattern can match only where an identifier matches `trigger_words` or the raw text
    # matches one of `trigger_text`; `always_parse` when a detector made no such promise.
    trigger_words: WordFilter | None = None
    trigger_text: tuple[re.Pattern[bytes], ...] = ()
    always_parse: bool = True


def simple_name_rule(pattern: str) -> tuple[frozenset[str], str] | None:
    """(node types, regex) when a pattern only tests a bare name node against a regex."""
    found = _SIMPLE_NAME.match(pattern.strip())
    if found is None:
        return None
    types = [found.group("one")] if found.group("one") else re.findall(r"\((\w+)\)", found.group("many"))
    if not set(types) <= set(NAME_TYPES):
        return None
    regex = re.sub(r"\\(.)", r"\1", found.group("rx"))  # undo the query string escapes
    return frozenset(types), regex


def split_alternatives(regex: str) -> list[str]:
    """The top-level alternatives of a regex (a leading (?i) is carried into each)."""
    flags = ""
    if regex.startswith("(?i)"):
        flags, regex = "(?i)", regex[4:]
    parts: list[str] = []
    depth, start, i, in_class = 0, 0, 0, False
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            parts.append(regex[start:i])
            start = i + 1
        i += 1
    parts.append(regex[start:])
    return [flags + p for p in parts]


class WordFilter:
    """Does any of many regexes match a word? Only the alternatives that can match the word are tried.

    One alternation of some 600 alternatives, tried at every offset of every new identifier, was the slowest
    part of the file prefilter. Most alternatives require a literal (`quant`, `^GgmlDType$`); each is filed
    under the first trigram of it, and a word runs only the alternatives filed under its own trigrams
    (lower-cased, see `trigrams`), plus the few whose literals are shorter.
    """

    def __init__(self, regexes: Sequence[str]) -> None:
        buckets: dict[str, list[str]] = {}
        for regex in regexes:
            for alt in split_alternatives(regex):
                literals = required_literals(alt)
                keys = {literal[:3] for literal in literals} if min(map(len, literals), default=0) >= 3 else {""}
                for key in keys:
                    buckets.setdefault(key, []).append(_scoped(alt))
        self.always = re.compile("|".join(buckets.pop(""))) if "" in buckets else None
        self.by_trigram = {key: re.compile("|".join(alts)) for key, alts in buckets.items()}

    def search(self, word: str, grams: set[str] | None = None) -> bool:
        """`grams`: the word's `trigrams`, when the caller tests it against several filters."""
        if self.always is not None and self.always.search(word):
            return True
        table = self.by_trigram
        return any(table[gram].search(word) for gram in (trigrams(word) if grams is None else grams) if gram in table)


def trigrams(word: str) -> set[str]:
    low = word.lower()
    return {low[i : i + 3] for i in range(len(low) - 2)}


def required_literals(regex: str) -> list[str]:
    """Literals, lower-cased, one of which every match of `regex` contains ([] when none is sure).

    Either the longest run of plain characters, or, when that is shorter, the runs of the branches of a
    group like `^(WithDType|FloatDType)$`. Conservative: classes, escapes like \\w and anything quantified
    end a run, so a run never holds an optional character.
    """
    body = regex[4:] if regex.startswith("(?i)") else regex
    best: list[str] = []
    run: list[str] = []

    def consider(found: list[str]) -> None:
        nonlocal best
        if found and (not best or min(map(len, found)) > min(map(len, best))):
            best = found

    i = 0
    while i < len(body):
        ch = body[i]
        literal: str | None = None
        if ch == "\\":
            escaped = body[i + 1 : i + 2]
            literal = escaped if escaped and not escaped.isalnum() else None
            i += 2
        elif ch in "([":
            end = _past_group(body, i)
            if ch == "(" and body[end : end + 1] not in ("?", "*", "+", "{"):
                consider(_group_literals(body[i + 1 : end - 1]))
            i = end
        elif ch in "?*+{":
            if run:
                run.pop()  # the quantified character is optional or repeated: not part of a run
            close = body.find("}", i) if ch == "{" else i
            i = close + 1 if close != -1 else len(body)
        elif ch in ".^$|)]":
            i += 1
        else:
            literal = ch
            i += 1
        if literal is not None:
            run.append(literal)
            continue
        consider(["".join(run)] if run else [])
        run = []
    consider(["".join(run)] if run else [])
    return [literal.lower() for literal in best]


def _group_literals(inner: str) -> list[str]:
    """What every match of a group `(inner)` contains: one literal of each branch ([] for lookarounds)."""
    if inner.startswith("?"):
        flags = re.match(r"\?[aiLmsux-]*:", inner)
        if flags is None:  # lookaround, named group, conditional: no promise
            return []
        inner = inner[flags.end() :]
    found: list[str] = []
    for branch in split_alternatives(inner):
        literals = required_literals(branch)
        if not literals:
            return []
        found.extend(literals)
    return found


def _past_group(regex: str, i: int) -> int:
    """The index just past the group or character class that starts at `i`."""
    depth = 0
    while i < len(regex):
        ch = regex[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":
            i += 1
            if regex[i : i + 1] == "^":
                i += 1
            if regex[i : i + 1] == "]":
                i += 1
            while i < len(regex) and regex[i] != "]":
                i += 2 if regex[i] == "\\" else 1
            if depth == 0:
                return i + 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return i


def _scoped(regex: str) -> str:
    # A leading (?i) is global in Python; inside an alternation it must be scoped.
    return f"(?i:{regex[4:]})" if regex.startswith("(?i)") else f"(?:{regex})"


def compile_query(grammar: str, detectors: Sequence[Detector]) -> CompiledQuery | None:
    """One query holding every detector's patterns valid for this grammar (invalid ones are dropped)."""
    language = tree_sitter_language(grammar)
    candidates: list[tuple[str, str, str, str]] = []
    rules: list[NameRule] = []
    structural: dict[str, Detector] = {}
    for det in detectors:
        for family in FAMILIES[grammar]:
            for tag, pattern in det.patterns.get(family, ()):
                simple = simple_name_rule(pattern)
                if simple is not None:
                    rules.append(NameRule(det.name, tag, simple[0], re.compile(simple[1])))
                else:
                    candidates.append((det.name, family, tag, pattern))
                    structural[det.name] = det
    word_triggers = [d.trigger_words for d in structural.values() if d.trigger_words]
    triggers: dict[str, Any] = {
        "trigger_words": WordFilter(word_triggers) if word_triggers else None,
        "trigger_text": tuple(re.compile(t.encode()) for d in structural.values() for t in d.trigger_text),
        "always_parse": any(not d.trigger_words and not d.trigger_text for d in structural.values()),
    }
    if not candidates and not rules:
        return None
    name_filter = WordFilter([r.regex.pattern for r in rules]) if rules else None
    # Compiling the whole set at once is several times cheaper than pattern by pattern; the slow path
    # runs only when some pattern does not fit this grammar (C++-only nodes in a cfamily pattern for C).
    try:
        query = Query(language, "\n".join(c[3] for c in candidates) or "(ERROR) @unused")
        if query.pattern_count == len(candidates):
            return CompiledQuery(query, tuple((c[0], c[2]) for c in candidates), tuple(rules), name_filter, **triggers)
    except QueryError:
        pass
    sources: list[str] = []
    owners: list[tuple[str, str]] = []
    for name, family, tag, pattern in candidates:
        try:
            single = Query(language, pattern)
        except QueryError as exc:
            if family != "cfamily" or grammar == "cpp":
                # A pattern meant for this grammar must compile: a bug in the detector, not bad data.
                raise ValueError(f"detector {name} pattern {tag!r} for {grammar}: {exc}") from exc
            continue
        if single.pattern_count != 1:
            raise ValueError(f"detector {name} pattern {tag!r} holds {single.pattern_count} patterns")
        sources.append(pattern)
        owners.append((name, tag))
    if not sources:
        return None
    return CompiledQuery(Query(language, "\n".join(sources)), tuple(owners), tuple(rules), name_filter, **triggers)


class _Parsers(threading.local):
    def __init__(self) -> None:
        self.by_grammar: dict[str, Parser] = {}

    def get(self, grammar: str) -> Parser:
        parser = self.by_grammar.get(grammar)
        if parser is None:
            parser = self.by_grammar[grammar] = Parser(tree_sitter_language(grammar))
        return parser


@dataclass
class _WordVerdicts:
    seen: set[bytes] = field(default_factory=set)
    names: set[bytes] = field(default_factory=set)
    triggers: set[bytes] = field(default_factory=set)

    def clear(self) -> None:
        self.seen.clear()
        self.names.clear()
        self.triggers.clear()


class Engine:
    """Holds the compiled queries for a set of detectors; `run` is safe to call from many threads."""

    def __init__(self, detectors: Mapping[str, Detector]) -> None:
        self.detectors = dict(detectors)
        ordered = list(self.detectors.values())
        self.queries = {g: compile_query(g, ordered) for g in _LANGUAGE_FUNCS}
        self._parsers = _Parsers()
        # Language -> the detectors reading its lines lexically: a file asks only those.
        self._lexical: dict[str, frozenset[str]] = {}
        for name, det in self.detectors.items():
            for language in det.lexical_languages:
                self._lexical[language] = self._lexical.get(language, frozenset()) | {name}
        # Per grammar: identifiers seen, and those that may match a name rule or a trigger. Identifiers repeat
        # across files and commits, so most are decided once per process.
        self._words: dict[str, _WordVerdicts] = {}

    # --- one file -------------------------------------------------------------------------------

    def view(self, fc: FileChange, settings: Settings, skipped: Counter[str]) -> FileView | None:
        lines = [text for _, text in fc.added_lines]
        numbers = [n for n, _ in fc.added_lines]
        joined = "\n".join(lines)
        if "\x00" in joined:
            skipped["nul_bytes"] += 1
            return None
        capped = False
        if len(joined) > settings.max_parse_bytes:  # chars >= bytes/4: a cheap first test
            data = joined.encode("utf-8", errors="replace")
            if len(data) > settings.max_parse_bytes:
                keep, size = 0, 0
                for line in lines:
                    size += len(line.encode("utf-8", errors="replace")) + 1
                    if size > settings.max_parse_bytes:
                        break
                    keep += 1
                lines, numbers = lines[:keep], numbers[:keep]
                joined = "\n".join(lines)
                skipped["capped_size"] += 1
                capped = True
        language = fc.language or language_for(fc.path, joined[:20_000])
        if language is None:
            return None
        grammar = grammar_for(language, joined[:20_000]) if language in ("c", "cpp", "objc") else None
        if grammar is None:
            grammar = grammar_for(language)
        return FileView(
            path=fc.path,
            language=language,
            grammar=grammar,
            lines=lines,
            line_numbers=numbers,
            source=joined.encode("utf-8", errors="replace"),
            capped=capped,
            is_test=is_test_path(fc.path),
        )

    def parse(self, f: FileView, settings: Settings, skipped: Counter[str]) -> dict[str, list[QueryMatch]]:
        """Parse the fragment and run the grammar's combined query; matches grouped by detector."""
        if f.grammar is None or not f.source:
            return {}
        compiled = self.queries.get(f.grammar)
        if compiled is None:
            return {}
        source = f.source
        words, triggered = self._relevant_words(f.grammar, compiled, source)
        if not (words or triggered or compiled.always_parse or any(t.search(source) for t in compiled.trigger_text)):
            return {}  # no structural pattern nor name rule can match: not worth a parse
        parser = self._parsers.get(f.grammar)
        deadline = time.monotonic() + settings.max_parse_seconds

        def read(offset: int, _point: object) -> bytes:
            return source[offset : offset + 65536]

        def over_budget(*_args: object) -> bool:
            return time.monotonic() > deadline

        try:
            if len(source) <= _DIRECT_PARSE_BYTES:
                tree = parser.parse(source)  # small: fast, and bounded well below the time budget
            else:
                tree = parser.parse(read, progress_callback=over_budget)
                # A tree parsed through a callback reads node text back through it (slow for predicates);
                # re-parsing the same bytes with the old tree and no edits is free and keeps the source.
                tree = parser.parse(source, old_tree=tree)
        except ValueError:  # cancelled by the progress callback
            parser.reset()
            skipped["parse_timeout"] += 1
            return {}
        f.root = tree.root_node
        # Query in byte windows, checking the clock between them: QueryCursor's own progress callback
        # crashes the 0.26 binding, and a pathological fragment can take seconds to match.
        cursor = QueryCursor(compiled.query, match_limit=4096)
        raw: list[tuple[int, dict[str, list[Node]]]] = []
        seen: set[tuple[object, ...]] = set()
        windows = range(0, len(source), _QUERY_WINDOW)
        for lo in windows:
            if lo and time.monotonic() > deadline:
                skipped["query_timeout"] += 1  # keep what was found so far
                break
            cursor.set_byte_range(lo, min(len(source), lo + _QUERY_WINDOW))
            for index, captures in cursor.matches(tree.root_node, _no_custom_predicates):
                if len(windows) > 1:  # a match across a window edge comes back once per window
                    key = (index, *sorted((k, n.start_byte) for k, nodes in captures.items() for n in nodes))
                    if key in seen:
                        continue
                    seen.add(key)
                raw.append((index, captures))
        grouped: dict[str, list[QueryMatch]] = {}
        for index, captures in raw:
            name, tag = compiled.owners[index]
            grouped.setdefault(name, []).append(QueryMatch(tag, captures))
        if words:
            self._match_names(compiled, words, tree.root_node, source, grouped)
        return grouped

    def _relevant_words(self, grammar: str, compiled: CompiledQuery, source: bytes) -> tuple[set[bytes], bool]:
        """(identifiers some name rule may match, whether any identifier matches a detector's trigger).

        Verdicts are kept per grammar in three sets, so a file costs set operations in C for the words
        seen before and a regex test only for new ones.
        """
        known = self._words.setdefault(grammar, _WordVerdicts())
        if len(known.seen) > _WORD_CACHE_MAX:
            known.clear()
        words = set(_WORD.findall(source))
        for word in words - known.seen:
            text = word.decode("ascii")
            grams = trigrams(text)
            known.seen.add(word)
            if compiled.name_filter is not None and compiled.name_filter.search(text, grams):
                known.names.add(word)
            if compiled.trigger_words is not None and compiled.trigger_words.search(text, grams):
                known.triggers.add(word)
        return words & known.names, not words.isdisjoint(known.triggers)

    @staticmethod
    def _match_names(
        compiled: CompiledQuery, words: set[bytes], root: Node, source: bytes, grouped: dict[str, list[QueryMatch]]
    ) -> None:
        """Name rules: test each distinct word of the fragment once, then find the nodes of those that match.

        A word inside a comment or string resolves to that comment or string node, not to a name node of the
        rule's types, so it does not count.
        """
        nodes: dict[bytes, list[Node]] = {}
        for found in _WORD.finditer(source):
            word = found.group(0)
            if word not in words:
                continue
            seen = nodes.setdefault(word, [])
            if len(seen) >= _NAME_OCCURRENCES:
                continue
            node = root.named_descendant_for_byte_range(found.start(), found.end())
            if node is not None and node.type in NAME_TYPES and node.end_byte - node.start_byte == len(word):
                seen.append(node)
        for word, found_nodes in nodes.items():
            text = word.decode("ascii")
            for rule in compiled.name_rules:
                matching = [n for n in found_nodes if n.type in rule.types]
                if matching and rule.regex.search(text):
                    grouped.setdefault(rule.detector, []).extend(QueryMatch(rule.tag, {"hit": [n]}) for n in matching)

    # --- one commit -----------------------------------------------------------------------------

    def run(self, commit: Commit, settings: Settings) -> tuple[list[Signal], list[FileResult], Counter[str]]:
        skipped: Counter[str] = Counter()
        results: list[FileResult] = []
        for fc in commit.files:
            if fc.vendored:
                skipped["vendored"] += 1
                continue
            if fc.binary or fc.submodule or not fc.added_lines:
                continue
            f = self.view(fc, settings, skipped)
            if f is None:
                continue
            grouped = self.parse(f, settings, skipped)
            result = FileResult(view=f, is_test=is_test_file(f))
            lexical = self._lexical.get(f.language or "", ())
            for name, det in self.detectors.items():
                if name not in grouped and name not in lexical:
                    continue
                hits: list[Hit] = []
                if name in grouped:
                    hits.extend(det.file_hits(f, grouped[name]))
                if name in lexical:
                    hits.extend(det.lexical_hits(f))
                if hits:
                    result.hits[name] = hits
            results.append(result)
        ctx = CommitContext(commit=commit, files=results)
        signals: list[Signal] = []
        for name, det in self.detectors.items():
            own: list[Signal] = []
            for r in results:
                if name not in r.hits:
                    continue
                for hit in strongest(r.hits[name], det.max_per_file):
                    own.append(
                        Signal(
                            kind=name,
                            weight=round(min(1.0, max(0.0, hit.weight)), 3),
                            language=r.view.language,
                            evidence=ctx.evidence(r.view, hit),
                            detail=hit.detail,
                        )
                    )
            own.extend(det.commit_signals(ctx))
            det.finalize(ctx, own)
            signals.extend(own)
        return signals, results, skipped


def strongest(hits: list[Hit], limit: int) -> list[Hit]:
    """The strongest hits, one per row, earliest first among equals."""
    seen: set[int] = set()
    out: list[Hit] = []
    for hit in sorted(hits, key=lambda h: (-h.weight, h.row)):
        if hit.row in seen:
            continue
        seen.add(hit.row)
        out.append(hit)
        if len(out) == limit:
            break
    return out


def is_test_path(path: str) -> bool:
    return bool(_TEST_PATH.search(path))


def is_benchmark_path(path: str) -> bool:
    """Benchmark scripts: they time kernels and layers, they are not where those are written."""
    return bool(_BENCHMARK_PATH.search(path))


def is_test_file(f: FileView) -> bool:
    if is_test_path(f.path):
        return True
    return f.language == "rust" and _RUST_TEST.search(f.source) is not None


def _no_custom_predicates(
    predicate: str,
    args: list[tuple[str, Literal["capture", "string"]]],
    pattern_index: int,
    captures: dict[str, list[Node]],
) -> bool:
    return True  # our patterns use only built-in predicates (#match?, #eq?, #any-of?)
