"""The sample corpus's 20 recruiter queries, in the format of docs/EVALUATION.md.

`require`, `repos` and `active_since` say what the sentence says, in the labels vocabulary of
eval.corpus (skill keys, language keys, ISA tags avx2/avx512/neon, tokenizer, training, docs, ci).
"""

from __future__ import annotations

THIS_YEAR = "2026-01-01"


def _q(
    n: int, text: str, require: list[list[str]], repos: list[str] | None = None, active_since: str | None = None
) -> dict[str, object]:
    return {"id": f"q{n}", "text": text, "require": require, "repos": repos or [], "active_since": active_since}


QUERIES: list[dict[str, object]] = [
    _q(1, "Rust engineers on tensorkit with quantization experience", [["rust"], ["quantization"]],
       ["corpus/tensorkit"]),
    _q(2, "C++ people who hand-write AVX-512 kernels, active this year, not Python-only",
       [["cpp", "c"], ["avx512"]], active_since=THIS_YEAR),
    _q(3, "CUDA attention kernel engineers", [["cuda"], ["attention_kernel"]]),
    _q(4, "Metal kernels on Apple silicon", [["metal_kernel"]]),
    _q(5, "Rust developers who write unsafe code and FFI bindings to CUDA", [["rust"], ["unsafe_rust"], ["ffi"]]),
    _q(6, "C++ or CUDA engineers who write RAII wrappers that free GPU memory",
       [["cpp", "cuda"], ["raii_resource"]]),
    _q(7, "LLM serving engineers who built KV-cache management and continuous batching", [["serving"]]),
    _q(8, "quantization kernel authors on ggmlite", [["quantization"]], ["corpus/ggmlite"]),
    _q(9, "Rust tokenizer developers", [["rust"], ["tokenizer"]]),
    _q(10, "NEON SIMD optimisation for ARM CPUs", [["neon"]]),
    _q(11, "engineers who write fused CUDA kernels", [["kernel_fusion"]]),
    _q(12, "dtype-dispatched templates over half and bfloat16", [["dtype_dispatch"]]),
    _q(13, "CUDA kernel engineers on llamalite active since 2025", [["cuda_kernel"]], ["corpus/llamalite"],
       "2025-01-01"),
    _q(14, "Metal engineers on mlxi who also know quantization", [["metal_kernel"], ["quantization"]],
       ["corpus/mlxi"]),
    _q(15, "C++ inference runtime engineers with tensor memory layout and strides experience",
       [["cpp"], ["memory_layout"]]),
    _q(16, "CUDA kernel engineers whose changes come with benchmark numbers", [["cuda_kernel"], ["benchmark_claim"]]),
    _q(17, "Rust developers who wrote CUDA kernels", [["rust"], ["cuda_kernel"]]),
    _q(18, "paged attention on servelite", [["attention_kernel"]], ["corpus/servelite"]),
    _q(19, "SIMD quantized dot products in C with AVX2", [["avx2"], ["quantization"]]),
    _q(20, "GPU kernel engineers (CUDA or Metal) active since May 2026", [["cuda_kernel", "metal_kernel"]],
       None, "2026-05-01"),
]  # fmt: skip
