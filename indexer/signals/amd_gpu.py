"""AMD GPU work: HIP/ROCm kernels, AMD runtime and driver code (KFD, HSA, AQL and PM4 packets, SDMA), Triton and
Python kernels aimed at AMD GPUs, and gfx/RDNA/CDNA targeting, in whatever language it was written.

Much AMD GPU work is Python (tinygrad's AMD runtime, a Triton backend for ROCm, `torch.version.hip` paths) and
so invisible to cuda_kernel, which sees AMD only as a detail of CUDA-style kernels. Evidence here:

- code in a file whose path names AMD (a `hip`, `rocm`, `amd`, `amdgpu`, `kfd`, `hsa`, `cdna`/`rdna`, `gfx9xx`
  directory or file-name token, a `.hip` file, tinygrad's `runtime/support/am/`), weaker than a telling line;
- AMD-only code anywhere: amdgcn builtins, MFMA/WMMA-for-AMD, gfx targets, rocWMMA/hipBLASLt/rocBLAS, HIP API
  calls, KFD ioctls, HSA/AQL/PM4/SDMA packet construction, `AMD...` runtime classes, AMD-only Triton knobs
  (`waves_per_eu`, `matrix_instr_nonkdim`, `kpack`), and `torch.version.hip`/`is_hip()` branches or choices
  with real code in them (a one-line skip or return is not AMD work);
- CUDA-style kernels (cuda_kernel's hits) in an AMD file or a commit whose subject is about AMD alone;
- a subject about AMD/ROCm/HIP and not CUDA (nor an AMD CPU) in a commit that touches non-test code.

Tests, comments, strings and docstrings never count (a gfx target is read from a string only on a line of code);
nor do preprocessor guards (`#ifdef GGML_USE_HIP` fences AMD *out* of CUDA code as often as in), includes,
`amd64` or `x86_64` architecture names, or CI and docs (no code language).
detail: {"pattern": ..., "hardware": "AMD", "layer": "kernel" | "runtime" | "triton" | "build", "source": ...}.
"""

from __future__ import annotations

import re
from typing import Any

from indexer.signals.base import CommitContext, Detector, FileView, Hit
from indexer.signals.engine import is_benchmark_path
from indexer.signals.python_lines import python_code_lines
from models.records import Signal

HARDWARE = "AMD"
_C_LANGUAGES = frozenset({"c", "cpp", "cuda", "hip"})

# Path tokens (split on / _ . -) that place a file on AMD GPUs; `amd64` or `x86_64` are other tokens.
_PATH_TOKENS = frozenset(
    {"hip", "rocm", "amd", "amdgpu", "amdgcn", "hipify", "kfd", "hsa", "rocblas", "hipblas", "hipblaslt",
     "rocwmma", "cdna", "cdna2", "cdna3", "cdna4", "rdna", "rdna2", "rdna3", "rdna4", "aiter", "ck", "amdev", "hiprtc"}
)  # fmt: skip
_GFX_TOKEN = re.compile(r"^gfx\d{3,4}[a-z]?$")
_PATH_SPLIT = re.compile(r"[/_.\-]+")
# tinygrad's own driver: runtime/support/am/, autogen/am/ (the bare token `am` is too common elsewhere).
_AM_DIR = re.compile(r"(?:^|/)(?:runtime/support|autogen)/am/")
_CPU_PATH = re.compile(r"(?i)(?:^|[/_.\-])(?:cpu|x86|x86_64|avx\w*|zen\d?)(?:[/_.\-]|$)")
# Other backends tune for AMD too (ggml-vulkan's `AMD_GCN` paths): that is their shader work, not AMD GPU work.
_OTHER_BACKEND_PATH = re.compile(
    r"(?i)(?:^|[/_.\-])(?:vulkan|vk|sycl|opencl|metal|webgpu|wgpu|cann|musa|kompute|spirv|cpu|x86)(?:[/_.\-]|$)"
)
_SETUP = re.compile(r"(?:^|/)(?:setup\.py|CMakeLists\.txt|build\w*\.py|\w*\.cmake)$")

# --- C, C++, CUDA and HIP ----------------------------------------------------------------------------------
_C_WORDS = (
    b"amdgcn", b"gfx", b"GFX", b"hip", b"HIP", b"rocm", b"ROCM", b"RDNA", b"CDNA", b"rdna", b"cdna", b"rocwmma",
    b"AMD", b"amd", b"mfma", b"MFMA", b"hsa_", b"HSA_", b"kfd", b"KFD",
)  # fmt: skip
_C_RULES: tuple[tuple[re.Pattern[str], float, str, str], ...] = (
    (re.compile(r"__builtin_amdgcn_\w+|\bv_(?:mfma|wmma|dot\d)\w*|\b__gfx\d+__"), 0.95, "amdgcn", "kernel"),
    (re.compile(r"\brocwmma::|\bhipblasLt\w*\(|\bhipblas\w+\(|\brocblas_\w+\("), 0.8, "amd_library", "kernel"),
    (re.compile(r"\bhsa_\w+\(|\bHSA_PACKET_\w+|\bAMDKFD_IOC_\w+|\bkfd_ioctl_\w+|\bPACKET3_\w+"), 0.85, "packet",
     "runtime"),
    (re.compile(r"\bhip[A-Z]\w+\s*\(|\bhipLaunchKernelGGL\b"), 0.7, "hip_api", "kernel"),
)  # fmt: skip
# Identifier tokens of AMD-only code: `GGML_CUDA_CC_IS_RDNA3(cc)`, `AMD_MFMA_AVAILABLE`, `amd_wmma_available`.
_C_IDENT = re.compile(r"[A-Za-z_]\w*")
_C_AMD_TOKENS = frozenset(
    {"rdna", "rdna1", "rdna2", "rdna3", "rdna3_5", "rdna4", "cdna", "cdna1", "cdna2", "cdna3", "cdna4", "mfma",
     "amdgcn", "amdgpu", "rocm", "hip", "gcn", "wmma_amd", "rocwmma"}
)  # fmt: skip
# Every rule and token above contains one of these: a line without any cannot name AMD, so it is not read further.
_C_LINE_HINT = re.compile(r"(?i)rdna|cdna|mfma|amd|rocm|hip|gcn|gfx|wmma|v_dot|rocblas|hsa|kfd|packet3")
_PREPROCESSOR_SKIP = re.compile(r"^#\s*(?:if|ifdef|ifndef|elif|else|endif|error|pragma|include|undef|warning)\b")
_DEFINE = re.compile(r"^#\s*define\b")
_CPU_LINE = re.compile(r"(?i)cpuid|\bx86|\bzen\d?\b|_cpu\b|\bcpu_|avx")

# --- Python ---------------------------------------------------------------------------------------------
_PY_WORDS = (
    b"hip", b"HIP", b"rocm", b"ROCM", b"ROCm", b"amd", b"AMD", b"gfx", b"kfd", b"hsa", b"PACKET3", b"waves_per_eu",
    b"matrix_instr_nonkdim", b"kpack", b"aiter", b"cdna", b"rdna", b"CDNA", b"RDNA", b"pm4", b"sdma", b"mfma",
)  # fmt: skip
# Line rules on code with strings blanked: (pattern, weight, tag, layer).
_PY_RULES: tuple[tuple[re.Pattern[str], float, str, str], ...] = (
    (re.compile(r"^\s*class\s+(?:AMD|HIP|Hip|Amd|ROCm|Rocm|KFD|HSA|AM)[A-Z_]?\w*\s*[(:]"), 0.9, "runtime_class",
     "runtime"),
    (re.compile(r"\bPACKET3_\w+|\bAMDKFD_IOC_\w+|\bhsa_kernel_dispatch_packet\w*|\bHSA_PACKET_TYPE\w*"
                r"|\bSDMA_(?:OP|PKT|SUBOP)_\w+|\breg(?:COMPUTE|SQ|CP|GRBM|SDMA\d?|GCVM|MMVM|RLC)_\w+"
                r"|\bpm4\w*\.\w+|\bsdma\w*\.\w+|\bpkt3\("), 0.9, "packet", "runtime"),
    (re.compile(r"\b(?:amd_gpu|kfd|hsa|amdgpu_drm|amdgpu_kd|hip|libhsa|comgr|amd_comgr)\.[A-Za-z_]\w*"), 0.8,
     "runtime_api", "runtime"),
    (re.compile(r"\bAMD(?:Device|ComputeQueue|CopyQueue|Program|Allocator|Renderer|Compiler|Signal|Queue|\w*Iface)\b"
                r"|\bHIP(?:Device|Program|Allocator|Renderer|Compiler|Graph)\b|\bAMDev\b|\bAMPageTable\b"), 0.75,
     "runtime_api", "runtime"),
    (re.compile(r"\b(?:waves_per_eu|matrix_instr_nonkdim|kpack|instruction_sched_variant)\s*="), 0.75, "triton_amd",
     "triton"),
    (re.compile(r"\b(?:hipblaslt|hipBLASLt|rocblas|rocBLAS|aiter|rocwmma|ck_tile)\b"), 0.55, "amd_library", "kernel"),
)  # fmt: skip
_GFX_RAW = re.compile(r"""["']gfx\d{3,4}[a-z]?\b""")  # a target in a string literal on a code line
_TRITON_KNOB_RAW = re.compile(r"""["'](?:waves_per_eu|matrix_instr_nonkdim|kpack)["']""")
# A condition or choice about AMD: `if torch.version.hip:`, `is_hip()`, `IS_ROCM`, `is_rdna3`.
_AMD_COND = re.compile(
    r"\btorch\.version\.hip\b|\b_?(?i:is)_(?i:hip|rocm|amd|cdna\d?|rdna\d?|navi\w*|mi\d+\w*|gfx\w*)\w*\b"
    r"|\b(?:IS_HIP|IS_ROCM|USE_ROCM|ROCM_AVAILABLE|HIP_AVAILABLE|IS_AMD)\w*\b|\bhip_available\b|\bversion\.hip\b"
)
_IF = re.compile(r"^(?P<indent>\s*)(?:if|elif)\b(?P<cond>.*):\s*(?P<rest>.*)$")
_IFEXP = re.compile(r"\bif\b.+\belse\b")
_TRIVIAL = re.compile(
    r"^\s*(?:pass|return\b.{0,30}|raise\b.*|continue|break|\.\.\.|\w+\.skip\w*\(.*|skip\w*\(.*|warnings\.warn\(.*"
    r"|print\(.*|log\w*\.\w+\(.*)\s*$"
)

# --- Commit text ------------------------------------------------------------------------------------------
_AMD_WORDS = re.compile(
    r"(?i)\b(?:hip|rocm|amd|amdgpu|gfx\d{3,4}\w?|rdna\d?|cdna\d?|mi[123]\d\dx?|radeon|hipblas\w*|rocblas|kfd|hsa"
    r"|instinct|navi\d*)\b"
)
_CUDA_WORD = re.compile(r"(?i)\b(?:cuda|nvidia|cublas|ptx|sm_?\d\d|nv)\b")
# Subjects that move, rename, build or wire up AMD support rather than write it.
_CHORE_WORD = re.compile(
    r"(?i)\b(?:move[sd]?|moving|renam\w+|build\w*|export\w*|examples?|features?|ci|docs?|readme|bump\w*|version|typo"
    r"|workflow\w*|docker\w*|wheels?|packag\w+|install\w*|revert\w*)\b"
)
_SWEEP = re.compile(
    r"(?i)\b(?:replac\w+|renam\w+|move[sd]?|moving|refactor\w*|clean\w*|format\w*|lint\w*|typo\w*|sync)\b"
)
_CPU_WORD = re.compile(r"(?i)\b(?:cpu|cpus|zen\d?|epyc|ryzen|threadripper|x86(?:_64)?|amd64|avx\w*)\b")


def path_is_amd(path: str) -> bool:
    low = path.lower()
    if low.endswith(".hip") or _AM_DIR.search(low):
        return True
    parts = _PATH_SPLIT.split(low)
    return any(p in _PATH_TOKENS or _GFX_TOKEN.match(p) for p in parts)


def about_amd(subject: str) -> bool:
    """A subject about AMD GPUs alone: "HIP: fix mmq on RDNA3"; not "CUDA/HIP: ..." nor "AMD Zen4 AVX-512"."""
    return (
        _AMD_WORDS.search(subject) is not None
        and _CUDA_WORD.search(subject) is None
        and _CPU_WORD.search(subject) is None
    )


class AmdGpu(Detector):
    name = "amd_gpu"
    lexical_languages = frozenset({"python", *_C_LANGUAGES})
    max_per_file = 3

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if f.is_test:
            return []  # a HIP skip or a reference kernel in a test is the test's, not AMD work
        amd_path = path_is_amd(f.path) and not _CPU_PATH.search(f.path)
        if f.language == "python":
            hits = _python_hits(f) if amd_path or any(w in f.source for w in _PY_WORDS) else []
        else:
            hits = _c_hits(f, amd_path) if amd_path or any(w in f.source for w in _C_WORDS) else []
        if amd_path and not hits:
            hits = _path_hit(f)
        layer = "build" if _SETUP.search(f.path) else None
        weaker = is_benchmark_path(f.path)
        out = []
        for h in hits:
            detail = {**h.detail, "hardware": HARDWARE}
            if layer:
                detail["layer"] = layer
            out.append(Hit(h.row, round(h.weight * (0.6 if weaker else 1.0), 3), detail, h.end_row))
        return out

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        if not ctx.touches_code():
            return []  # CI, docs or tests alone: a toggle or a description, not the work
        signals: list[Signal] = []
        subject_amd = about_amd(ctx.commit.subject)
        # CUDA-style kernels written for AMD: cuda_kernel saw the kernel, the file or the subject places it on AMD.
        for r in ctx.files:
            if r.is_test or self.name in r.hits or "cuda_kernel" not in r.hits:
                continue
            amd_file = r.view.language == "hip" or path_is_amd(r.view.path)
            if not (amd_file or subject_amd):
                continue
            hit = max(r.hits["cuda_kernel"], key=lambda h: h.weight)
            weight = 0.85 if amd_file else 0.7
            detail = {"pattern": "hip_kernel", "hardware": HARDWARE, "layer": "kernel", "source": "code"}
            evidence = ctx.evidence(r.view, hit)
            signals.append(
                Signal(kind=self.name, weight=weight, language=r.view.language, evidence=evidence, detail=detail)
            )
        if subject_amd and not _CHORE_WORD.search(ctx.commit.subject):
            detail = {"pattern": "text", "hardware": HARDWARE, "source": "text"}
            evidence = ctx.evidence(snippet=ctx.commit.subject[:300])
            signals.append(Signal(kind=self.name, weight=0.4, evidence=evidence, detail=detail))
        return signals

    def finalize(self, ctx: CommitContext, signals: list[Signal]) -> None:
        """AMD evidence in a file holding Triton kernels is Triton work aimed at AMD."""
        if _SWEEP.search(ctx.commit.subject) and not about_amd(ctx.commit.subject):
            # "Replace c10::optional with std::optional": a sweep that passes through AMD files is not AMD work.
            signals[:] = [s for s in signals if s.detail.get("pattern") != "path"]
        triton_files = {r.view.path for r in ctx.files if r.hits.get("triton_kernel")}
        for signal in signals:
            if signal.evidence.path in triton_files and signal.detail.get("layer") in ("kernel", None):
                signal.detail["layer"] = "triton"


def _detail(tag: str, layer: str, match: str) -> dict[str, Any]:
    return {"pattern": tag, "layer": layer, "match": match[:60], "source": "code"}


def _c_hits(f: FileView, amd_path: bool) -> list[Hit]:
    other_backend = _OTHER_BACKEND_PATH.search(f.path) is not None
    hits: list[Hit] = []
    for row, line in f.code_lines():
        if len(line) > 2000 or _PREPROCESSOR_SKIP.match(line):
            continue
        if row and f.lines[row - 1].rstrip().endswith("\\"):
            continue  # the rest of a multi-line `#if defined(__gfx1100__) || ...` guard (or macro)
        hit = _c_line_hit(row, line, other_backend)
        if hit is not None:
            hits.append(hit)
    return hits


def _c_line_hit(row: int, line: str, other_backend: bool) -> Hit | None:
    if not _C_LINE_HINT.search(line):
        return None
    for rx, weight, tag, layer in _C_RULES:
        found = rx.search(line)
        if found:
            return Hit(row, weight, _detail(tag, layer, found.group(0)))
    if other_backend:
        return None  # AMD names in a Vulkan, SYCL or CPU file tune that backend
    code = re.sub(r'"(?:\\.|[^"\\])*"', '""', line)  # a word in a string literal is no AMD code
    if _DEFINE.match(code):
        # `#define cudaStream_t hipStream_t`: mapping CUDA onto HIP, build plumbing more than kernels.
        if re.search(r"\bhip[A-Z_]\w*", code):
            return Hit(row, 0.4, _detail("hip_mapping", "build", code.strip()))
        return None
    for found in _C_IDENT.finditer(code):
        word = found.group(0)
        parts = [p for p in re.split(r"_+", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", word).lower()) if p]
        if any(p in _C_AMD_TOKENS or _GFX_TOKEN.match(p) for p in parts):
            return Hit(row, 0.6, _detail("amd_code", "kernel", word))
        if "amd" in parts and not _CPU_LINE.search(code):
            return Hit(row, 0.55, _detail("amd_code", "kernel", word))
    return None


def _python_hits(f: FileView) -> list[Hit]:
    hits: list[Hit] = []
    lines = python_code_lines(f)
    for i, (row, code) in enumerate(lines):
        hit = _python_line_hit(f, row, code)
        if hit is None:
            hit = _python_branch_hit(f, lines, i)
        if hit is not None:
            hits.append(hit)
    return hits


def _python_line_hit(f: FileView, row: int, code: str) -> Hit | None:
    if _is_import(code):
        return None  # importing an AMD module is not yet using it
    for rx, weight, tag, layer in _PY_RULES:
        found = rx.search(code)
        if found:
            return Hit(row, weight, _detail(tag, layer, found.group(0)))
    if code.strip() in ('""', ""):
        return None  # a docstring or a string alone on its line
    raw = f.lines[row].split("#", 1)[0]
    found = _GFX_RAW.search(raw)
    if found:
        return Hit(row, 0.7, _detail("gfx_target", "kernel", found.group(0)))
    found = _TRITON_KNOB_RAW.search(raw)
    if found:
        return Hit(row, 0.75, _detail("triton_amd", "triton", found.group(0)))
    return None


def _python_branch_hit(f: FileView, lines: list[tuple[int, str]], i: int) -> Hit | None:
    """`if torch.version.hip:` with real code in its body, or `x = 64 if is_hip() else 128` (an AMD choice)."""
    row, code = lines[i]
    found = _IF.match(code)
    if found is None:
        cond = _AMD_COND.search(code)
        if cond and _IFEXP.search(code) and "=" in code.split(" if ", 1)[0]:
            return Hit(row, 0.55, _detail("amd_choice", "kernel", cond.group(0)))
        return None
    cond = _AMD_COND.search(found.group("cond"))
    if cond is None or re.search(r"\bnot\s+$", found.group("cond")[: cond.start()]):
        return None  # `if use_cuda and not IS_ROCM:` guards the CUDA side
    if found.group("rest").strip():
        return None  # `if is_hip(): return`: a one-line guard
    indent = len(found.group("indent"))
    real = 0
    last = row
    for next_row, nxt in lines[i + 1 :]:
        if len(nxt) - len(nxt.lstrip()) <= indent or f.line_numbers[next_row] - f.line_numbers[last] != next_row - last:
            break
        last = next_row
        if not _TRIVIAL.match(nxt):
            real += 1
    if real == 0:
        return None
    return Hit(row, 0.65 if real >= 2 else 0.5, _detail("amd_branch", "kernel", cond.group(0)), last)


def _path_hit(f: FileView) -> list[Hit]:
    """A file whose path names AMD, with some code in it and nothing more telling: weaker evidence."""
    if f.language == "python":
        rows = [r for r, c in python_code_lines(f) if c.strip() not in ('""', "") and not _is_import(c)]
    else:
        rows = [r for r, line in f.code_lines() if not line.startswith("#")]
    if len(rows) < 3:
        return []
    layer = "runtime" if "runtime" in f.path or "driver" in f.path else "kernel"
    if f.language == "python" and ("triton" in f.path.lower()):
        layer = "triton"
    return [Hit(rows[0], 0.5, {"pattern": "path", "layer": layer, "source": "code"})]


def _is_import(code: str) -> bool:
    return code.lstrip().startswith(("import ", "from "))
