"""The skill taxonomy: what Scout can see in code, shared by the detectors and by search.

Each skill names the detectors that feed it and the words recruiters use for it. Search matches
query phrases against `synonyms` and embeds `description` for paraphrases.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Skill:
    key: str
    label: str  # for summaries and explanations
    description: str
    synonyms: tuple[str, ...] = ()
    detectors: tuple[str, ...] = ()
    systems: bool = True  # counts as systems-level work


SKILLS: dict[str, Skill] = {
    s.key: s
    for s in (
        Skill(
            "raii_resource",
            "RAII around device and host memory",
            "C++ classes and Rust Drop impls that own GPU or host memory and free it on destruction",
            (
                "raii",
                "resource management",
                "memory management",
                "ownership",
                "destructor",
                "memory leak",
                "allocator",
                "smart pointer",
                "device memory",
            ),
            ("raii_resource",),
        ),
        Skill(
            "dtype_dispatch",
            "dtype-dispatched templates",
            "templates and generics dispatched over element types like half, bfloat16, int8 and float",
            (
                "dtype dispatch",
                "template metaprogramming",
                "templates",
                "type dispatch",
                "generics",
                "mixed precision",
                "fp16",
                "bf16",
                "bfloat16",
                "half precision",
            ),
            ("dtype_dispatch",),
        ),
        Skill(
            "simd",
            "SIMD intrinsics",
            "hand-written vectorized CPU code with SIMD intrinsics: SSE, AVX2, AVX-512, NEON, SVE, RVV, wasm simd",
            (
                "simd",
                "avx",
                "avx2",
                "avx-512",
                "avx512",
                "sse",
                "neon",
                "sve",
                "intrinsics",
                "vectorization",
                "vectorized",
                "vector code",
                "cpu kernels",
                "cpu optimization",
            ),
            ("simd",),
        ),
        Skill(
            "unsafe_rust",
            "unsafe Rust",
            "unsafe Rust blocks, functions and impls for raw pointers, intrinsics and FFI",
            ("unsafe rust", "unsafe", "raw pointers"),
            ("unsafe_rust",),
        ),
        Skill(
            "ffi",
            "FFI and C ABI bindings",
            "foreign function interfaces: extern C, repr(C), bindgen, C APIs exported from C++",
            ("ffi", "bindings", "extern c", "c api", "bindgen", "interop", "c abi"),
            ("ffi",),
        ),
        Skill(
            "python_bindings",
            "Python bindings",
            "native extension modules exposing Rust or C++ to Python (PyO3, pybind11, nanobind, the CPython "
            "C API) or to Node (N-API, napi-rs)",
            (
                "python bindings",
                "pyo3",
                "pybind11",
                "pybind",
                "nanobind",
                "python api",
                "python extension",
                "python extensions",
                "cpython",
                "c extension",
                "napi",
                "node bindings",
            ),
            ("python_bindings",),
            # Glue that exposes native code, not systems-level work in itself (the flag is informational:
            # systems_share comes from file classes, and ranking does not read it).
            systems=False,
        ),
        Skill(
            "tokenization",
            "tokenizer algorithms",
            "tokenizer implementations: BPE merges, WordPiece, Unigram and SentencePiece, byte-level encoding, "
            "normalizers and pre-tokenizers, vocab and merges handling",
            (
                # "tokenizer(s)" stays a word of the huggingface/tokenizers repo name for search/understand.py
                # (a preferred repo), which its tests pin; the algorithm words below name the skill.
                "tokenization",
                "bpe",
                "byte pair encoding",
                "byte-pair encoding",
                "wordpiece",
                "unigram",
                "sentencepiece",
                "byte-level bpe",
                "normalizer",
                "pre-tokenizer",
                "pre-tokenization",
                "vocab",
                "vocabulary",
                "merges",
            ),
            ("tokenization",),
        ),
        Skill(
            "cuda_kernel",
            "CUDA kernels",
            "CUDA and HIP GPU kernels: __global__ functions, shared memory, warp shuffles, tensor cores",
            (
                "cuda",
                "cuda kernels",
                "gpu kernels",
                "gpu kernel",
                "hip",
                "rocm",
                "tensor cores",
                "cutlass",
                "warp",
                "gpu programming",
                "kernel engineer",
                "kernels",
            ),
            ("cuda_kernel",),
        ),
        Skill(
            "metal_kernel",
            "Metal kernels",
            "Apple Metal compute kernels with threadgroup and simdgroup memory on Apple Silicon",
            ("metal", "metal kernels", "apple silicon", "metal shaders", "mps"),
            ("metal_kernel",),
        ),
        Skill(
            "gpu_shader",
            "GPU compute shaders",
            "portable GPU compute: Vulkan GLSL compute shaders, WGSL, OpenCL kernels, SYCL",
            ("vulkan", "wgsl", "webgpu", "opencl", "sycl", "compute shaders", "shaders", "wgpu"),
            ("gpu_shader",),
        ),
        Skill(
            "quantization",
            "quantization",
            "quantized weight formats and kernels: int4 and int8 blocks, scales, packed nibbles, "
            "quantize and dequantize routines, GPTQ, AWQ, GGUF k-quants",
            (
                "quantization",
                "quantize",
                "quantized",
                "dequantize",
                "dequantization",
                "int4",
                "int8",
                "4-bit",
                "8-bit",
                "low-bit",
                "gguf",
                "gptq",
                "awq",
                "k-quants",
                "q4_0",
                "q4_k",
                "q8_0",
                "low precision",
            ),
            ("quantization",),
        ),
        Skill(
            "attention_kernel",
            "attention kernels",
            "attention kernels: flash attention, online softmax, paged attention, tiled QK^T",
            (
                "attention",
                "flash attention",
                "flashattention",
                "paged attention",
                "pagedattention",
                "softmax",
                "attention kernels",
                "sdpa",
            ),
            ("attention_kernel",),
        ),
        Skill(
            "serving",
            "LLM serving",
            "LLM inference serving: KV cache management, continuous batching, schedulers, speculative decoding",
            (
                "serving",
                "inference serving",
                "kv cache",
                "kv-cache",
                "batching",
                "continuous batching",
                "speculative decoding",
                "scheduler",
                "inference server",
                "llm serving",
            ),
            ("serving",),
        ),
        Skill(
            "kernel_fusion",
            "kernel fusion",
            "fused GPU kernels and graph fusion passes: fused layer norm and residual, bias and activation",
            ("fusion", "kernel fusion", "fused kernels", "fused", "operator fusion", "graph optimization"),
            ("kernel_fusion",),
        ),
        Skill(
            "memory_layout",
            "memory layouts and strides",
            "tensor memory layout: strides, contiguity, NCHW versus NHWC, transposes and views",
            ("memory layout", "layout", "strides", "nchw", "nhwc", "contiguous", "zero-copy", "zero copy"),
            ("memory_layout",),
        ),
        Skill(
            "benchmark_claim",
            "benchmark-backed changes",
            "changes that report measured performance: latency, throughput, speedups on named hardware",
            (
                "benchmarks",
                "benchmark",
                "performance numbers",
                "speedup",
                "throughput",
                "latency",
                "performance",
                "optimization",
                "optimisation",
                "inference optimization",
            ),
            ("benchmark_claim",),
        ),
        Skill(
            "profiling",
            "profiling",
            "performance profiling with Nsight, ncu, nsys, perf, VTune, Instruments, Tracy, flame graphs",
            ("profiling", "profiler", "nsight", "perf", "vtune", "flame graph", "flamegraph"),
            ("profiling",),
        ),
        Skill(
            "tests_with_code",
            "tests with systems code",
            "tests written together with kernels and systems code",
            ("tested", "tests", "testing"),
            ("tests_with_code",),
        ),
        Skill(
            "code_review",
            "code review",
            "reviews given on pull requests, especially on performance-critical paths",
            ("code review", "reviewer", "reviews", "maintainer"),
            ("github_review",),
        ),
    )
}

LANGUAGES: dict[str, tuple[str, ...]] = {
    # language key -> words recruiters use for it
    "rust": ("rust", "rustacean", "rustaceans"),
    "cpp": ("c++", "cpp", "cxx"),
    "c": ("c",),
    "cuda": ("cuda",),
    "metal": ("metal",),
    "python": ("python", "pythonista"),
    "glsl": ("glsl",),
    "wgsl": ("wgsl",),
    "opencl": ("opencl",),
    "swift": ("swift",),
    "objc": ("objective-c", "obj-c"),
    "go": ("go", "golang"),
    "zig": ("zig",),
}

# How summaries and explanations name each language.
LANGUAGE_NAMES: dict[str, str] = {
    "rust": "Rust",
    "cpp": "C++",
    "c": "C",
    "cuda": "CUDA",
    "hip": "HIP",
    "metal": "Metal",
    "python": "Python",
    "glsl": "GLSL",
    "wgsl": "WGSL",
    "opencl": "OpenCL",
    "swift": "Swift",
    "objc": "Objective-C",
    "go": "Go",
    "zig": "Zig",
    "asm": "assembly",
}

SYSTEMS_LANGUAGES: frozenset[str] = frozenset(
    {"rust", "cpp", "c", "cuda", "metal", "glsl", "wgsl", "opencl", "hip", "asm", "zig", "objc"}
)

# Signal kind -> skill key: a kind is a skill key itself or one of a skill's detectors.
SKILL_FOR_KIND: dict[str, str] = {
    **{d: s.key for s in SKILLS.values() for d in s.detectors},
    **{k: k for k in SKILLS},
}
