"""The repo catalog: which repositories matter, what people call them, and where the systems work is.

Path rules are prefixes matched against a file path; the first matching rule wins, and unknown repos
fall back to language and content.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from models.errors import ScoutError

PathClass = Literal["systems", "application", "docs", "ci", "tests", "vendored"]


# The newsletter's twelve categories of ML systems work (../shared/seeds, the quarterly talent map), in its order.
CATEGORIES: tuple[str, ...] = (
    "GPU Kernels & Performance",
    "ML Compilers & Graph Optimization",
    "Distributed Training & Parallelism",
    "Inference Runtimes & Engines",
    "LLM Serving & Inference",
    "Training Frameworks & Model Architecture",
    "ML Platform & Orchestration",
    "Edge & On-Device ML",
    "Model Optimization & Compression",
    "Hardware-Software Co-Design",
    "ML Debugging & Tooling",
    "Agent Framework",
)
UNCATEGORIZED = "Uncategorized"


@dataclass(frozen=True)
class RepoInfo:
    name: str  # owner/name
    aliases: tuple[str, ...]
    category: str
    path_rules: tuple[tuple[str, PathClass], ...] = ()


CATALOG: dict[str, RepoInfo] = {
    r.name: r
    for r in (
        RepoInfo(
            "pytorch/pytorch",
            ("pytorch", "torch", "pytorch internals", "aten", "pytorch core"),
            "Training Frameworks & Model Architecture",
            (
                ("aten/src/ATen/", "systems"),
                ("c10/", "systems"),
                ("torch/csrc/", "systems"),
                ("torch/nn/", "application"),
                ("docs/", "docs"),
                (".github/", "ci"),
                ("test/", "tests"),
            ),
        ),
        RepoInfo(
            "ggml-org/llama.cpp",
            ("llama.cpp", "llamacpp", "llama cpp"),
            "Inference Runtimes & Engines",
            (
                ("ggml/src/", "systems"),
                ("src/", "systems"),
                ("examples/", "application"),
                ("tools/", "application"),
                ("docs/", "docs"),
                (".github/", "ci"),
                ("gguf-py/", "application"),
            ),
        ),
        RepoInfo(
            "ggml-org/ggml",
            ("ggml",),
            "Inference Runtimes & Engines",
            (
                ("src/", "systems"),
                ("include/", "systems"),
                ("examples/", "application"),
                ("docs/", "docs"),
                (".github/", "ci"),
                ("tests/", "tests"),
            ),
        ),
        RepoInfo(
            "ggml-org/whisper.cpp",
            ("whisper.cpp", "whispercpp"),
            "Edge & On-Device ML",
            (
                ("ggml/", "vendored"),
                ("src/", "systems"),
                ("examples/", "application"),
                ("bindings/", "application"),
                (".github/", "ci"),
            ),
        ),
        RepoInfo(
            "huggingface/candle",
            ("candle",),
            "Training Frameworks & Model Architecture",
            (
                # candle-flash-attn's kernels are copies of Dao-AILab/flash-attention: the porter did not write them.
                ("candle-flash-attn/kernels/", "vendored"),
                ("candle-flash-attn-v3/hkernel/", "vendored"),
                ("candle-kernels/", "systems"),
                ("candle-metal-kernels/", "systems"),
                ("candle-core/", "systems"),
                ("candle-nn/", "systems"),
                ("candle-flash-attn/", "systems"),
                ("candle-examples/", "application"),
                ("candle-pyo3/", "application"),
                ("candle-wasm-examples/", "application"),
                ("candle-book/", "docs"),
                (".github/", "ci"),
            ),
        ),
        RepoInfo(
            "tracel-ai/burn",
            ("burn",),
            "Training Frameworks & Model Architecture",
            (
                ("crates/burn-cubecl", "systems"),
                ("crates/burn-cuda", "systems"),
                ("crates/burn-wgpu", "systems"),
                ("crates/burn-ndarray", "systems"),
                ("crates/burn-tensor", "systems"),
                ("crates/burn-fusion", "systems"),
                ("crates/burn-candle", "systems"),
                ("crates/burn-tch", "systems"),
                ("crates/burn-jit", "systems"),
                ("examples/", "application"),
                ("burn-book/", "docs"),
                (".github/", "ci"),
            ),
        ),
        RepoInfo(
            "ml-explore/mlx",
            ("mlx", "apple mlx"),
            "Edge & On-Device ML",
            (
                ("mlx/backend/", "systems"),
                ("mlx/", "systems"),
                ("python/mlx/", "application"),
                ("python/tests/", "tests"),
                ("examples/", "application"),
                ("docs/", "docs"),
                (".github/", "ci"),
                (".circleci/", "ci"),
            ),
        ),
        RepoInfo(
            "huggingface/tokenizers",
            ("tokenizers", "hf tokenizers"),
            "Training Frameworks & Model Architecture",
            (
                ("tokenizers/src/", "systems"),
                ("bindings/python/py_src/", "application"),
                ("bindings/node/lib/", "application"),
                ("docs/", "docs"),
                (".github/", "ci"),
            ),
        ),
        RepoInfo("huggingface/safetensors", ("safetensors",), "Training Frameworks & Model Architecture"),
        RepoInfo(
            "vllm-project/vllm",
            ("vllm",),
            "LLM Serving & Inference",
            (("csrc/", "systems"), ("vllm/", "application"), ("docs/", "docs"), (".github/", "ci")),
        ),
        RepoInfo(
            "Dao-AILab/flash-attention",
            ("flash-attention", "flash attention repo", "flashattention"),
            "GPU Kernels & Performance",
            (("csrc/", "systems"), ("hopper/", "systems")),
        ),
        RepoInfo(
            "onnx/onnxruntime",
            ("onnxruntime", "onnx runtime", "ort"),
            "Inference Runtimes & Engines",
            (("onnxruntime/core/", "systems"), ("onnxruntime/python/", "application")),
        ),
        RepoInfo(
            "tensorflow/tensorflow",
            ("tensorflow", "tf", "tflite", "tensorflow lite"),
            "Training Frameworks & Model Architecture",
            (
                ("tensorflow/core/", "systems"),
                ("tensorflow/compiler/", "systems"),
                ("tensorflow/lite/", "systems"),
                ("tensorflow/python/", "application"),
            ),
        ),
        RepoInfo("NVIDIA/cutlass", ("cutlass",), "GPU Kernels & Performance"),
        RepoInfo("NVIDIA/TensorRT", ("tensorrt", "trt"), "Inference Runtimes & Engines"),
        RepoInfo("triton-lang/triton", ("triton",), "ML Compilers & Graph Optimization"),
        RepoInfo("AutoGPTQ/AutoGPTQ", ("autogptq", "auto-gptq"), "Model Optimization & Compression"),
        RepoInfo("mit-han-lab/llm-awq", ("llm-awq",), "Model Optimization & Compression"),
        RepoInfo(
            "huggingface/transformers", ("transformers", "hf transformers"), "Training Frameworks & Model Architecture"
        ),
        RepoInfo("tinygrad/tinygrad", ("tinygrad",), "ML Compilers & Graph Optimization"),
        RepoInfo("EricLBuehler/mistral.rs", ("mistral.rs", "mistralrs"), "LLM Serving & Inference"),
        RepoInfo("pytorch/ao", ("torchao", "pytorch ao"), "Model Optimization & Compression"),
        RepoInfo("huggingface/nanotron", ("nanotron",), "Distributed Training & Parallelism"),
    )
}


def classify_path(repo: str, path: str) -> PathClass | None:
    info = CATALOG.get(repo)
    if info is None:
        return None
    for prefix, cls in info.path_rules:
        if path.startswith(prefix):
            return cls
    return None


def check_category(value: str) -> str:
    """The category as written in CATEGORIES (case and spacing forgiven), else a one-line error listing them."""
    wanted = " ".join(value.split()).lower()
    for category in (*CATEGORIES, UNCATEGORIZED):
        if category.lower() == wanted:
            return category
    allowed = "; ".join((*CATEGORIES, UNCATEGORIZED))
    raise ScoutError(f"unknown category {value!r}: use one of {allowed}")


def category_of(repo: str, stored: str | None) -> str:
    """A repository's category: the one set for it (manifest, --category, `scout repos set-category`), else the
    catalog's default for a well-known repository, else Uncategorized."""
    if stored:
        return stored
    info = CATALOG.get(repo)
    return info.category if info is not None else UNCATEGORIZED
