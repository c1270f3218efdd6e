"""Quantization: quantized block formats (block_q4_K, BlockQ8_0 structs; qs/qh/scales fields), quantize and
dequantize routines, low-bit matmuls and dot products (vec_dot_q4_K_q8_K, int4 GEMM, Marlin), GPTQ/AWQ code,
quantized type enums (GGML_TYPE_Q4_K, GgmlDType::Q4K), and packed-nibble bit twiddling next to them.

Names come from definitions and identifiers only; `quantize` in a comment or a string is not evidence.
detail: {"pattern": ..., "formats": ["Q4_K", "Q8_0", "int4", "GPTQ", ...]} (the formats named on the line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from indexer.signals import python_ast
from indexer.signals.base import Detector, FileView, Hit, QueryMatch, q
from indexer.signals.names import definition_patterns, merge, snake
from indexer.signals.python_lines import PyBlock, python_blocks

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


# Python: a definition counts on two kinds of evidence among its name (quantization words, qparams, fake-quant,
# QAT, observers; int4/uintx weight configs), its module's path (quantization/, qat/, gptq/, quant_*.py), the
# shape of quantization code (a tensor subclass or config base, `@implements(aten.linear)` on a quantized tensor)
# and its body (calls to quantize/dequantize/qparams primitives, >= 2 kinds of quantization arithmetic). A name
# alone is a script that shells out to a quantize tool; a path alone is a helper beside quantization code.
_PY_GATE = (b"quant", b"gptq", b"awq", b"int4", b"int8", b"intx", b"nf4", b"fp4", b"qzeros", b"marlin", b"exllama")
_PY_NAME_RX = re.compile(
    _NAME
    + r"|(^|_)(qparams|zero_points?|fake_quant\w*|observers?|qat|smoothquant|hqq|8da4w|qlinear|qmodule|autoround)(_|$)"
)
# A low-bit dtype in a name (Int8DynamicActivationInt4WeightConfig, nvfp4_bmm) says what the data is; `to_uint8` is a
# cast, so such a name needs the shape, a primitive call or a quantization module beside it, not arithmetic alone.
_PY_DTYPE_NAME_RX = re.compile(r"(^|_)(u?int[1-8]|u?intx|nvfp4|mxfp[4-8])(_|$)")
_PY_PATH = re.compile(
    r"(?i)(^|/)(quantization|quantize_?|quant|qat|gptq|awq|smoothquant|hqq|autoround|pt2e|quantizers?|mx_formats)/"
    r"|(^|/)(quant|q)_\w+\.py$|_quant\w*\.py$|(^|/)\w*quantiz\w*\.py$|(^|/)(gptq|awq|hqq|qlinear)\w*\.py$"
)
# Code that uses or shows quantization rather than writing it: examples, tutorials, benchmark and bench scripts.
_PY_NOT_SOURCE = re.compile(r"(?i)(^|/)(examples?|tutorials?|docs?|benchmarks?|bench|notebooks?)/")
_PY_SHAPE_BASES = re.compile(r"Quantiz|Observer|FakeQuant|TorchAOBaseTensor|AOBaseConfig|AQT|TensorImpl")
_PY_SHAPE_DECORATORS = re.compile(r"^@\w*implements\w*\(|^@(_?register_(quantize_module_handler|layout\w*|aqt_\w+))\b")
# Calls to quantization primitives; `quantize_(model, config)` is the user API that applies them, not one.
_PY_API_CALL = re.compile(
    r"(?<![\w.])(?:\w+\.)*(?!quantize_\()(\w*(de)?quanti[sz]e\w*|\w*qparams\w*|fake_quant\w*|\w*(un)?pack_u?int\w*"
    r"|_weight_int[48]pack_mm\w*|_convert_weight_to_int4pack\w*|\w*int_mm|int_scaled_matmul|to_nvfp4\w*|to_mx)\s*\("
)
_PY_MATH_CALL = re.compile(r"(?<![\w])(round|clamp_?|clip|floor|ceil|bitwise_and|bitwise_or|amax)\s*\(")
_PY_MATH_WORD = re.compile(
    r"(?i)(?<![\w])(scales?|zeros?|zero_points?|qmin|qmax|quant_min|quant_max|group_size|int8|uint8|int4|uint4|int32"
    r"|qzeros|qweight|packed\w*|eps)(?![\w])"
)
_PY_BITS = re.compile(r"<<|>>|&\s*(0x[0-9a-fA-F]+|\d+)\b")
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
        if f.is_test or _PY_NOT_SOURCE.search(f.path):
            return []
        in_quant_path = bool(_PY_PATH.search(f.path))
        if not in_quant_path and not python_ast.mentions(f.source.lower(), _PY_GATE):
            return []
        hits: list[Hit] = []
        for block in python_blocks(f):
            weight = _py_block_weight(block, in_quant_path)
            if weight:
                hits.append(Hit(block.row, weight, {"pattern": "py_definition", "formats": formats(block.name)}))
        return hits

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


def _py_block_weight(block: PyBlock, in_quant_path: bool) -> float:
    """0 unless two kinds of evidence agree (see _PY_NAME_RX above); a quantization name makes it stronger."""
    name = snake(block.name)
    named = bool(_PY_NAME_RX.search(name))
    dtype_named = not named and bool(_PY_DTYPE_NAME_RX.search(name))
    if not (named or dtype_named or in_quant_path):
        return 0.0
    body = "\n".join(block.body)
    signs = _py_math_signs(body)
    shape = (block.kind == "class" and bool(_PY_SHAPE_BASES.search(block.header))) or any(
        _PY_SHAPE_DECORATORS.match(d) for d in block.decorators
    )
    api = bool(_PY_API_CALL.search(body))
    if (named and (signs >= _PY_MIN_SIGNS or shape or api)) or (dtype_named and (shape or api)):
        return 0.7
    if in_quant_path and (signs >= _PY_MIN_SIGNS or shape or api or ((named or dtype_named) and signs)):
        return 0.6
    return 0.0


def _py_math_signs(body: str) -> int:
    """Distinct kinds of quantization arithmetic in a Python definition's body (strings and comments blanked)."""
    signs = {m.group(1).rstrip("_") for m in _PY_MATH_CALL.finditer(body)}
    signs |= {m.group(1).lower().rstrip("s") for m in _PY_MATH_WORD.finditer(body)}
    if _PY_BITS.search(body):
        signs.add("bits")
    return len(signs)
