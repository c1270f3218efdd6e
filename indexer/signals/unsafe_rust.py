"""Unsafe Rust: unsafe blocks, unsafe fns (and trait fn signatures), unsafe impls and traits.

Only syntax counts: `unsafe` in a string, a comment, `#![forbid(unsafe_code)]` or an identifier is no
evidence. Share of a person's Rust that is unsafe: the strongest unsafe_rust signal of each commit
carries detail {"summary": True, "unsafe_lines": n, "rust_lines": m}, where n is the number of the
commit's added Rust lines inside unsafe blocks/fns/impls and m its added non-blank, non-comment Rust
lines (test files included). Commits without unsafe emit no signal, so a person's unsafe share is
sum(unsafe_lines) / added Rust lines (Profile.languages["rust"]).
"""

from __future__ import annotations

from collections.abc import Sequence

from indexer.signals.base import CommitContext, Detector, FileView, Hit, QueryMatch
from models.records import Signal


class UnsafeRust(Detector):
    name = "unsafe_rust"
    trigger_words = r"^unsafe$"
    patterns = {
        "rust": (
            ("block", "(unsafe_block) @hit"),
            ("fn", '(function_item (function_modifiers) @m (#match? @m "unsafe")) @hit'),
            ("fn_signature", '(function_signature_item (function_modifiers) @m (#match? @m "unsafe")) @hit'),
            ("impl", '(impl_item "unsafe") @hit'),
            ("trait", '(trait_item "unsafe") @hit'),
        )
    }
    weights = {"block": 0.8, "fn": 0.9, "fn_signature": 0.8, "impl": 0.7, "trait": 0.8}

    def file_hits(self, f: FileView, matches: Sequence[QueryMatch]) -> list[Hit]:
        hits: list[Hit] = []
        for m in matches:
            node = m.node()
            if node is None:
                continue
            hits.append(
                Hit(
                    node.start_point.row,
                    self.weights[m.tag],
                    {"pattern": m.tag, "span": (node.start_point.row, node.end_point.row)},
                    end_row=node.end_point.row,
                )
            )
        return hits

    def finalize(self, ctx: CommitContext, signals: list[Signal]) -> None:
        if not signals:
            return
        unsafe_lines = 0
        rust_lines = 0
        for r in ctx.files:
            if r.view.language != "rust":
                continue
            code_rows = {row for row, _ in r.view.code_lines()}
            rust_lines += len(code_rows)
            covered: set[int] = set()
            for hit in r.hits.get(self.name, []):
                start, end = hit.detail["span"]
                covered.update(range(start, end + 1))
            unsafe_lines += len(covered & code_rows)
        for s in signals:
            s.detail.pop("span", None)
        top = max(signals, key=lambda s: s.weight)
        top.detail.update({"summary": True, "unsafe_lines": unsafe_lines, "rust_lines": rust_lines})
