"""Tests added together with kernel or systems code (a depth signal).

Fires when a commit adds test code (test files in any language, or inline Rust `#[test]`/`#[cfg(test)]`)
and, in the same commit, systems code: a kernel-level detector fired on a file, or at least a few added
code lines in a systems language outside tests, examples and docs. Evidence is the first test definition
added. detail: {"tests": n test files, "kernel_evidence": [detector names]}.
"""

from __future__ import annotations

import re

from indexer.signals.base import CommitContext, Detector, FileResult, Hit
from indexer.signals.classify import file_class
from indexer.signals.engine import is_test_path
from models.records import FileChange, Signal
from models.taxonomy import SYSTEMS_LANGUAGES

KERNEL_DETECTORS = (
    "cuda_kernel",
    "metal_kernel",
    "gpu_shader",
    "simd",
    "quantization",
    "attention_kernel",
    "kernel_fusion",
    "dtype_dispatch",
    "raii_resource",
    "unsafe_rust",
    "memory_layout",
    "triton_kernel",
)
_TEST_DEF = re.compile(
    r"#\[test\]|#\[cfg\(test\)\]|\bfn\s+test_\w+|\bdef\s+test_\w+|\bTEST(_F|_P)?\s*\(|TEST_CASE\s*\(|"
    r"\bit\s*\(\s*['\"]|\bclass\s+Test\w+|\bassert(_eq|_close)?!?\s*\(|\bstatic\s+\w+\s+test_\w+\s*\("
)
_MIN_SYSTEMS_LINES = 5


# The line shown as evidence: a test definition if one was added, else an assertion, else the first code line.
_TEST_HEAD = re.compile(
    r"#\[test\]|\bfn\s+test_\w+|\bdef\s+test_\w+|\bTEST(_F|_P)?\s*\(|TEST_CASE\s*\(|\bstruct\s+test_\w+"
    r"|\bclass\s+Test\w+|\bstatic\s+\w+\s+test_\w+\s*\("
)


def _test_row(r: FileResult) -> int:
    for rx in (_TEST_HEAD, _TEST_DEF):
        for row, line in enumerate(r.view.lines):
            if rx.search(line):
                return row
    return next((row for row, _ in r.view.code_lines()), 0)


class TestsWithCode(Detector):
    name = "tests_with_code"

    @staticmethod
    def _enough_systems_code(ctx: CommitContext, code_files: list[FileResult]) -> bool:
        lines = 0
        for r in code_files:
            if r.view.language not in SYSTEMS_LANGUAGES:
                continue
            if file_class(ctx.commit.repo, FileChange(path=r.view.path, language=r.view.language)) != "systems":
                continue
            for _ in r.view.code_lines():
                lines += 1
                if lines >= _MIN_SYSTEMS_LINES:
                    return True
        return False

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        tests = [r for r in ctx.files if r.is_test]
        if not tests:
            return []
        code_files = [r for r in ctx.files if not is_test_path(r.view.path)]
        kernel = sorted({name for r in code_files for name in KERNEL_DETECTORS if r.hits.get(name)})
        if not kernel and not self._enough_systems_code(ctx, code_files):
            return []
        # Inline Rust tests in the only systems file: tests exist only if a test definition was added.
        real_tests = [r for r in tests if r.view.language != "rust" or _TEST_DEF.search(r.view.source.decode())]
        if not real_tests:
            return []
        best = real_tests[0]
        hit = Hit(_test_row(best), 0.8 if kernel else 0.6)
        return [
            Signal(
                kind=self.name,
                weight=hit.weight,
                language=best.view.language,
                evidence=ctx.evidence(best.view, hit),
                detail={"tests": len(real_tests), "kernel_evidence": kernel},
            )
        ]
