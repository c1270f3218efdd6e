"""Low-precision numerics, apart from quantization: fp8 (e4m3/e5m2 and their scaling), bf16/fp16 arithmetic
and conversions, fp4/fp6 and the MX/NVFP4 block-scaled float formats, stochastic rounding, mixed-precision
training (autocast, grad scalers, loss scaling) and range handling (finfo of a low-precision type).

MX and NVFP4 sit between this skill and quantization: they are float formats (e2m1 elements, e8m0 or e4m3
scales), so their element conversions and tensor types count here, while quantization keeps its `mxfp4`
names (packing, GEMMs over quantized weights); a commit doing both feeds both.

C/C++/CUDA/Rust: defining conversion routines and low-precision types counts most (`float_to_bf16`,
`fp8_e4m3_to_f32`, `stochastic_round`); using conversion intrinsics (__float2half, __nv_cvt_*,
GGML_FP32_TO_FP16, _mm256_cvtph_ps, vcvt_f16_f32), half2 arithmetic intrinsics (__hfma2, __hmul2) and fp8/fp4
types counts less. Python (ast): definitions
with such names, Float8/MX tensor classes, `torch.float8_*` dtypes, `torch._scaled_mm`, `torch.finfo` of a
low-precision type, autocast and GradScaler. Passing `dtype=torch.bfloat16` or casting `.half()` in model
code is choosing a precision, not working on it, and does not fire; nor do configs and READMEs.
Commit subjects naming fp8, MX/NVFP4 formats, stochastic rounding or mixed precision count as text.
detail: {"pattern": ..., "format": "e4m3" | "e5m2" | "fp8" | "bf16" | "fp16" | "fp4" | "mxfp8" | ..., "source"?}.
"""

from __future__ import annotations

import ast
import re

from indexer.signals import python_ast
from indexer.signals.base import CommitContext, Detector, FileView, Hit, QueryMatch, q, regex_hits
from indexer.signals.engine import is_benchmark_path
from indexer.signals.names import definition_patterns, merge, snake
from models.records import Signal

_LP = r"(fp8|float8|f8|fp16|float16|f16|half|bf16|bfloat16|e4m3\w*|e5m2|fp4|float4|e2m1|fp6|e3m2|e2m3|mxfp\d|nvfp4|mx)"
_WIDE = r"(fp32|float32|f32|float|single)"
# Matched against snake_case(name): float_to_bf16, fp8_e4m3_to_f32, stochastic_round_bf16, to_mxfp8, Float8Tensor.
_DEF = (
    rf"(^|_){_LP}_?(to|2)_?{_WIDE}($|_)|(^|_){_WIDE}_?(to|2)_?{_LP}($|_)|stochastic_round|(^|_)sr_round"
    rf"|(^|_)(to|cast_to|convert_to|round_to)_{_LP}($|_)|(^|_)(float8|fp8|mxfp\d|nvfp4|mx)_(tensor|linear|cast|scale"
    r"|scaling|gemm|mm|matmul|training|config|recipe|quantize)|(^|_)(e4m3|e5m2|e2m1|e8m0)(_|$)|amax_to_scale"
    r"|(^|_)(loss|grad)_scaler?($|_)|(^|_)mixed_precision"
)
_DEF_RX = re.compile(_DEF)
_LOOSE = (
    r"(?i)fp8|float8|f8|fp16|f16|half|bf16|bfloat|e4m3|e5m2|e2m1|e8m0|fp4|fp6|mx|nvfp4|stochastic|sr_|amax|scaler|mixed"
)
_CONVERSIONS = (
    r"^(__float2half\w*|__half2float\w*|__float2bfloat16\w*|__bfloat162float\w*|__float22half2_rn|__half22float2"
    r"|__float22bfloat162_rn|__bfloat1622float2|__nv_cvt_\w+|__hip_cvt_\w+|GGML_(CPU_)?(FP32_TO_FP16|FP16_TO_FP32"
    r"|FP32_TO_BF16|BF16_TO_FP32)|ggml_(compute_|cpu_)?(fp16_to_fp32|fp32_to_fp16|bf16_to_fp32|fp32_to_bf16)\w*"
    r"|_cvtss_sh|_cvtsh_ss|_mm\d*_cvtph_ps|_mm\d*_cvtps_ph|_mm\d*_cvtneps_pbh|_mm\d*_cvtne2ps_pbh|vcvt_f16_f32"
    r"|vcvt_f32_f16|vcvt_high_f16_f32|vcvt_high_f32_f16|vcvtq_\w*f16\w*|vcvth_\w+)$"
)
# Explicit fp16/bf16 arithmetic intrinsics (CUDA/HIP half2 math): computing in half precision, not just storing it
# (packing intrinsics like __halves2half2 are data movement, common in quantized GEMMs, and do not count).
_HALF_MATH = (
    r"^(__h(add|sub|mul|div|fma|max|min|abs|neg)2?(_rn|_sat|_relu)?|__h2div|h2(exp|log|sqrt|rsqrt|rcp|sin|cos)"
    r"|hexp|hlog|hsqrt|hrsqrt|hrcp)$"
)
_FP8_TYPES = (
    r"^(__nv_fp8\w*|__nv_fp4\w*|__nv_fp6\w*|__hip_fp8\w*|float_e4m3_t|float_e5m2_t|float_e2m1_t|float_ue8m0_t"
    r"|float_ue4m3_t|Float8_e4m3fn\w*|Float8_e5m2\w*|Float8_e8m0fnu|Float4_e2m1fn_x2|F8E4M3|F8E5M2|F8E8M0|F6E2M3"
    r"|F6E3M2|F4E2M1|f8e4m3|f8e5m2|fp8_e4m3\w*|fp8_e5m2\w*)$"
)
_FORMAT_RX = re.compile(
    r"(?i)e4m3|e5m2|e2m1|e8m0|e3m2|e2m3|mxfp\d|nvfp4|mx_?fp\d|fp8|float8|f8|fp4|float4|fp6|bf16|bfloat16|fp16|float16"
    r"|f16|half"
)
_CANONICAL = {"float8": "fp8", "f8": "fp8", "bfloat16": "bf16", "float16": "fp16", "f16": "fp16", "half": "fp16"}
_PY_WORDS = (
    b"fp8", b"float8", b"f8", b"fp16", b"f16", b"half", b"Half", b"bf16", b"BF16", b"bfloat", b"e4m3", b"e5m2", b"e2m1",
    b"e8m0", b"fp4", b"FP4", b"float4", b"fp6", b"mx", b"MX", b"Mx", b"nvfp4", b"NVFP4", b"tochastic", b"sr_",
    b"amax", b"caler", b"ixed", b"oss_scal", b"_scaled_", b"finfo(", b"autocast", b"FP8", b"Float8",
)  # fmt: skip
# What any Python rule below needs: a definition named for a format, an fp8/fp4 dtype, a scaled mm, finfo of a
# low-precision type, autocast or a grad scaler (`dtype=torch.float16` alone is not enough to parse a file).
_PY_PREFILTER = re.compile(
    rb"(def|class) \w*(?i:fp8|float8|f8|fp16|f16|half|bf16|bfloat|e4m3|e5m2|e2m1|e8m0|fp4|fp6|mx|nvfp4|stochastic|sr_"
    rb"|amax|scaler|mixed|loss_scal)|torch\.float8|torch\.float4|_scaled_(grouped_)?mm|finfo\(|autocast|GradScaler"
)
_PY_DTYPE = re.compile(r"^torch\.(float8_\w+|float4_\w+)$")
_QUANT_PATH = re.compile(r"(?i)quant|gptq|awq|marlin|exllama|qdq|q_gemm|q4|q8|k_quants|gguf|ggml-quants")
_PY_MIXED = frozenset(
    {"torch.autocast", "torch.amp.autocast", "torch.cuda.amp.autocast", "autocast", "torch.amp.GradScaler",
     "torch.cuda.amp.GradScaler", "GradScaler", "torch.cpu.amp.autocast"}
)  # fmt: skip
_PY_LINES: tuple[tuple[re.Pattern[str], float, dict[str, object]], ...] = (
    (re.compile(r"^\s*(def|class)\s+\w*(float8|fp8|e4m3|e5m2|mxfp\d|nvfp4|to_bf16|to_fp16|stochastic_round)\w*"),
     0.9, {"pattern": "definition"}),
    (re.compile(r"\btorch\._scaled_(grouped_)?mm\("), 0.8, {"pattern": "scaled_mm"}),
    (re.compile(r"\btorch\.(float8_\w+|float4_\w+)"), 0.6, {"pattern": "fp8_dtype"}),
)  # fmt: skip
_SUBJECT = re.compile(
    r"(?i)\b(fp8|float8|e4m3|e5m2|mxfp[468]|nvfp4|mx ?formats?|microscaling|fp4|fp6|stochastic rounding"
    r"|mixed[- ]precision|loss[- ]scal(e|ing|er)|amp training"
    r"|bf16 (?:support|kernels?|arithmetic|conversions?|accum\w*)"
    r"|fp16 (?:support|kernels?|arithmetic|conversions?|overflow|accum\w*)|half[- ]precision)\b"
)
_NOT_SUBJECT = re.compile(r"(?i)\b(typo|readme|docs?|test|ci|bench\w*|lint\w*|ruff|reformat\w*|formatting|style)\b")


def format_of(text: str) -> str:
    """The most specific format a name or line mentions (`e4m3` over `fp8`, an MX format over its element)."""
    found = {_canonical(m.group(0)) for m in _FORMAT_RX.finditer(f"{snake(text)} {text}")}
    return min(found, key=_specificity) if found else ""


def _canonical(word: str) -> str:
    word = word.lower().replace("mx_fp", "mxfp")
    return _CANONICAL.get(word, word)


def _specificity(fmt: str) -> tuple[int, str]:
    if fmt.startswith(("mxfp", "nvfp")):
        return (0, fmt)
    return (1 if fmt.startswith("e") else 2, fmt)


class LowPrecision(Detector):
    name = "low_precision"
    lexical_languages = frozenset({"python"})
    # Structural patterns are the definitions (name rules need no trigger): names that convert or define formats.
    trigger_words = (
        r"(?i)(fp8|float8|f8|fp16|f16|half|bf16|bfloat16|e4m3|e5m2|fp4|e2m1|mxfp\d|nvfp4|mx)_?(to|2)_?"
        r"|(to|2)_?(fp8|float8|f8|fp16|f16|half|bf16|bfloat16|e4m3|e5m2|fp4|e2m1|mxfp|nvfp4|mx)"
        r"|stochastic|sr_?round|float8|fp8|e4m3|e5m2|e2m1|e8m0|mxfp|nvfp4|amax|loss_?scal|grad_?scal|mixed_?prec"
    )
    patterns = merge(
        definition_patterns("definition", _LOOSE),
        {
            "cfamily": (
                ("conversion", f"((identifier) @hit (#match? @hit {q(_CONVERSIONS)}))"),
                ("half_math", f"((identifier) @hit (#match? @hit {q(_HALF_MATH)}))"),
                ("fp8_type", f"([(identifier) (type_identifier)] @hit (#match? @hit {q(_FP8_TYPES)}))"),
            ),
            "rust": (
                ("conversion", f"((identifier) @hit (#match? @hit {q(_CONVERSIONS)}))"),
                ("fp8_type", f"([(identifier) (type_identifier)] @hit (#match? @hit {q(_FP8_TYPES)}))"),
            ),
        },
    )
    weights = {"definition": 0.9, "conversion": 0.5, "half_math": 0.4, "fp8_type": 0.6}

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None:
            return None
        if is_benchmark_path(f.path):
            return None
        text = f.text(node)
        if m.tag == "definition" and (f.is_test or not _DEF_RX.search(snake(text))):
            return None
        if m.tag in ("conversion", "half_math") and _QUANT_PATH.search(f.path):
            return None  # a dequantization writing fp16 out is quantization's evidence, not precision work
        fmt = format_of(text) or ("bf16" if "bfloat" in text else "fp16")  # __hmul2 and kin are fp16 unless named
        return Hit(node.start_point.row, self.weights[m.tag], {"pattern": m.tag, "format": fmt})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if f.is_test or is_benchmark_path(f.path):
            return []
        if not python_ast.mentions(f.source, _PY_WORDS) or not _PY_PREFILTER.search(f.source):
            return []
        found = python_ast.index(f.source)
        if found is None:
            return [_with_format(h, f.lines[h.row]) for h in regex_hits(f, _PY_LINES)]
        return _tree_hits(found)

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        subject = ctx.commit.subject
        found = _SUBJECT.search(subject)
        if found is None or _NOT_SUBJECT.search(subject):
            return []
        detail = {"pattern": "subject", "format": format_of(found.group(0)), "source": "text"}
        return [Signal(kind=self.name, weight=0.6, evidence=ctx.evidence(snippet=subject[:300]), detail=detail)]


def _with_format(hit: Hit, line: str) -> Hit:
    return Hit(hit.row, hit.weight, {**hit.detail, "format": format_of(line)}, hit.end_row)


def _tree_hits(found: python_ast.PyIndex) -> list[Hit]:
    hits: list[Hit] = []
    # autocast counts only in a training loop (with a scaler or a backward pass): in inference code it is a setting
    training = any(name.endswith(("backward", "GradScaler", ".scale")) for _call, name in found.calls)
    for node in found.definitions:
        if _DEF_RX.search(snake(node.name)) and not node.name.lower().startswith("test"):
            detail = {"pattern": "definition", "format": format_of(node.name), "name": node.name}
            hits.append(Hit(python_ast.row(node), 0.9, detail))
    for call, name in found.calls:
        hit = _call_hit(call, name, training)
        if hit is not None:
            hits.append(hit)
    for attribute, name in found.attributes:
        if _PY_DTYPE.match(name):
            hits.append(
                Hit(python_ast.row(attribute), 0.6, {"pattern": "fp8_dtype", "format": format_of(attribute.attr)})
            )
    return hits


def _call_hit(call: ast.Call, name: str, training: bool) -> Hit | None:
    row = python_ast.row(call)
    if name in ("torch._scaled_mm", "torch._scaled_grouped_mm"):
        return Hit(row, 0.8, {"pattern": "scaled_mm", "format": "fp8"})
    if name == "torch.finfo" and call.args:
        arg = python_ast.dotted(call.args[0])
        fmt = format_of(arg.rsplit(".", 1)[-1]) if arg.startswith("torch.") else ""
        if fmt:
            return Hit(row, 0.7, {"pattern": "range", "format": fmt})
    if name in _PY_MIXED and training:  # a training loop turning on AMP: weak beside the numerics themselves
        return Hit(row, 0.4, {"pattern": "mixed_precision", "format": "amp"})
    return None
