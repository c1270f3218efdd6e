"""The sample corpus's repositories: fictional projects modelled on real ML systems codebases, and where in
each one a kind of work lands (path, language, code generator)."""

from __future__ import annotations

from dataclasses import dataclass

from eval import corpus_code as cc

VENDOR_PREFIX = "ggml/"  # corpus/ggmlite keeps its library under ggml/, and corpus/llamalite vendors it there


@dataclass(frozen=True)
class Slot:
    work: str  # the kind of work a persona does: a skill key or "docs", "ci", "app", ...
    path: str
    language: str
    make: cc.ChunkFn
    isa: str | None = None  # for SIMD slots: the instruction set the code uses


@dataclass(frozen=True)
class RepoSpec:
    name: str  # owner/name
    category: str
    style: str  # commit message style: "ggml", "conventional", "bracket", "plain"
    slots: tuple[Slot, ...]
    first_year: int


def _s(work: str, path: str, language: str, make: cc.ChunkFn, isa: str | None = None) -> Slot:
    return Slot(work, path, language, make, isa)


def _simd_c(prefix: str) -> tuple[Slot, ...]:
    out: list[Slot] = []
    for isa, path in (("avx2", "x86/quants-avx2.c"), ("avx512", "x86/quants-avx512.c"), ("neon", "arm/quants-neon.c")):
        out.append(_s("simd", f"{prefix}ggml-cpu/arch/{path}", "c", cc.c_simd_quant_dot(isa), isa))
        out.append(_s("quantization", f"{prefix}ggml-cpu/arch/{path}", "c", cc.c_simd_quant_dot(isa), isa))
    for isa, path in (("avx2", "vec-avx2.cpp"), ("avx512", "vec-avx512.cpp"), ("neon", "vec-neon.cpp")):
        out.append(_s("simd", f"{prefix}ggml-cpu/{path}", "cpp", cc.c_simd_plain(isa), isa))
    return tuple(out)


def _docs_ci(docs: tuple[str, ...], ci: str) -> tuple[Slot, ...]:
    out = [_s("docs", p, "markdown", cc.md_doc) for p in docs]
    out += [_s("quant_claim", p, "markdown", cc.md_quant_claim) for p in docs]
    out.append(_s("ci", ci, "yaml", cc.ci_yaml))
    return tuple(out)


GGML_SRC = "ggml/src/"

REPOS: tuple[RepoSpec, ...] = (
    RepoSpec(
        "corpus/tensorkit",
        "Training Frameworks & Model Architecture",
        "conventional",
        (
            _s("raii_resource", "tensorkit-core/src/cuda_backend/device.rs", "rust", cc.rust_drop),
            _s("unsafe_rust", "tensorkit-core/src/cpu_backend/mod.rs", "rust", cc.rust_unsafe_slices),
            _s("unsafe_rust", "tensorkit-core/src/storage.rs", "rust", cc.rust_unsafe_slices),
            _s("ffi", "tensorkit-core/src/cuda_backend/ffi.rs", "rust", cc.rust_ffi_cuda),
            _s("ffi", "tensorkit-pyo3/src/lib.rs", "rust", cc.rust_pyo3),
            _s("memory_layout", "tensorkit-core/src/layout.rs", "rust", cc.rust_layout),
            _s("dtype_dispatch", "tensorkit-core/src/cpu_backend/utils.rs", "rust", cc.rust_dtype_generic),
            _s("quantization", "tensorkit-core/src/quantized/k_quants.rs", "rust", cc.rust_quant),
            _s("quantization", "tensorkit-core/src/quantized/avx.rs", "rust", cc.rust_simd_quant("avx2"), "avx2"),
            _s("quantization", "tensorkit-core/src/quantized/neon.rs", "rust", cc.rust_simd_quant("neon"), "neon"),
            _s("simd", "tensorkit-core/src/quantized/avx.rs", "rust", cc.rust_simd_quant("avx2"), "avx2"),
            _s("simd", "tensorkit-core/src/quantized/avx512.rs", "rust", cc.rust_simd_quant("avx512"), "avx512"),
            _s("simd", "tensorkit-core/src/quantized/neon.rs", "rust", cc.rust_simd_quant("neon"), "neon"),
            _s("quantization", "tensorkit-kernels/src/quantized.cu", "cuda", cc.cuda_dequant),
            _s("cuda_kernel", "tensorkit-kernels/src/unary.cu", "cuda", cc.cuda_unary),
            _s("cuda_kernel", "tensorkit-kernels/src/reduce.cu", "cuda", cc.cuda_reduce),
            _s("attention_kernel", "tensorkit-flash-attn/kernels/flash_fwd.cu", "cuda", cc.cuda_flash_attn),
            _s("metal_kernel", "tensorkit-metal-kernels/src/unary.metal", "metal", cc.metal_unary),
            _s("metal_kernel", "tensorkit-metal-kernels/src/reduce.metal", "metal", cc.metal_reduce),
            _s("quantization", "tensorkit-metal-kernels/src/quantized.metal", "metal", cc.metal_dequant),
            _s("gpu_shader", "tensorkit-wgpu/src/shaders/unary.wgsl", "wgsl", cc.wgsl_shader),
            _s("app", "tensorkit-examples/examples/generate.rs", "rust", cc.rust_app),
            _s("app", "tensorkit-pyo3/py_src/tensorkit/utils.py", "python", cc.py_app),
        )
        + _docs_ci(("tensorkit-book/src/guide.md", "README.md"), ".github/workflows/ci.yml"),
        2020,
    ),
    RepoSpec(
        "corpus/ggmlite",
        "Inference Runtimes & Engines",
        "ggml",
        (
            _s("quantization", GGML_SRC + "ggml-quants.c", "c", cc.c_quant_block),
            _s("ffi", "ggml/include/ggml.h", "c", cc.c_api_header),
            _s("cuda_kernel", GGML_SRC + "ggml-cuda/unary.cu", "cuda", cc.cuda_unary),
            _s("cuda_kernel", GGML_SRC + "ggml-cuda/norm.cu", "cuda", cc.cuda_reduce),
            _s("quantization", GGML_SRC + "ggml-cuda/dequantize.cu", "cuda", cc.cuda_dequant),
            _s("quantization", GGML_SRC + "ggml-cuda/mmq.cu", "cuda", cc.cuda_mmq),
            _s("attention_kernel", GGML_SRC + "ggml-cuda/fattn.cu", "cuda", cc.cuda_flash_attn),
            _s("raii_resource", GGML_SRC + "ggml-cuda/common.cpp", "cpp", cc.cpp_device_buffer),
            _s("dtype_dispatch", GGML_SRC + "ggml-cuda/convert.cu", "cuda", cc.cuda_dtype_dispatch),
            _s("metal_kernel", GGML_SRC + "ggml-metal/ggml-metal.metal", "metal", cc.metal_reduce),
            _s("metal_kernel", GGML_SRC + "ggml-metal/ggml-metal-ops.metal", "metal", cc.metal_unary),
            _s("quantization", GGML_SRC + "ggml-metal/ggml-metal-quants.metal", "metal", cc.metal_dequant),
            _s("gpu_shader", GGML_SRC + "ggml-vulkan/vulkan-shaders/unary.comp", "glsl", cc.glsl_shader),
            _s("app", "examples/python/convert.py", "python", cc.py_app),
        )
        + _simd_c(GGML_SRC)
        + _docs_ci(("docs/build.md", "README.md"), ".github/workflows/build.yml"),
        2022,
    ),
    RepoSpec(
        "corpus/llamalite",
        "Inference Runtimes & Engines",
        "ggml",
        (
            _s("serving", "src/llama-kv-cache.cpp", "cpp", cc.cpp_kv_cache),
            _s("serving", "tools/server/server.cpp", "cpp", cc.cpp_batch_scheduler),
            _s("raii_resource", "src/llama-cpp.h", "cpp", cc.cpp_unique_deleter),
            _s("memory_layout", "src/llama-graph.cpp", "cpp", cc.cpp_strides),
            _s("ffi", "include/llama.h", "c", cc.c_api_header),
            _s("app", "gguf-py/gguf/convert.py", "python", cc.py_app),
        )
        + _docs_ci(("docs/build.md", "README.md"), ".github/workflows/build.yml"),
        2023,
    ),
    RepoSpec(
        "corpus/flashkern",
        "GPU Kernels & Performance",
        "plain",
        (
            _s("attention_kernel", "csrc/flash_attn/src/flash_fwd_kernel.h", "cuda", cc.cuda_flash_attn),
            _s("attention_kernel", "hopper/flash_fwd_sm90.cu", "cuda", cc.cuda_flash_attn),
            _s("cuda_kernel", "csrc/flash_attn/src/softmax.cuh", "cuda", cc.cuda_reduce),
            _s("dtype_dispatch", "csrc/flash_attn/src/static_switch.h", "cuda", cc.cuda_dtype_dispatch),
            _s("kernel_fusion", "csrc/layer_norm/ln_fwd_kernels.cu", "cuda", cc.cuda_fused_ln),
            _s("kernel_fusion", "csrc/fused_dense_lib/fused_dense_cuda.cu", "cuda", cc.cuda_fused_ln),
            _s("raii_resource", "csrc/flash_attn/src/workspace.h", "cuda", cc.cpp_device_buffer),
            _s("app", "flash_attn/modules/mha.py", "python", cc.py_app),
            _s("app", "benchmarks/benchmark_flash_attention.py", "python", cc.py_app),
        )
        + _docs_ci(("README.md", "docs/usage.md"), ".github/workflows/publish.yml"),
        2022,
    ),
    RepoSpec(
        "corpus/mlxi",
        "Edge & On-Device ML",
        "bracket",
        (
            _s("metal_kernel", "mlxi/backend/metal/kernels/unary.metal", "metal", cc.metal_unary),
            _s("metal_kernel", "mlxi/backend/metal/kernels/reduce.metal", "metal", cc.metal_reduce),
            _s("attention_kernel", "mlxi/backend/metal/kernels/sdpa_vector.metal", "metal", cc.metal_sdpa),
            _s("quantization", "mlxi/backend/metal/kernels/quantized.metal", "metal", cc.metal_dequant),
            _s("raii_resource", "mlxi/backend/metal/allocator.cpp", "cpp", cc.metal_host_buffer),
            _s("memory_layout", "mlxi/ops.cpp", "cpp", cc.cpp_strides),
            _s("dtype_dispatch", "mlxi/backend/cpu/binary.cpp", "cpp", cc.cpp_dtype_template),
            _s("simd", "mlxi/backend/cpu/simd/neon_ops.cpp", "cpp", cc.c_simd_plain("neon"), "neon"),
            _s("simd", "mlxi/backend/cpu/simd/avx_ops.cpp", "cpp", cc.c_simd_plain("avx2"), "avx2"),
            _s("app", "python/mlxi/nn/layers.py", "python", cc.py_app),
            _s("app", "python/mlxi/utils.py", "python", cc.py_app),
            _s("training", "python/mlxi/optimizers/schedulers.py", "python", cc.py_training),
        )
        + _docs_ci(("docs/src/install.md", "README.md"), ".circleci/config.yml"),
        2023,
    ),
    RepoSpec(
        "corpus/tokenizer-rs",
        "Training Frameworks & Model Architecture",
        "bracket",
        (
            _s("tokenizer", "tokenizers/src/models/bpe/word.rs", "rust", cc.rust_tokenizer),
            _s("tokenizer", "tokenizers/src/pre_tokenizers/byte_level.rs", "rust", cc.rust_tokenizer),
            _s("tokenizer", "tokenizers/src/models/unigram/model.rs", "rust", cc.rust_tokenizer),
            _s("ffi", "bindings/python/src/models.rs", "rust", cc.rust_pyo3),
            _s("unsafe_rust", "tokenizers/src/utils/buffer.rs", "rust", cc.rust_unsafe_slices),
            _s("app", "bindings/python/py_src/tokenizer_rs/implementations/base.py", "python", cc.py_app),
        )
        + _docs_ci(("docs/source/quicktour.md", "README.md"), ".github/workflows/rust.yml"),
        2019,
    ),
    RepoSpec(
        "corpus/trainwell",
        "Training Frameworks & Model Architecture",
        "conventional",
        (
            _s("training", "trainwell/trainer.py", "python", cc.py_training),
            _s("training", "trainwell/optim/schedulers.py", "python", cc.py_training),
            _s("training", "trainwell/data/packing.py", "python", cc.py_training),
            _s("training", "trainwell/checkpoint.py", "python", cc.py_training),
            _s("app", "examples/finetune_llama.py", "python", cc.py_app),
            _s("kernel_fusion", "csrc/fused_layernorm.cu", "cuda", cc.cuda_fused_ln),
        )
        + _docs_ci(("docs/training.md", "README.md"), ".github/workflows/tests.yml"),
        2019,
    ),
    RepoSpec(
        "corpus/servelite",
        "LLM Serving & Inference",
        "bracket",
        (
            _s("serving", "servelite/core/block_manager.py", "python", cc.py_serving),
            _s("serving", "servelite/core/scheduler.py", "python", cc.py_serving),
            _s("serving", "servelite/core/prefix_caching.py", "python", cc.py_serving),
            _s("serving", "cpp/batch_manager/kv_cache_manager.cpp", "cpp", cc.cpp_kv_cache_manager),
            _s("serving", "cpp/batch_manager/capacity_scheduler.cpp", "cpp", cc.cpp_capacity_scheduler),
            _s("serving", "csrc/cache_kernels.cu", "cuda", cc.cuda_cache_kernels),
            _s("attention_kernel", "csrc/attention/paged_attention_v1.cu", "cuda", cc.cuda_paged_attention),
            _s("quantization", "csrc/quantization/awq/gemm_kernels.cu", "cuda", cc.cuda_mmq),
            _s("kernel_fusion", "csrc/layernorm_kernels.cu", "cuda", cc.cuda_fused_ln),
            _s("dtype_dispatch", "csrc/dispatch_utils.h", "cuda", cc.cuda_dtype_dispatch),
            _s("cuda_kernel", "csrc/activation_kernels.cu", "cuda", cc.cuda_unary),
            _s("app", "servelite/entrypoints/openai/api_server.py", "python", cc.py_app),
            _s("app", "benchmarks/benchmark_throughput.py", "python", cc.py_app),
        )
        + _docs_ci(("docs/serving.md", "README.md"), ".github/workflows/ci.yml"),
        2023,
    ),
)

REPO_BY_NAME: dict[str, RepoSpec] = {r.name: r for r in REPOS}
