"""Labelled cases for the reformat classification: formatting or lint only, added ~= removed lines."""

from indexer.signals.labelled import Case, _code

D = "classify"

_METAL = "\n".join(f"    threadgroup float * shmem_{i} = (threadgroup float *) shmem + {i} * NW;" for i in range(40))
_RUST = "\n".join(f"    let x{i} = a.get({i}).copied().unwrap_or_default();" for i in range(20))
_CPP = "\n".join(f"    dst[{i}] = src0[{i}] * scale + bias[{i}];" for i in range(30))


def case(expect: set[str], path: str, code: str, removed: int, message: str, note: str) -> Case:
    return Case(
        D,
        bool(expect),
        ((path, _code(code)),),
        message=message,
        expect=frozenset(expect),
        note=note,
        removed={path: removed},
    )


CASES = [
    case(
        {"reformat"}, "ggml/src/ggml-metal/ggml-metal.metal", _METAL, 40, "metal : apply clang-format", "clang-format"
    ),
    case({"reformat"}, "candle-core/src/cpu/mod.rs", _RUST, 18, "Run cargo fmt", "cargo fmt"),
    case({"reformat"}, "src/ops.cpp", _CPP, 30, "Fix formatting in ops.cpp", "formatting"),
    case({"reformat"}, "burn-tensor/src/tensor/api.rs", _RUST, 22, "Fix clippy lints", "clippy lints"),
    case({"reformat"}, "mlx/backend/cpu/simd.h", _CPP, 28, "format: reflow simd helpers", "format prefix"),
    case(set(), "src/gguf.cpp", _CPP, 25, "Add GGUF v4 format support", "format of a file, not of code"),
    case(set(), "ggml/src/ggml-metal/ggml-metal.metal", _METAL, 0, "metal : clang-format the new kernels", "all added"),
    case(set(), "src/log.cpp", '    printf("%d\\n", x);\n', 1, "Fix formatting of log message", "tiny"),
    case(set(), "candle-core/src/cpu/mod.rs", _RUST, 19, "cpu: faster get with default", "balanced, no format word"),
    case(set(), "src/style_transfer.cpp", _CPP, 29, "add style transfer example op", "style in a feature name"),
]
