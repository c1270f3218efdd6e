"""Python-hosted GPU kernels: Triton (`@triton.jit` / `@triton.autotune` kernels using tl.load, tl.store,
tl.dot, program_id, `tl.constexpr` block sizes), CuTe DSL (`@cute.kernel`, `@cute.jit`), Pallas/Mosaic
(`pl.pallas_call`, kernels reading `pl.program_id`), numba.cuda (`@cuda.jit` with cuda.grid/threadIdx),
CUDA built from Python (`load_inline` with CUDA source; a `CUDAExtension` in setup.py is weak), and custom
ops registered with torch.library (`@custom_op`, `Library(...).define/impl`, `register_kernel`) or, in C++,
TORCH_LIBRARY blocks.

Python is read with Python's own `ast` where the added lines parse (comments, strings and docstrings never
count), else by line rules. A wrapper that only launches a kernel (`_kernel[grid](...)`) or calls
`torch.ops.x.y(...)` is using a kernel, not writing one, and does not fire; nor do tests.
detail: {"pattern": ..., "api": "triton" | "cute" | "pallas" | "numba" | "cuda_extension" | "torch.library",
"kernel": True for a kernel body (what makes the file count as systems code, see classify.py)}.
"""

from __future__ import annotations

import ast
import re

from indexer.signals import python_ast
from indexer.signals.base import Detector, FileView, Hit, QueryMatch, regex_hits

# A cheap first test on the raw text: a Python file matching none of these is not read further.
_WORDS = (
    b"triton", b"tl.", b"cute", b"pallas", b"pl.", b"numba", b"cuda.jit", b"load_inline", b"CUDAExtension",
    b"torch.library", b"custom_op", b"register_kernel", b".define(",
)  # fmt: skip
_PREFILTER = re.compile(  # what a rule below needs (`import triton` or a launch alone does not)
    rb"@(triton\.)?(jit|autotune|heuristics)|@cute\.|@(numba\.)?cuda\.jit|\btl\.\w+\(|\bcute\.(arch|make_|copy|gemm"
    rb"|local_|zipped)|\bpl(tpu|gpu)?\.(pallas_call|program_id|num_programs|load|store|ds)\b|load_inline|CUDAExtension"
    rb"|torch\.library|custom_op|register_kernel|triton_op|wrap_triton|Library\("
)
_TL_KERNEL_CALLS = frozenset(
    {"load", "store", "dot", "program_id", "num_programs", "atomic_add", "atomic_cas", "atomic_max", "atomic_min",
     "atomic_xchg", "make_block_ptr", "advance", "dot_scaled", "debug_barrier", "multiple_of", "max_contiguous",
     "make_tensor_descriptor", "load_tensor_descriptor"}
)  # fmt: skip
_KERNEL_DECORATORS: dict[str, str] = {
    "triton.jit": "triton",
    "jit": "triton",  # `from triton import jit`: confirmed by tl.* calls in the body
    "triton.autotune": "triton",
    "autotune": "triton",
    "triton.heuristics": "triton",
    "cute.kernel": "cute",
    "cute.jit": "cute",
    "cuda.jit": "numba",
    "numba.cuda.jit": "numba",
}
_NUMBA_BODY = frozenset({"grid", "threadIdx", "blockIdx", "blockDim", "syncthreads", "shared", "atomic", "local"})
_OP_DECORATORS = frozenset(
    {"torch.library.custom_op", "custom_op", "torch.library.register_kernel", "register_kernel",
     "torch.library.impl", "torch.library.triton_op", "triton_op"}
)  # fmt: skip
_OP_CALLS = frozenset(
    {"torch.library.Library", "torch.library.define", "torch.library.custom_op", "torch.library.register_kernel",
     "torch.library.impl", "torch.library.triton_op", "torch.library.wrap_triton", "wrap_triton"}
)  # fmt: skip
_LINE_RULES: tuple[tuple[re.Pattern[str], float, dict[str, object]], ...] = (
    (re.compile(r"^@(triton\.)?(jit|autotune|heuristics)\b"), 0.9, {"pattern": "kernel", "api": "triton"}),
    (re.compile(r"\btl\.(load|store|dot|program_id|atomic_\w+|make_block_ptr)\("), 0.9,
     {"pattern": "kernel_body", "api": "triton", "kernel": True}),
    (re.compile(r"^@cute\.(kernel|jit)\b"), 0.9, {"pattern": "kernel", "api": "cute", "kernel": True}),
    (re.compile(r"\bpl\.pallas_call\("), 0.8, {"pattern": "pallas_call", "api": "pallas", "kernel": True}),
    (re.compile(r"^@(numba\.)?cuda\.jit\b"), 0.9, {"pattern": "kernel", "api": "numba", "kernel": True}),
    (re.compile(r"\bload_inline\("), 0.7, {"pattern": "load_inline", "api": "cuda_extension"}),
    (re.compile(r"^@(torch\.library\.)?(custom_op|register_kernel|triton_op)\("), 0.6,
     {"pattern": "custom_op", "api": "torch.library"}),
    (re.compile(r"\btorch\.library\.Library\(|\blib\.(define|impl)\("), 0.6,
     {"pattern": "custom_op", "api": "torch.library"}),
    (re.compile(r"\bCUDAExtension\("), 0.4, {"pattern": "extension_build", "api": "cuda_extension"}),
)  # fmt: skip
_CUDA_SOURCE = re.compile(r"__global__|cuda_sources|blockIdx|threadIdx")
_TORCH_LIBRARY = r"^TORCH_LIBRARY(_IMPL|_FRAGMENT)?$"


class TritonKernel(Detector):
    name = "triton_kernel"
    lexical_languages = frozenset({"python"})
    patterns = {"cfamily": (("torch_library", f'((identifier) @hit (#match? @hit "{_TORCH_LIBRARY}"))'),)}
    max_per_file = 3

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None or f.is_test:
            return None
        return Hit(node.start_point.row, 0.7, {"pattern": "torch_library", "api": "torch.library"})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if f.is_test:
            return []  # a kernel defined inside a test is the test's reference, not shipped kernel work
        if not python_ast.mentions(f.source, _WORDS) or not _PREFILTER.search(f.source):
            return []
        text = f.source.decode("utf-8", errors="replace")
        found = python_ast.index(f.source)
        if found is None:
            return self._line_hits(f)
        return _tree_hits(found, text)

    @staticmethod
    def _line_hits(f: FileView) -> list[Hit]:
        hits = [h for h in regex_hits(f, _LINE_RULES) if not f.lines[h.row].lstrip().startswith("#")]
        if any(h.detail["pattern"] == "load_inline" for h in hits) and _CUDA_SOURCE.search("\n".join(f.lines)):
            hits = [_with(h, kernel=True, weight=0.8) if h.detail["pattern"] == "load_inline" else h for h in hits]
        # A bare `@jit` is Triton's only when tl.* appears beside it.
        if not any(h.detail.get("kernel") for h in hits):
            hits = [h for h in hits if h.detail["pattern"] != "kernel" or h.detail["api"] != "triton"]
        return hits


def _with(hit: Hit, *, kernel: bool, weight: float) -> Hit:
    return Hit(hit.row, weight, {**hit.detail, "kernel": kernel}, hit.end_row)


def _tree_hits(found: python_ast.PyIndex, text: str) -> list[Hit]:
    hits: list[Hit] = []
    in_kernels: set[int] = set()
    for fn in found.definitions:
        if isinstance(fn, ast.ClassDef) or not fn.decorator_list:
            continue
        hit = _kernel_definition(fn)
        if hit is not None:
            hits.append(hit)
            in_kernels.update(id(n) for n in ast.walk(fn))
        elif set(python_ast.decorator_names(fn)) & _OP_DECORATORS:
            hits.append(Hit(python_ast.row(fn.decorator_list[0]), 0.6, _op_detail(fn.name)))
    loose: list[tuple[ast.Call, str]] = []
    for call, name in found.calls:
        if id(call) in in_kernels:
            continue
        api = _kernel_call_api(name)
        if api is not None:
            loose.append((call, api))
            continue
        hit = _call_hit(call, name, text)
        if hit is not None:
            hits.append(hit)
    if loose:
        # Added lines inside an existing kernel: its decorator is outside the hunk, its tl.* calls are not.
        call, api = loose[0]
        hits.append(Hit(python_ast.row(call), 0.9, {"pattern": "kernel_body", "api": api, "kernel": True}))
    return hits


def _kernel_definition(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Hit | None:
    """A decorated kernel whose body uses its kernel language (a `@jit` of another library does not)."""
    apis = {_KERNEL_DECORATORS[d] for d in python_ast.decorator_names(fn) if d in _KERNEL_DECORATORS}
    if not apis:
        return None
    used = {api for _call, name in python_ast.calls(fn) if (api := _kernel_call_api(name)) is not None}
    used |= _numba_use(fn)
    api = next(iter(sorted(apis & used)), None)
    if api is None and apis & {"triton", "cute"} and _constexpr_params(fn):
        api = "cute" if "cute" in apis else "triton"
    if api is None:
        return None
    start = python_ast.row(fn.decorator_list[0])
    return Hit(start, 1.0, {"pattern": "kernel", "api": api, "kernel": True, "name": fn.name}, start + 4)


def _kernel_call_api(name: str) -> str | None:
    """The kernel language a call belongs to, for calls only valid inside a kernel body."""
    head, _, rest = name.partition(".")
    if head == "tl" and rest in _TL_KERNEL_CALLS:
        return "triton"
    if head == "cute" and rest.startswith(("arch.", "make_fragment", "copy", "gemm", "local_tile", "zipped_divide")):
        return "cute"
    if head in ("pl", "pltpu", "plgpu") and rest in ("program_id", "num_programs", "load", "store", "ds"):
        return "pallas"
    return None


def _numba_use(fn: ast.AST) -> set[str]:
    for node in ast.walk(fn):
        if isinstance(node, ast.Attribute) and python_ast.dotted(node.value) == "cuda" and node.attr in _NUMBA_BODY:
            return {"numba"}
    return set()


def _constexpr_params(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    return any(
        a.annotation is not None and python_ast.dotted(a.annotation) in ("tl.constexpr", "cutlass.Constexpr")
        for a in (*fn.args.args, *fn.args.kwonlyargs)
    )


def _call_hit(call: ast.Call, name: str, text: str) -> Hit | None:
    row = python_ast.row(call)
    if name in _OP_CALLS or (name.endswith((".define", ".impl")) and _library_object(call, text)):
        return Hit(row, 0.6, _op_detail(name))
    if name in ("pl.pallas_call", "pallas_call"):
        return Hit(row, 0.8, {"pattern": "pallas_call", "api": "pallas", "kernel": True})
    if name.endswith("load_inline"):
        cuda = any(k.arg in ("cuda_sources",) for k in call.keywords) or bool(_CUDA_SOURCE.search(text))
        detail = {"pattern": "load_inline", "api": "cuda_extension", "kernel": cuda}
        return Hit(row, 0.8 if cuda else 0.6, detail)
    if name.endswith("CUDAExtension"):
        return Hit(row, 0.4, {"pattern": "extension_build", "api": "cuda_extension"})
    return None


def _library_object(call: ast.Call, text: str) -> bool:
    """`lib.define(...)`/`lib.impl(...)` count when the file builds a torch.library.Library (not any `.define`)."""
    return "Library(" in text and isinstance(call.func, ast.Attribute) and bool(call.args)


def _op_detail(name: str) -> dict[str, object]:
    return {"pattern": "custom_op", "api": "torch.library", "name": name[:60]}
