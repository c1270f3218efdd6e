"""Quantization: quantized block formats (block_q4_K, BlockQ8_0 structs; qs/qh/scales fields), quantize and
dequantize routines, low-bit matmuls and dot products (vec_dot_q4_K_q8_K, int4 GEMM, Marlin), GPTQ/AWQ code,
quantized type enums (GGML_TYPE_Q4_K, GgmlDType::Q4K), and packed-nibble bit twiddling next to them.

Names come from definitions and identifiers only; `quantize` in a comment or a string is not evidence.
detail: {"pattern": ..., "formats": ["Q4_K", "Q8_0", "int4", "GPTQ", ...]} (the formats named on the line).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Sequence

from indexer.signals import python_ast
from indexer.signals.base import Detector, FileView, Hit, QueryMatch, q
from indexer.signals.names import definition_patterns, merge, snake

# Matched against snake_case(name): dequantize_row_q4_k, block_q8_0, block_q4k, vec_dot_iq2_xxs_q8_k, w4a16_gemm.
_NAME = (
    r"(?i)(^|_)(de|re)?quanti[sz]\w*|(^|_)(de)?quant(_|$)|(^|_)i?q[1-8]_?(0|1|k)(_|$)|(^|_)iq[1-4]_(xxs|xs|s|m|nl)(_|$)"
    r"|(^|_)(gptq|awq|marlin|exllama\w*|nf4|mxfp4|int4|w4a16|w8a8|w4a8|w4a4|qlora|bnb)(_|$)|(^|_)k_quants(_|$)"
    r"|(^|_)ggml_type_i?q\w+"
)
_NAME_RX = re.compile(_NAME)
# A cheap prefilter for definition names (checked again with _NAME on the snake_case name).
_LOOSE = r"(?i)quant|q[1-8]_?[01k]|iq[1-4]|gptq|awq|marlin|exllama|nf4|mxfp4|int4|w[48]a|qlora|bnb|ggml_type"
_FIELDS = r"^(qs|qh|ql|scales|qsc|qsh|qzeros|scales_h|scales_l)$"
_FORMAT_RX = re.compile(
    r"(?i)(?<![a-z0-9])(i?q[1-8])_?(0|1|k|xxs|xs|s|m|nl)?(?=$|[^a-z0-9])|gptq|awq|int4|int8|nf4|mxfp4|fp8|marlin"
)
_NIBBLE_MASK = r"^(0x0?[fF]|15|0xF0)$"
_NIBBLE_LINE = re.compile(r">>\s*4\b|<<\s*4\b|&\s*0x0?[fF]\b|&\s*15\b|0xF0\b")


# Python: a definition named for quantization whose body does quantization arithmetic (rounding, clamping to a
# range, scales and zero points, bit packing, integer dtypes); a script that shells out to a quantize tool has none.
_PY_GATE = (b"quant", b"gptq", b"awq", b"int4", b"nf4", b"qzeros", b"marlin", b"exllama")
_PY_MATH_CALLS = frozenset({"round", "clamp", "clamp_", "clip", "floor", "ceil", "bitwise_and", "bitwise_or", "amax"})
_PY_MATH_NAMES = re.compile(
    r"(?i)^(scales?|zeros?|zero_points?|qmin|qmax|quant_min|quant_max|group_size|int8|uint8|int4|uint4|int32|qzeros|"
    r"qweight|packed\w*|eps)$"
)
_PY_MIN_SIGNS = 2


def formats(text: str) -> list[str]:
    found: set[str] = set()
    for m in _FORMAT_RX.finditer(snake(text)):
        if m.group(1):
            base, suffix = m.group(1).upper(), (m.group(2) or "").upper()
            if suffix:
                found.add(f"{base}_{suffix}")
        else:
            word = m.group(0).lower()
            found.add(word.upper() if word in ("gptq", "awq") else word)
    return sorted(found)


class Quantization(Detector):
    name = "quantization"
    trigger_words = (
        r"(?i)quant|i?q[1-8]|gptq|awq|marlin|exllama|nf4|mxfp4|int4|w[48]a|qlora|bnb|ggml_type|GgmlDType|GgmlType"
        r"|QuantType|^(qs|qh|ql|scales|qzeros|qsc|qsh)$"
    )
    patterns = merge(
        definition_patterns("definition", _LOOSE),
        {
            "cfamily": (
                ("call", f"(call_expression function: (identifier) @hit (#match? @hit {q(_NAME)}))"),
                ("type_enum", '((identifier) @hit (#match? @hit "^(GGML_TYPE_I?Q\\\\w+|GGML_FTYPE_MOSTLY_\\\\w+)$"))'),
                (
                    "block_field",
                    "(field_declaration declarator: (array_declarator declarator: (field_identifier) @hit"
                    f" (#match? @hit {q(_FIELDS)})))",
                ),
                (
                    "nibble",
                    f'(binary_expression operator: "&" right: (number_literal) @n (#match? @n {q(_NIBBLE_MASK)})) @hit',
                ),
            ),
            "rust": (
                (
                    "call",
                    f"(call_expression function: [(identifier) (scoped_identifier)] @hit (#match? @hit {q(_NAME)}))",
                ),
                (
                    "method",
                    "(call_expression function: (field_expression field: (field_identifier) @hit"
                    f" (#match? @hit {q(_NAME)})))",
                ),
                (
                    "type_enum",
                    '(scoped_identifier path: (identifier) @p (#match? @p "GgmlDType|QuantType|QuantizationType")'
                    " name: (identifier) @hit)",
                ),
                ("block_impl", '(impl_item trait: (type_identifier) @t (#eq? @t "GgmlType") type: (_) @hit)'),
                (
                    "nibble",
                    f'(binary_expression operator: "&" right: (integer_literal) @n (#match? @n {q(_NIBBLE_MASK)}))'
                    " @hit",
                ),
            ),
        },
    )
    weights = {
        "definition": 0.9,
        "call": 0.6,
        "method": 0.5,
        "type_enum": 0.6,
        "block_field": 0.8,
        "block_impl": 0.9,
        "nibble": 0.6,
    }

    lexical_languages = frozenset({"python"})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if f.is_test or not python_ast.mentions(f.source.lower(), _PY_GATE):
            return []
        found = python_ast.index(f.source)
        if found is None:
            return []
        hits: list[Hit] = []
        for fn in found.definitions:
            if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                continue
            if not _NAME_RX.search(snake(fn.name)) or _py_math_signs(fn) < _PY_MIN_SIGNS:
                continue
            detail = {"pattern": "py_definition", "formats": formats(fn.name)}
            hits.append(Hit(python_ast.row(fn), 0.7, detail))
        return hits[: self.max_per_file]

    def file_hits(self, f: FileView, matches: Sequence[QueryMatch]) -> list[Hit]:
        hits: list[Hit] = []
        nibbles: list[Hit] = []
        for m in matches:
            node = m.node()
            if node is None:
                continue
            text = f.text(node)
            row = node.start_point.row
            if m.tag == "definition" and (f.is_test or not _NAME_RX.search(snake(text))):
                continue
            if m.tag == "nibble":
                if len(_NIBBLE_LINE.findall(f.lines[row])) >= 2:
                    nibbles.append(Hit(row, self.weights[m.tag], {"pattern": m.tag, "formats": []}))
                continue
            hits.append(Hit(row, self.weights[m.tag], {"pattern": m.tag, "formats": formats(text)}))
        # Nibble packing alone is just bit twiddling; beside quantization names it is the packing code.
        if hits:
            hits.extend(nibbles)
            seen = sorted({fmt for h in hits for fmt in h.detail["formats"]})
            best = max(hits, key=lambda h: h.weight)
            best.detail["formats"] = seen
        return hits


def _py_math_signs(fn: ast.AST) -> int:
    """Distinct kinds of quantization arithmetic in a Python definition's body."""
    signs: set[str] = set()
    for node in ast.walk(fn):
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.RShift | ast.LShift | ast.BitAnd | ast.BitOr):
            signs.add("bits")
        elif isinstance(node, ast.Call):
            name = python_ast.dotted(node.func).rsplit(".", 1)[-1]
            if name in _PY_MATH_CALLS:
                signs.add(name)
        elif isinstance(node, ast.Name | ast.Attribute):
            name = node.id if isinstance(node, ast.Name) else node.attr
            if _PY_MATH_NAMES.match(name):
                signs.add(name.lower().rstrip("s"))
    return len(signs)
