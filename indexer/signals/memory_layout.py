"""Memory layout: definitions of layout machinery (Layout types, stride/contiguity functions, NCHW/NHWC
conversions), offset arithmetic with strides (i*stride[d], i01*nb01, ld*row), and NCHW/NHWC/channels-last
handling. Calling .transpose() or .contiguous() from model code is not evidence.
detail: {"pattern": ...}.
"""

from __future__ import annotations

from collections.abc import Sequence

from tree_sitter import Node

from indexer.signals.base import Detector, FileView, Hit, QueryMatch, q
from indexer.signals.names import definition_patterns, merge, tokens

_LAYOUT_TOKENS = frozenset(
    {
        "stride",
        "strides",
        "strided",
        "contiguous",
        "noncontiguous",
        "layout",
        "nchw",
        "nhwc",
        "nwc",
        "ncw",
        "channels",
        "row",
        "col",
        "column",
        "major",
        "offsets",
        "permuted",
        "transposed",
        "broadcast",
        "ld",
    }
)
_CORE = frozenset({"stride", "strides", "strided", "contiguous", "noncontiguous", "layout", "nchw", "nhwc"})
_STRIDE_TEXT = (
    r"(^|[^\w])(nb[0-3]{1,2}|nb\[[^\]]+\]|strides?|\w+_strides?|strides?_\w+|ld[abcdo]?|row_stride|col_stride|stride\(\)"
    r"|strides\(\)|pitch|row_pitch)(\[[^\]]+\])?$"
)
_NCHW = r"(?i)nchw|nhwc|channels_?last|ChannelsLast|nhwc_to|to_nhwc|nchw_to"


_LITERALS = frozenset({"number_literal", "integer_literal", "float_literal"})


def _times_a_constant(node: Node) -> bool:
    parent = node.parent
    if parent is None:
        return False
    other = parent.child_by_field_name("left" if parent.child_by_field_name("right") == node else "right")
    return other is not None and other.type in _LITERALS


class MemoryLayout(Detector):
    name = "memory_layout"
    # "layout" and a `stride` config field are everywhere in tensor libraries: parse for stride arithmetic
    # (a multiplication next to a stride) or for layout vocabulary that only layout code uses.
    trigger_words = r"(?i)contiguous|nchw|nhwc|strided|channels_?last|^nb\d+$|^ld[abcdo]?$|pitch|^strides$"
    trigger_text = (
        r"(?:struct|class|enum)\s+\w*Layout\b",
        r"\*\s*[\w.>\[\]-]{0,40}(?:stride|nb\[)",
        r"(?:stride\w*|nb)(?:\[[^\]\n]{0,20}\]|\(\))?\s*\*[^*=/]",
    )
    patterns = merge(
        definition_patterns("definition", r"(?i)stride|contiguous|layout|nchw|nhwc"),
        {
            "cfamily": (
                ("stride_math", f'(binary_expression operator: "*" right: (_) @hit (#match? @hit {q(_STRIDE_TEXT)}))'),
                ("stride_math", f'(binary_expression left: (_) @hit operator: "*" (#match? @hit {q(_STRIDE_TEXT)}))'),
                ("nchw", f"([(identifier) (field_identifier) (type_identifier)] @hit (#match? @hit {q(_NCHW)}))"),
            ),
            "rust": (
                ("stride_math", f'(binary_expression operator: "*" right: (_) @hit (#match? @hit {q(_STRIDE_TEXT)}))'),
                ("stride_math", f'(binary_expression left: (_) @hit operator: "*" (#match? @hit {q(_STRIDE_TEXT)}))'),
                ("nchw", f"([(identifier) (field_identifier) (type_identifier)] @hit (#match? @hit {q(_NCHW)}))"),
            ),
        },
    )
    weights = {"definition": 0.85, "stride_math": 0.65, "nchw": 0.7}

    def file_hits(self, f: FileView, matches: Sequence[QueryMatch]) -> list[Hit]:
        hits: list[Hit] = []
        for m in matches:
            node = m.node()
            if node is None:
                continue
            if m.tag == "definition" and (f.is_test or not _CORE.intersection(tokens(f.text(node)))):
                continue
            if m.tag == "stride_math" and (len(f.text(node)) > 80 or _times_a_constant(node)):
                continue  # `2 * stride` sizes a range; layout code multiplies an index by a stride
            hits.append(Hit(node.start_point.row, self.weights[m.tag], {"pattern": m.tag}))
        return hits
