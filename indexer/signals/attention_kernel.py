"""Attention kernels: flash/paged attention kernels and entry points defined in C++/CUDA/Metal/Rust, online
softmax (rescaling by exp(old_max - new_max) inside a kernel or function), KQ running max/sum state, and KV-cache
block tables. Calling an attention op from model code is not evidence; defining one is.

Python-hosted kernels (Triton, CuTe DSL, Pallas: flash-attention's `flash_attn/cute/` and its Triton backend for
AMD) count the same way, but only in a file that writes kernels (it imports or uses triton, cute, cutlass or
pallas): there a definition named for attention is a kernel or its entry point, and an online-softmax rescale
is one; elsewhere Python attention is model code. Tests and benchmarks do not count.
detail: {"pattern": ...}.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.signals.base import Detector, FileView, Hit, QueryMatch, q
from indexer.signals.engine import is_benchmark_path
from indexer.signals.names import definition_patterns, merge
from indexer.signals.python_lines import python_code_lines

_DEF_NAME = (
    r"(?i)flash_?attn|flash_?attention|flash_?decod|paged_?attention|paged_?attn|attn_?fwd|attn_?bwd|attention_?kernel"
    r"|_attn_ext|flash_?attn_ext|sdpa|scaled_dot_product|online_?softmax|fmha|mha_?(fwd|bwd|varlen)|decode_?attention"
    r"|multi_?query_?attention_?kernel|attention_?(fwd|bwd|forward_?kernel)"
)
_STATE = (
    r"(?i)^(kq|qk)_?(max|rowsum|row_sum|sum|m|l)(_\w+)?$"
    r"|^(m_prev|m_new|m_i|l_i|m_ij|l_ij|running_max|running_sum)$"
)
_BLOCK_TABLE = r"^(block_tables?|block_table_stride|kv_block_\w+|paged_kv_\w+|page_table|kv_indptr|kv_page_\w+)$"
# exp(m_prev - m_new), expf(M - m), exp2f(row_max_old - row_max), (prev_max - max).exp()
_RESCALE = re.compile(
    r"\b(__)?exp2?f?\s*\(\s*\(?\s*(?P<a>[\w.\[\]]+)\s*-\s*(?P<b>[\w.\[\]]+)\s*\)?"
    r"|\(\s*(?P<c>[\w.\[\]]+)\s*-\s*(?P<d>[\w.\[\]]+)\s*\)\s*\??\s*\.exp\(\)"
)
_MAXISH = re.compile(r"(?i)max|^m(_\w+)?$|^M\w*$|\.m$|^ms?$|^mx$")
_PY_KERNEL_FILE = re.compile(rb"\bimport triton\b|\bfrom triton\b|@triton\.|\bcutlass\b|\bcute\.|\bpallas\b")
_PY_DEFINITION = re.compile(rf"^\s*(?:async\s+)?(?:def|class)\s+(?P<name>\w*(?:{_DEF_NAME[4:]})\w*)", re.IGNORECASE)


def _is_rescale(found: re.Match[str]) -> bool:
    a = found.group("a") or found.group("c") or ""
    b = found.group("b") or found.group("d") or ""
    return bool(_MAXISH.search(a) and _MAXISH.search(b))


class AttentionKernel(Detector):
    name = "attention_kernel"
    trigger_words = _DEF_NAME
    patterns = merge(
        {k: v for k, v in definition_patterns("definition", _DEF_NAME).items()},
        {
            "cfamily": (
                ("softmax_state", f"((identifier) @hit (#match? @hit {q(_STATE)}))"),
                ("block_table", f"([(identifier) (field_identifier)] @hit (#match? @hit {q(_BLOCK_TABLE)}))"),
            ),
            "rust": (("block_table", f"([(identifier) (field_identifier)] @hit (#match? @hit {q(_BLOCK_TABLE)}))"),),
        },
    )
    weights = {"definition": 0.85, "online_softmax": 0.9, "softmax_state": 0.6, "block_table": 0.7}
    # The rescale step sits mid-function, and a diff's fragment rarely holds the whole function:
    # read it from code lines (comments dropped) rather than from a function node.
    lexical_languages = frozenset({"c", "cpp", "cuda", "hip", "metal", "rust", "python"})

    def file_hits(self, f: FileView, matches: Sequence[QueryMatch]) -> list[Hit]:
        hits: list[Hit] = []
        state: list[Hit] = []
        for m in matches:
            node = m.node()
            if node is None:
                continue
            if m.tag == "definition" and f.is_test:
                continue  # `fn flash_attn_gqa_test()` tests a kernel; tests_with_code credits that
            hit = Hit(node.start_point.row, self.weights[m.tag], {"pattern": m.tag})
            (state if m.tag == "softmax_state" else hits).append(hit)
        # KQ max/sum state names are common words; they count in kernel languages or beside other evidence.
        if hits or f.language in ("cuda", "hip", "metal"):
            hits.extend(state)
        return hits

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if f.language == "python":
            return self._python_kernel_hits(f)
        if b"exp" not in f.source:
            return []
        for row, line in f.code_lines():
            if "exp" not in line or len(line) > 400:
                continue
            for found in _RESCALE.finditer(line):
                if _is_rescale(found):
                    return [Hit(row, self.weights["online_softmax"], {"pattern": "online_softmax"})]
        return []

    def _python_kernel_hits(self, f: FileView) -> list[Hit]:
        """Attention written as a Python-hosted kernel: a definition named for it, or the online-softmax rescale."""
        name = f.path.rsplit("/", 1)[-1]
        bench = is_benchmark_path(f.path) or name.startswith("bench") or "benchmark" in name
        if f.is_test or bench or not _PY_KERNEL_FILE.search(f.source):
            return []
        hits: list[Hit] = []
        rescaled = False
        for row, line in python_code_lines(f):
            if _PY_DEFINITION.match(line):
                hits.append(Hit(row, self.weights["definition"], {"pattern": "definition"}))
            elif not rescaled and "exp" in line and any(_is_rescale(m) for m in _RESCALE.finditer(line)):
                hits.append(Hit(row, self.weights["online_softmax"], {"pattern": "online_softmax"}))
                rescaled = True
        return hits
