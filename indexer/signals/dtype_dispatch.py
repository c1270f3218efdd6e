"""Templates and generics dispatched over element types.

C++/CUDA: explicit specializations and instantiations for an element type, templated calls and kernel
launches with half/bfloat16/fp8/int8 arguments, dispatch macros (AT_DISPATCH_*, DISPATCH_*), type traits
over element types, switches over dtype enums with two or more cases. Rust: matches over DType-like
enums with two or more element-type arms, generics bounded by element-type traits, impls of such traits.
detail: {"pattern": ..., "dtypes": [...]}.
"""

from __future__ import annotations

import re

from indexer.signals.base import Detector, FileView, Hit, QueryMatch, q

_LOW = (
    r"\b(half2?|__half2?|__nv_bfloat16(2|_raw)?|nv_bfloat16|bfloat16(_t)?|__bf16|_Float16|float16_t|c10::Half"
    r"|c10::BFloat16|at::Half|at::BFloat16|sycl::half|ggml_fp16_t|ggml_bf16_t|__nv_fp8_e4m3|__nv_fp8_e5m2"
    r"|__nv_fp8\w*|fp8_e4m3\w*|float8_e4m3\w*|int8_t|uint8_t|int4|f16|bf16|e4m3|e5m2|cutlass::half_t"
    r"|cutlass::bfloat16_t|block_i?q\w+|hip_bfloat16|__hip_bfloat16|mx::float16_t|mx::bfloat16_t|float16|bfloat16)\b"
)
_ANY = _LOW[:-3] + r"|float|double|int32_t|int64_t|uint32_t|int|float4|float2)\b"
_LOW_RX = re.compile(_LOW)
_ANY_RX = re.compile(_ANY)
_NOT_DISPATCH = re.compile(
    r"(^|::)(vector|array|span|static_cast|reinterpret_cast|const_cast|bit_cast|unique_ptr|shared_ptr|make_unique"
    r"|make_shared|numeric_limits|tuple|pair|optional|initializer_list|function|map|unordered_map|sizeof|get"
    r"|alignof|is_same|is_same_v|enable_if|conditional)$"
)
_ENUM_CASE = re.compile(
    r"case\s+[\w:]*?(GGML_TYPE_\w+|DType::\w+|ScalarType::\w+|at::k\w+|c10::k\w+|k(Half|BFloat16|Float8\w*|Float|Float16"
    r"|Float32|Float64|Double|Int8|Int16|Int32|Int64|UInt8|Bool|BFloat)\b|(mx|mlx)::\w*(float|int|uint|bool)\w*"
    r"|DT_\w+|CUDA_R_\w+|HIP_R_\w+|CUDNN_DATA_\w+|\w*_TYPE_(F16|F32|F64|BF16|I8|I16|I32|Q\w+|FP8\w*)\b|float16|bfloat16"
    r"|float32|int8|uint8|int32)"
)
_RUST_ARM = re.compile(
    r"\b(DType|GgmlDType|CpuStorage|CudaStorageSlice|MetalStorage|Storage|Self|S|DT|ElemType|Dtype|FloatDType|TensorData)"
    r"::(F16|BF16|F32|F64|U8|U32|I16|I32|I64|F8E4M3|F8E5M2|F6E2M3|F6E3M2|F4|Q\w+|Float16|BFloat16|Float32|Int8|U16)\b"
)
_RUST_TRAITS = (
    r"^((\w+::)*)(WithDType|FloatDType|NumDType|IntDType|Float|Element|FloatElement|IntElement|DeviceRepr"
    r"|CubeElement|Numeric|CubePrimitive|VecOps|GgmlType|ValidAsZeroBits|FloatLike)$"
)
_DISPATCH_MACRO = r"^(AT_DISPATCH_\w+|DISPATCH_\w+|\w+_DISPATCH\w*|TYPE_DISPATCH\w*|FLOATING_TYPES_DISPATCH\w*)$"


# The template arguments of the specialized or instantiated name: `foo<half, 4>(` or `struct bar<bf16> {`.
_TEMPLATE_ARGS = re.compile(r"\w\s*<((?:[^<>]|<[^<>]*>)*)>\s*(?:\(|\{|:|;|$)")


def dtypes(text: str, rx: re.Pattern[str] = _ANY_RX) -> list[str]:
    return sorted({m.group(0) for m in rx.finditer(text)})


class DtypeDispatch(Detector):
    name = "dtype_dispatch"
    trigger_words = (
        r"template|DISPATCH|^switch$|is_same|^(WithDType|FloatDType|NumDType|IntDType|Float|Element|FloatElement"
        r"|IntElement|DeviceRepr|CubeElement|Numeric|CubePrimitive|VecOps|GgmlType|ValidAsZeroBits|FloatLike)$"
    )
    trigger_text = (
        r"::(?:F16|BF16|F32|F64|U8|U32|I16|I32|I64|F8E4M3|F8E5M2|F6E2M3|F6E3M2|F4|Q\w+|Float16|BFloat16|Float32"
        r"|Int8|U16)\b[^\n]*=>",
    )
    patterns = {
        "cpp": (
            ("specialization", '(template_declaration parameters: (template_parameter_list) @p (#eq? @p "<>")) @hit'),
            ("instantiation", "(template_instantiation) @hit"),
            (
                "templated_call",
                "(call_expression function: (template_function name: (_) @name"
                " arguments: (template_argument_list) @args)) @hit",
            ),
            (
                "type_trait",
                '(template_function name: (_) @n (#match? @n "is_same(_v)?$")'
                " arguments: (template_argument_list) @args) @hit",
            ),
        ),
        "cfamily": (
            ("dispatch_macro", f"(call_expression function: (identifier) @hit (#match? @hit {q(_DISPATCH_MACRO)}))"),
            ("switch", "(switch_statement body: (compound_statement) @body) @hit"),
        ),
        "rust": (
            ("match", "(match_expression body: (match_block) @body) @hit"),
            (
                "trait_bound",
                f"(trait_bounds [(type_identifier) (scoped_type_identifier)] @hit (#match? @hit {q(_RUST_TRAITS)}))",
            ),
            (
                "trait_impl",
                f"(impl_item trait: [(type_identifier) (scoped_type_identifier)] @t (#match? @t {q(_RUST_TRAITS)})"
                " type: (_) @hit)",
            ),
        ),
    }
    weights = {
        "specialization": 0.9,
        "instantiation": 0.9,
        "templated_call": 0.75,
        "type_trait": 0.7,
        "dispatch_macro": 0.9,
        "switch": 0.8,
        "match": 0.85,
        "trait_bound": 0.6,
        "trait_impl": 0.8,
    }

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None:
            return None
        row = node.start_point.row
        weight = self.weights[m.tag]
        if m.tag in ("specialization", "instantiation"):
            head = f.text(node)[:400].split("{", 1)[0]
            found = [d for args in _TEMPLATE_ARGS.findall(head) for d in dtypes(args)]
            if not found:
                return None
        elif m.tag == "templated_call":
            name, args = m.node("name"), m.node("args")
            if name is None or args is None or _NOT_DISPATCH.search(f.text(name)):
                return None
            found = dtypes(f.text(args), _LOW_RX)
            if not found:
                return None
        elif m.tag == "type_trait":
            args = m.node("args")
            found = dtypes(f.text(args), _LOW_RX) if args is not None else []
            if not found:
                return None
        elif m.tag == "switch":
            body = m.node("body")
            text = f.text(body) if body is not None else ""
            cases = {c.group(1) for c in _ENUM_CASE.finditer(text)}
            if len(cases) < 2 or "(" not in text:
                return None
            first = _ENUM_CASE.search(text)
            row += text.count("\n", 0, first.start()) if first else 0
            found = sorted(cases)[:8]
        elif m.tag == "match":
            body = m.node("body")
            text = f.text(body) if body is not None else ""
            arms = {a.group(2) for a in _RUST_ARM.finditer(text)}
            if len(arms) < 2:
                return None
            first = _RUST_ARM.search(text)
            row = (body.start_point.row if body else row) + (text.count("\n", 0, first.start()) if first else 0)
            found = sorted(arms)[:8]
        else:
            found = [f.text(node)[:40]]
        return Hit(row, weight, {"pattern": m.tag, "dtypes": found})
