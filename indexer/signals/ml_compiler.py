"""ML compilers: graph capture and tracing, IR and lowering passes, pattern rewriters, code generation that
emits C/CUDA/LLVM/MLIR/PTX, JIT compilation of generated source (NVRTC/hipRTC, LLVM ORC), autotuning.

C/C++/CUDA: MLIR and LLVM APIs (rewrite patterns, conversion targets, pass managers, IRBuilder), runtime
compilation (nvrtc/hiprtc), and functions or types whose name says codegen, lowering, emitter, compiler,
autotuner or JIT. Rust: the same kinds of definitions and `impl Compiler for ...`. Python: code lines with
comments and strings blanked: renderer/lowerer/compiler classes, lowering and codegen functions, tinygrad's
PatternMatcher/UPat rewrites, torch.fx/dynamo/inductor passes. Calling `torch.compile`, `jax.jit` or a
`@TinyJit` decorator on a model is using a compiler, not building one, and does not count; nor do tests.
Commit or PR text counts when the commit also touches code.
detail: {"pattern": ..., "area": "lowering" | "codegen" | "jit" | "autotuning" | "rewrite" | "graph_capture"
| "ir" | "compiler", "source": "code" | "text"}.
"""

from __future__ import annotations

import re
from typing import Any

from indexer.signals.base import (
    CommitContext,
    Detector,
    FileView,
    Hit,
    QueryMatch,
    first_area,
    path_signal,
    q,
    text_line_signals,
)
from indexer.signals.names import definition_patterns, merge, tokens
from indexer.signals.python_lines import python_rule_hits
from models.records import Signal

# Name token -> area; a definition counts when one of its name's tokens is here.
_TOKEN_AREAS = {
    "codegen": "codegen",
    "codegens": "codegen",
    "emitter": "codegen",
    "emitters": "codegen",
    "lowering": "lowering",
    "lowerer": "lowering",
    "lowerings": "lowering",
    "compiler": "compiler",
    "compilers": "compiler",
    "autotune": "autotuning",
    "autotuner": "autotuning",
    "autotuning": "autotuning",
    "tuner": "autotuning",
    "jit": "jit",
    "jitted": "jit",
    "linearizer": "lowering",
    "rewriter": "rewrite",
}
# First-token verbs: `lower_to_llvm`, `emit_load`, `codegen_kernel`; `lower_bound` is not a lowering.
_FIRST_TOKEN_AREAS = {"lower": "lowering", "emit": "codegen", "codegen": "codegen", "linearize": "lowering"}
_NOT_LOWERING = frozenset(
    {
        "bound",
        "case",
        "triangular",
        "tri",
        "half",
        "precision",
        "limit",
        "bits",
        "upper",
        "elem",
        "equal",
        "than",
        "eq",
        "op",
    }
)
# Directories and files that hold a compiler: tinygrad/codegen/, torch inductor fx_passes/, mlx/compile.cpp,
# burn-fusion, cubecl's compiler/; `renderer/` only for tinygrad (elsewhere it draws UIs).
_SUBSYSTEM_PATH = re.compile(
    r"(^|/)(codegen|lowering|compiler|passes|fx_passes|inductor|autotune|jit|tinygrad/renderer|burn-ir)(/|\.\w+$)"
    r"|(^|/)(compile|compiled|compile_impl|jit_kernels|jit_module)\.(cpp|h|cu)$"
)
_JIT_PLUMBING = frozenset({"tensor", "element", "elem", "primitive", "runtime", "device", "client", "server", "handle"})
# Proc-macro crates generate Rust source for derives; that is codegen, but not of tensor programs.
_NOT_COMPILER_PATH = re.compile(r"(^|/)[\w-]*(derive|macros?)[\w-]*/|(^|/)build\.rs$|(^|/)setup\.py$")

_LOOSE = r"(?i)codegen|emit|render|lower|compil|autotun|tuner|jit|lineariz|rewrit"
_NATIVE = (
    r"^(OpRewritePattern|RewritePatternSet|OwningRewritePatternList|ConversionPattern|OpConversionPattern"
    r"|ConversionTarget|TypeConverter|PassManager|OpPassManager|PassWrapper|OperationPass|DialectRegistry"
    r"|applyPatternsAndFoldGreedily|applyPatternsGreedily|applyPartialConversion|applyFullConversion|IRBuilder"
    r"|LLVMContext|ExecutionEngine|LLJIT|LLJITBuilder|TargetMachine|nvrtcCompileProgram|nvrtcCreateProgram"
    r"|nvrtcGetPTX|nvrtcGetCUBIN|hiprtcCompileProgram|hiprtcCreateProgram|hiprtcGetCode"
    r"|compile_trace|compile_dfs|compile_simplify|compile_fuse|compile_replace)$"
)
_NATIVE_AREAS = (
    ("rewrite", re.compile(r"Rewrite|Pattern|Conversion|TypeConverter|apply")),
    ("jit", re.compile(r"nvrtc|hiprtc|LLJIT|ExecutionEngine")),
    ("graph_capture", re.compile(r"^compile_(trace|dfs)")),
    ("rewrite", re.compile(r"^compile_(simplify|fuse|replace)")),
    ("ir", re.compile(r"Pass|Dialect|IRBuilder|LLVMContext|TargetMachine")),
)
_RUST_TRAITS = r"^(Compiler|Dialect|Renderer|Lowering|AutotuneOperation\w*|Tunable\w*|CodeGen\w*|Codegen\w*)$"

_PY_PREFILTER = re.compile(
    rb"Render|Lower|Lineariz|Compiler|CodeGen|Codegen|Emitter|Autotun|Rewrit|Jit|JIT|CStyleLanguage|PassBase|Interpreter"
    rb"|Transformer|Tracer|PatternMatcher|UPat|lower|codegen|lineariz|emit_|autotun|rewrite|apply_opt|render_"
    rb"|create_schedule|make_fallback|torch\.(fx|_dynamo|_inductor|_export)|fx\.|symbolic_trace|make_fx|mlir|llvmlite"
    rb"|tvm|IRBuilder"
)
_PY_RULES: tuple[tuple[re.Pattern[str], float, str], ...] = (
    (
        re.compile(
            r"^\s*class\s+\w*(Renderer|Lowerer|Linearizer|Compiler|CodeGen|Codegen|Emitter|Autotuner|Rewriter"
            r"|GraphLowering|Jit|JIT)\b|^\s*class\s+\w+\(\s*(Renderer|CStyleLanguage|Compiler|PassBase"
            r"|(fx\.|torch\.fx\.)?(Interpreter|Transformer|Tracer)|PatternMatcher)\b"
        ),
        0.9,
        "definition",
    ),
    (
        re.compile(
            r"^\s*def\s+(lower(?!_(bound|case|tri|limit))\w*|\w*_lowering|codegen\w*|\w+_codegen|linearize\w*"
            r"|emit_\w+|autotune\w*|\w+_autotune|graph_rewrite\w*|apply_opt\w*|render_kernel|render_\w+_kernel"
            r"|create_schedule\w*|register_lowering\w*|\w*_rewrite_rules?)\s*\("
        ),
        0.85,
        "definition",
    ),
    (
        re.compile(
            r"\b(PatternMatcher|UPat)\s*\(|\bgraph_rewrite\w*\s*\(|@?\bregister_lowering\s*\(|\blowerings\s*\["
            r"|\bmake_fallback\s*\(|\bUPat\.var\b"
        ),
        0.75,
        "rewrite",
    ),
    (
        re.compile(
            r"\bfrom\s+torch\.(fx|_inductor|_export)\b|\bimport\s+torch\.(fx|_inductor)\b"
            r"|\bsymbolic_trace\s*\(|\bmake_fx\s*\(|\bfx\.(Graph|GraphModule|Node|Proxy)\b|\bfrom\s+mlir\b"
            r"|\bimport\s+(mlir|llvmlite|tvm)\b|\bfrom\s+(llvmlite|tvm)\b|\btvm\.(te|tir|relay|relax)\.|\bir\.IRBuilder\b"
        ),
        0.7,
        "graph_capture",
    ),
)
# `from torch._inductor import config`, `torch._dynamo.utils.warn_once`: tuning or helpers of a compiler one uses.
_SETTINGS_IMPORT = re.compile(r"^\s*(from|import)\s.*\b(config|utils|testing)\b")
_PY_AREAS = (
    ("lowering", re.compile(r"(?i)lower|lineariz")),
    ("codegen", re.compile(r"(?i)render|codegen|emit|CStyleLanguage|IRBuilder|llvmlite")),
    ("autotuning", re.compile(r"(?i)autotun|apply_opt")),
    ("jit", re.compile(r"(?i)jit")),
    ("rewrite", re.compile(r"(?i)rewrit|PatternMatcher|UPat|fallback")),
    ("graph_capture", re.compile(r"(?i)fx|dynamo|trace|export|Interpreter|Transformer|Tracer")),
    ("ir", re.compile(r"(?i)mlir|tvm|inductor|schedule")),
    ("compiler", re.compile(r"(?i)compil")),
)

_TEXT = re.compile(
    r"\b(codegen|code[- ]gen(eration|erator)?|jit[- ]compil\w+|jit (compiler|backend|kernels?)|just[- ]in[- ]time"
    r"|mlir|llvm[- ]?ir|tvm|xla|stablehlo"
    r"|inductor|torch\.fx|fx graph|graph capture|autotun\w+|auto[- ]tun\w+"
    r"|lower(ing|er|ed|s)?\s+(\w+\s+){0,3}(to|into)\s+(llvm|mlir|ptx|spir-?v|uops?|linalg|triton|tir|hlo|c|cuda"
    r"|metal|wgsl|assembly|machine code)|lowering (pass(es)?|rules?)|lowerer|linearizer|uops?|pattern ?matcher"
    r"|graph[_ ]rewrite|rewrite rules?|ir (pass(es)?|nodes?)|compiler pass(es)?|kernel search"
    r"|beam search (over|for) kernels|renderer|ptx (codegen|backend)|llvm backend)\b",
    re.IGNORECASE,
)
_TEXT_AREAS = (
    ("codegen", re.compile(r"(?i)code|renderer|ptx|llvm backend")),
    ("jit", re.compile(r"(?i)jit")),
    ("autotuning", re.compile(r"(?i)tun|search")),
    ("lowering", re.compile(r"(?i)lower|lineariz|uop")),
    ("rewrite", re.compile(r"(?i)rewrite|matcher")),
    ("graph_capture", re.compile(r"(?i)compile|dynamo|fx|capture")),
    ("ir", re.compile(r"(?i)mlir|ir|tvm|xla|hlo|inductor|pass")),
)
# A command pasted in a PR body (`python eval.py --compile max-autotune`) runs a compiler; it does not build one.
_COMMAND = re.compile(r"^\s*(\$\s|python\d?\s|torchrun\s|cargo\s|pip\s|\./|.*\s--\w)")


def area_of_name(name: str) -> str | None:
    """The compiler stage a defined name says it belongs to, or None (`lower_to_llvm` -> lowering)."""
    parts = tokens(name)
    if not parts or parts[0] == "test":
        return None
    first = _FIRST_TOKEN_AREAS.get(parts[0])
    if first == "lowering" and (len(parts) == 1 or parts[1] in _NOT_LOWERING):
        return None  # `lower(&self, other)`, `lower_equal`: a comparison, `lower_bound`: a search
    if first:
        return first
    area = next((_TOKEN_AREAS[t] for t in parts if t in _TOKEN_AREAS), None)
    if area == "jit" and parts[-1] in _JIT_PLUMBING:
        return None  # `QJitTensor`, `JitElement`: the types a JIT backend's kernels pass around
    return area


class MlCompiler(Detector):
    name = "ml_compiler"
    trigger_words = r"(?i)codegen|emit|render|lower|compil|autotun|tuner|jit|lineariz|rewrit|^(mlir|llvm)$"
    patterns = merge(
        definition_patterns("definition", _LOOSE),
        {
            "cfamily": (("native", f"([(identifier) (type_identifier)] @hit (#match? @hit {q(_NATIVE)}))"),),
            "cpp": (
                (
                    "mlir",
                    '(qualified_identifier scope: (namespace_identifier) @ns (#match? @ns "^(mlir|llvm)$")'
                    " name: (_) @hit)",
                ),
            ),
            "rust": (("trait_impl", f"(impl_item trait: (type_identifier) @hit (#match? @hit {q(_RUST_TRAITS)}))"),),
        },
    )
    weights = {"definition": 0.85, "native": 0.8, "mlir": 0.7, "trait_impl": 0.85}
    lexical_languages = frozenset({"python"})

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None or f.is_test or _NOT_COMPILER_PATH.search(f.path):
            return None
        name = f.text(node)
        if m.tag == "definition":
            area = area_of_name(name)
        elif m.tag == "native":
            area = first_area(name, _NATIVE_AREAS)
        elif m.tag == "mlir":
            area = "ir"
        else:
            area = area_of_name(name) or "compiler"
        if area is None:
            return None
        return Hit(node.start_point.row, self.weights[m.tag], {"pattern": m.tag, "area": area, "source": "code"})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if not _PY_PREFILTER.search(f.source):
            return []  # none of the rules' words: most Python files stop here
        if f.is_test or _NOT_COMPILER_PATH.search(f.path):
            return []
        return python_rule_hits(
            f,
            _PY_RULES,
            lambda _tag, text: {"area": first_area(text, _PY_AREAS) or "compiler"},
            lambda tag, line, _found: tag == "graph_capture" and _SETTINGS_IMPORT.search(line) is not None,
        )

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        if not ctx.touches_code():
            return []  # docs, CI or tests alone: a description, not the work
        signals = path_signal(
            ctx, self.name, _SUBSYSTEM_PATH, {"area": "compiler"}, 0.5, min_lines=3, exclude=_NOT_COMPILER_PATH
        )
        return text_line_signals(
            ctx,
            self.name,
            lambda line: found.group(0).lower() if (found := _TEXT.search(line)) else None,
            _text_detail,
            0.6,
            skip=_COMMAND,
            signals=signals,
        )


def _text_detail(word: str) -> dict[str, Any]:
    area = first_area(word, _TEXT_AREAS)
    return {"pattern": "text", "source": "text", **({"area": area} if area else {})}
