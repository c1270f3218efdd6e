"""Backend bring-up: adding or porting a compute backend or device (Vulkan, SYCL, OpenCL, ROCm/HIP, CANN,
WebGPU, Metal, MUSA, a new CPU architecture such as RISC-V, LoongArch, POWER or s390x, a new accelerator).

Text: a subject or PR title that introduces one ("add SYCL backend", "initial CANN support", "port to
s390x"), counted only when the commit also touches code. Code: the interface a new backend implements,
in a new file or in a commit whose text introduces a backend: ggml's `ggml_backend_<x>_reg/init/device_*`
definitions, Rust `impl Backend/BackendDevice/BackendStorage/Runtime/...Ops for <X>`, Python runtime
device classes (tinygrad's `class XDevice(Compiled)`) and PyTorch's private-use device registration. Work
inside an existing backend's kernels is gpu_shader or cuda_kernel, not this; nor is a CI toggle or a docs
line saying a backend is supported.
detail: {"pattern": ..., "backend": "SYCL" | "CANN" | "RISC-V" | ..., "source": "code" | "text"}.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from indexer.signals.base import TRAILER, CommitContext, Detector, FileView, Hit, QueryMatch, path_signal, q
from indexer.signals.names import tokens
from indexer.signals.python_lines import python_code_lines
from models.records import Signal

# Lower-case spelling -> how explanations name it.
BACKEND_NAMES = {
    "vulkan": "Vulkan",
    "sycl": "SYCL",
    "opencl": "OpenCL",
    "cl": "OpenCL",
    "rocm": "ROCm",
    "hip": "HIP",
    "amd": "AMD",
    "cann": "CANN",
    "ascend": "Ascend",
    "npu": "NPU",
    "webgpu": "WebGPU",
    "wgpu": "WebGPU",
    "metal": "Metal",
    "mps": "Metal",
    "musa": "MUSA",
    "kompute": "Kompute",
    "cuda": "CUDA",
    "nv": "CUDA",
    "hexagon": "Hexagon",
    "qnn": "QNN",
    "openvino": "OpenVINO",
    "coreml": "Core ML",
    "directml": "DirectML",
    "xpu": "XPU",
    "tpu": "TPU",
    "zdnn": "zDNN",
    "blas": "BLAS",
    "rpc": "RPC",
    "risc-v": "RISC-V",
    "riscv": "RISC-V",
    "riscv64": "RISC-V",
    "rvv": "RISC-V",
    "loongarch": "LoongArch",
    "loongarch64": "LoongArch",
    "loong64": "LoongArch",
    "s390x": "s390x",
    "ppc64": "POWER",
    "ppc64le": "POWER",
    "powerpc": "POWER",
    "power9": "POWER",
    "power10": "POWER",
    "wasm": "WebAssembly",
    "webassembly": "WebAssembly",
    "vk": "Vulkan",
    "tch": "LibTorch",
    "candle": "Candle",
    "ndarray": "ndarray",
    "cpu": "CPU",
    "amx": "AMX",
    "qcom": "QCOM",
    "adreno": "Adreno",
}
_AMBIGUOUS = (
    "cl",
    "nv",
    "amd",
    "blas",
    "rpc",
    "cpu",
    "candle",
    "ndarray",
    "tch",
)  # too short or too common in subjects to name a backend alone
_NAMES = r"risc-?v|loongarch(64)?|ppc64(le)?|power(9|10)|" + "|".join(
    sorted((re.escape(n) for n in BACKEND_NAMES if n not in _AMBIGUOUS), key=len, reverse=True)
)
_VERB = (
    r"(add(s|ed|ing)?|initial|introduc\w+|implement\w*|new|bring[- ]?up( of)?|enabl\w+|basic|experimental"
    r"|preliminary)"
)
# What may follow "... backend" in a subject that introduces one ("add SYCL backend (#123)", "... backend for
# Adreno GPUs"); "backend registry", "backend tests", "backend support for X" describe work on existing ones.
_BACKEND_END = r"(?=\s*($|[(.,:;!\[-]|(for|to|that|with|based|using|on|via|producing|targeting|in)\b))"
_NAME_END = r"(?=\s*($|[(.,:;!\[-]|(backend|devices?|gpus?|npus?|targets?|platforms?|cpus?|arch\w*)\b))"
_INTRODUCES = (
    # "add SYCL backend", "Initial ET backend", "add a new burn-flex CPU backend"
    re.compile(
        rf"\b{_VERB}\s+(a\s+|an\s+|the\s+)?(new\s+)?(?P<name>[\w.+-]+(\s+[\w.+-]+)?)\s+backend{_BACKEND_END}",
        re.IGNORECASE,
    ),
    # "initial CANN support for Ascend NPUs": a first version of a named backend, whatever follows
    re.compile(rf"\b(initial|experimental|preliminary)\s+(?P<name>{_NAMES})\s+(support|port|backend)\b", re.IGNORECASE),
    # "add s390x support", "add Ascend NPU port"
    re.compile(
        rf"\b{_VERB}\s+(\w+\s+)?(?P<name>{_NAMES})(\s+({_NAMES}))?\s+(support|port|target|device)\b"
        r"(?!\s+(for|of|in|on|to)\b)",
        re.IGNORECASE,
    ),
    # "port to RISC-V", "add support for LoongArch", "porting ggml to s390x"
    re.compile(
        rf"\b(port(s|ed|ing)?(\s+\w+)?\s+to|(add(s|ed|ing)?|initial|basic|experimental|preliminary)\s+support\s+for)"
        rf"\s+(the\s+)?(?P<name>{_NAMES}){_NAME_END}",
        re.IGNORECASE,
    ),
)
# Words that make the "name" before "backend" a description, not a backend ("fusion inside backends").
_NOT_A_NAME = frozenset({"for", "to", "of", "in", "on", "with", "support", "all", "inside", "and", "multiple", "ggml"})
_STILL_NEW = re.compile(r"(?i)\b(initial|experimental|preliminary|new|introduc\w+|bring[- ]?up)\b")
_PREFIX = re.compile(r"^\s*\[?([\w./+ -]{1,40}?)\]?\s*:")
_NAME_IN = re.compile(rf"\b({_NAMES})\b", re.IGNORECASE)

_GGML = (
    r"^ggml_backend_([a-z0-9]+)_(reg|init|guid|get_device_count|device_\w+|buffer_type|host_buffer_type"
    r"|get_proc_address|reg_\w+)$"
)
_GGML_NAME = re.compile(_GGML)
# ggml-backend's own API shares the prefix: `ggml_backend_buffer_init`, `ggml_backend_dev_init` are not a backend.
_GGML_CORE = frozenset(
    {
        "buffer",
        "buft",
        "dev",
        "reg",
        "sched",
        "event",
        "graph",
        "tensor",
        "alloc",
        "view",
        "get",
        "load",
        "register",
        "registry",
        "device",
        "backend",
        "supports",
        "offload",
        "synchronize",
        "free",
        "name",
        "is",
        "cpu",
        "compare",
        "multi",
        "init",
        "guid",
        "api",
        "score",
    }
)
# Backends for accelerators no other skill covers (NPUs, DSPs, a new GPU vendor's stack): making a model's ops run
# there is bringing that hardware up, so substantive code in such a backend's own tree counts, weaker than
# introducing one. GPU shader APIs (Vulkan, OpenCL, SYCL, WebGPU), Metal, CUDA and AMD have skills of their own.
_ACCELERATOR_PATH = re.compile(
    r"(?i)(?:^|/)(?:ggml-)?(?P<name>cann|ascend|hexagon|htp|openvino|musa|zdnn|qnn|npu)(?:/|[-_.][\w.-]*/|\.\w+$)"
)
_ACCELERATOR_NAMES = {"htp": "Hexagon"}  # Hexagon's device code lives in htp/ (the others are BACKEND_NAMES)
_ACCELERATOR_MIN_LINES = 10
_RESTRUCTURE = re.compile(r"(?i)\b(move[sd]?|moving|refactor\w*|renam\w+|split\w*|reorgani[sz]\w*|restructur\w*)\b")
_MANY_BACKENDS = 2  # a commit defining interfaces for more backends than this is a refactor across them
_RUST_TRAITS = (
    r"^(Backend|BackendStorage|BackendDevice|Runtime|ComputeServer|ComputeChannel|DeviceOps|FloatTensorOps|IntTensorOps"
    r"|BoolTensorOps|QTensorOps|ModuleOps|ActivationOps|TransactionOps|QuantizedBackend)$"
)
_PY_PREFILTER = re.compile(rb"Compiled|Allocator|privateuse1|_register_device_module")
_PY_RULES: tuple[tuple[re.Pattern[str], float], ...] = (
    (re.compile(r"^\s*class\s+(?P<name>\w+?)Device\(\s*(HCQCompiled|Compiled)\b"), 0.9),
    (re.compile(r"^\s*class\s+(?P<name>\w+?)Allocator\(\s*(HCQAllocator|LRUAllocator)\b"), 0.8),
    (
        re.compile(
            r"\b(rename_privateuse1_backend|_register_device_module|generate_methods_for_privateuse1_backend"
            r"|register_privateuse1_backend)\s*\("
        ),
        0.85,
    ),
)


def backend_display(raw: str) -> str:
    """How an explanation names a backend: `sycl` -> SYCL, `MetalDevice` -> Metal, `burn-flex CPU` -> burn-flex CPU."""
    word = raw.strip()
    stripped = re.sub(r"(Device|Storage|Backend|Runtime|Server|Channel)$", "", word) or word
    return BACKEND_NAMES.get(stripped.lower(), BACKEND_NAMES.get(word.lower(), stripped))


def _names_a_backend(name: str) -> bool:
    low = name.lower()
    return bool(set(tokens(name)) & set(BACKEND_NAMES)) or any(n in low for n in BACKEND_NAMES if len(n) >= 4)


def introduced_backend(line: str) -> str | None:
    """The backend a subject line introduces, or None ("add SYCL backend" -> SYCL)."""
    prefix = _PREFIX.match(line)
    for rx in _INTRODUCES:
        found = rx.search(line)
        if not found:
            continue
        name = found.group("name").strip()
        if _NOT_A_NAME.intersection(name.lower().split()):
            continue
        named = _NAME_IN.search(name)
        display = backend_display(named.group(0) if named else name)
        # "CPU/CUDA: add CUDA support" extends a backend the subject is already filed under.
        if prefix and display.lower() in prefix.group(1).lower() and not _STILL_NEW.search(line):
            continue
        return display
    return None


class BackendPort(Detector):
    name = "backend_port"
    trigger_words = (
        r"^(Backend|BackendStorage|BackendDevice|Runtime|ComputeServer|ComputeChannel|DeviceOps|\w+TensorOps|ModuleOps"
        r"|ActivationOps|TransactionOps|QuantizedBackend)$|^ggml_backend_"
    )
    patterns = {
        "cfamily": (
            ("ggml_backend", f"(function_declarator declarator: (identifier) @hit (#match? @hit {q(_GGML)}))"),
        ),
        "rust": (
            (
                "trait_impl",
                f"(impl_item trait: (type_identifier) @hit (#match? @hit {q(_RUST_TRAITS)}) type: (_) @type)",
            ),
            (
                "trait_impl",
                "(impl_item trait: (scoped_type_identifier name: (type_identifier) @hit"
                f" (#match? @hit {q(_RUST_TRAITS)})) type: (_) @type)",
            ),
        ),
    }
    weights = {"ggml_backend": 0.85, "trait_impl": 0.8}
    lexical_languages = frozenset({"python"})
    max_per_file = 2

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None or f.is_test:
            return None
        if m.tag == "ggml_backend":
            found = _GGML_NAME.match(f.text(node))
            if found is None or found.group(1) in _GGML_CORE:
                return None
            backend = backend_display(found.group(1))
        else:
            implementor = m.node("type")
            name = re.split(r"[<:\s]", f.text(implementor).strip())[0] if implementor is not None else ""
            # Decorators and routers implement the same traits (`Backend for Autodiff<B>`); a device is named.
            if not _names_a_backend(name):
                return None
            backend = backend_display(name)
        return Hit(node.start_point.row, self.weights[m.tag], {"pattern": m.tag, "backend": backend, "source": "code"})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if not _PY_PREFILTER.search(f.source):
            return []  # none of the rules' words: most Python files stop here
        if f.is_test:
            return []
        hits: list[Hit] = []
        for row, line in python_code_lines(f):
            for rx, weight in _PY_RULES:
                found = rx.search(line)
                if found:
                    raw = found.groupdict().get("name") or "PrivateUse1"
                    detail = {"pattern": "device_class", "backend": backend_display(raw), "source": "code"}
                    hits.append(Hit(row, weight, detail))
                    break
        return hits

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        if not ctx.touches_code():
            return []  # docs, CI or tests alone: a description or a toggle, not the bring-up
        for line in _headlines(ctx):
            backend = introduced_backend(line)
            if backend is not None:
                detail: dict[str, Any] = {"pattern": "text", "source": "text"}
                if backend != "new":
                    detail["backend"] = backend
                return [Signal(kind=self.name, weight=0.8, evidence=ctx.evidence(snippet=line[:300]), detail=detail)]
        return self._accelerator_work(ctx)

    def _accelerator_work(self, ctx: CommitContext) -> list[Signal]:
        """Ops written inside an accelerator backend's tree (ggml-cann/, ggml-hexagon/, ggml-openvino/)."""
        signals = path_signal(ctx, self.name, _ACCELERATOR_PATH, {}, 0.6, min_lines=_ACCELERATOR_MIN_LINES)
        for signal in signals:  # the backend of the file that held the code
            found = _ACCELERATOR_PATH.search(signal.evidence.path or "")
            name = found.group("name").lower() if found else ""
            signal.detail["backend"] = _ACCELERATOR_NAMES.get(name, backend_display(name))
        return signals

    def finalize(self, ctx: CommitContext, signals: list[Signal]) -> None:
        """Interface code counts in a new file or beside text introducing a backend; elsewhere it is upkeep."""
        introduced = any(s.detail.get("source") == "text" for s in signals)
        code_backends = {s.detail.get("backend") for s in signals if s.detail.get("source") == "code"}
        moved = not introduced and _RESTRUCTURE.search(ctx.commit.subject)  # files moved, not a backend born
        if len(code_backends) > _MANY_BACKENDS or moved:
            signals[:] = [s for s in signals if s.detail.get("source") == "text"]
            return
        new_files = {fc.path for fc in ctx.commit.files if fc.kind == "added"}
        signals[:] = [
            s
            for s in signals
            if s.detail.get("source") == "text"
            or s.detail.get("pattern") == "path"
            or introduced
            or s.evidence.path in new_files
        ]


def _headlines(ctx: CommitContext) -> Sequence[str]:
    """The subject, and the PR title (first line of its text): where bring-ups are announced."""
    lines = [ctx.commit.subject]
    if ctx.commit.pr_text:
        lines.append(ctx.commit.pr_text.strip().splitlines()[0] if ctx.commit.pr_text.strip() else "")
    return [line.strip() for line in lines if line and not TRAILER.match(line)]
