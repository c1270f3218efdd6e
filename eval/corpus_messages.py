"""Commit messages in the styles real ML systems projects use: "ggml : ..." area prefixes, conventional
commits, "[Metal] ..." brackets and plain sentences with PR numbers; some carry benchmark numbers."""

from __future__ import annotations

import random
import re

from eval import corpus_code as cc

KERNEL_WORK = frozenset(
    {
        "cuda_kernel",
        "attention_kernel",
        "quantization",
        "simd",
        "metal_kernel",
        "kernel_fusion",
        "gpu_shader",
        "serving",
        "dtype_dispatch",
    }
)

_PREFIX = re.compile(r"^[A-Za-z][\w -]{0,20}: ")

PYTHON_CUDA_SUBJECTS = (
    "fix CUDA OOM when resuming from a checkpoint",
    "use torch.cuda.amp autocast in the eval loop",
    "set CUDA_VISIBLE_DEVICES in the multi-GPU example",
    "speed up dataloader on CUDA hosts with pinned memory",
)

QUANT_CLAIM_SUBJECTS = (
    "quantization: document {qt} and when to use it",
    "quantize : explain {qt} block layout in the docs",
    "docs : quantization guide for {qt}",
    "Improve quantization docs ({qt})",
)


def _area(path: str, style: str) -> str:
    checks = (
        ("ggml-cuda", ("CUDA", "cuda", "ggml-cuda")),
        ("ggml-metal", ("metal",)),
        ("ggml-vulkan", ("vulkan",)),
        ("ggml-cpu", ("ggml-cpu", "ggml")),
        ("ggml-quants", ("ggml", "ggml-quants")),
        ("ggml/include", ("ggml",)),
        ("kv-cache", ("llama", "kv-cache")),
        ("server", ("server",)),
        ("src/llama", ("llama",)),
        ("include/llama", ("llama",)),
        ("metal", ("Metal", "metal")),
        (".cu", ("cuda", "kernels")),
        ("quantized", ("quantized",)),
        ("tokenizers/", ("tokenizer", "bpe")),
        ("bindings/", ("python", "bindings")),
        ("pyo3", ("pyo3",)),
        ("docs", ("docs",)),
        ("README", ("docs",)),
        (".github", ("ci",)),
        (".circleci", ("ci",)),
        ("examples", ("examples",)),
        ("core/", ("core",)),
        ("trainer", ("trainer",)),
        ("layout", ("layout",)),
        ("cpu", ("cpu",)),
    )
    for needle, names in checks:
        if needle in path:
            return names[len(path) % len(names)]
    return "core"


def benchmark_line(r: random.Random, work: str, path: str, what: str) -> str:
    before = round(r.uniform(8.0, 95.0), 1)
    speedup = r.uniform(1.08, 2.4)
    after = round(before / speedup, 1)
    if "metal" in path or work == "metal_kernel":
        hw = r.choice(cc.APPLE)
    elif "neon" in what:
        hw = r.choice(("Graviton3", "Apple M2", "Snapdragon X Elite"))
    elif "avx" in what:
        hw = r.choice(("Ryzen 9 7950X", "Xeon 8480+", "i9-13900K"))
    elif work == "simd" or path.endswith((".c", ".rs")) and work == "quantization":
        hw = r.choice(cc.CPUS)
    else:
        hw = r.choice(cc.GPUS)
    op = r.choice(("matmul q4_K", "prompt processing", "tg128", "pp512", "attention fwd", "decode", "dequantize"))
    unit = r.choice(("ms", "ms", "us"))
    return f"{op}: {before} -> {after} {unit} on {hw} ({before / after:.2f}x)"


def compose(
    r: random.Random,
    style: str,
    path: str,
    work: str,
    what: str,
    *,
    bench: bool,
    rewrite: bool,
    pr: int,
) -> str:
    """Subject (+ body) for one commit."""
    area = _area(path, style)
    if style != "plain":
        what = _PREFIX.sub("", what, count=1)  # the style adds its own area prefix
    verb_what = what
    if rewrite and work in KERNEL_WORK:
        verb_what = r.choice(("optimize ", "rework ", "speed up ", "fix ")) + what
    if style == "ggml":
        subject = f"{area} : {verb_what}"
        if r.random() < 0.5:
            subject += f" (#{pr})"
    elif style == "conventional":
        kind = (
            "docs"
            if work in ("docs", "typo", "quant_claim")
            else "ci"
            if work == "ci"
            else ("perf" if bench or rewrite else r.choice(("feat", "feat", "fix", "refactor")))
        )
        subject = f"{kind}({area}): {verb_what}" if kind not in ("docs", "ci") else f"{kind}: {verb_what}"
    elif style == "bracket":
        tag = {"docs": "Docs", "typo": "Docs", "quant_claim": "Docs", "ci": "CI"}.get(work) or (
            "Kernel" if path.endswith((".cu", ".cuh", ".metal")) else area.capitalize()
        )
        subject = f"[{tag}] {verb_what[0].upper()}{verb_what[1:]}"
        if r.random() < 0.6:
            subject += f" (#{pr})"
    else:
        subject = f"{verb_what[0].upper()}{verb_what[1:]} (#{pr})"
    body: list[str] = []
    if bench:
        line = benchmark_line(r, work, path, what)
        if r.random() < 0.5:
            subject += f" — {line}"
        else:
            body.append("Benchmarks:\n\n```\n" + line + "\n```")
    if r.random() < 0.3:
        body.append(
            r.choice(
                (
                    "This PR adds the missing path and a test that compares against the reference implementation.",
                    "* keep the old path behind a flag for one release\n* add tests for odd sizes",
                    "Fixes a mismatch found while testing on the CI runners.",
                    "Follow-up to the previous refactor; no behaviour change intended.",
                )
            )
        )
    if style == "ggml" and r.random() < 0.3:
        body.append("ggml-ci")
    return subject + ("\n\n" + "\n\n".join(body) if body else "")
