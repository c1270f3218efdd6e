"""Training internals: autograd (backward functions and kernels, gradient formulas, custom autograd Functions,
the gradient tape), optimizers (Adam/AdamW/SGD/Lion/... step implementations, fused and 8-bit optimizers),
gradient checkpointing and activation recomputation, loss scaling; learning-rate schedulers are weak.

C/C++/CUDA/Rust: definitions named for backward passes and gradients (`layer_norm_backward`, `flash_bwd_kernel`,
`grad_input`), optimizer steps (`fused_adam_kernel`, `AdamW`), checkpointing and loss scaling; Rust impls of
autodiff and optimizer traits (burn's `Backward`, `Optimizer`, `SimpleOptimizer`) and candle's `GradStore`.
Python (ast): classes deriving from autograd Function or Optimizer (or defining `backward`), optimizer step
functions (`_single_tensor_adam`, `adamw_step`), `torch.autograd.grad`, checkpointing definitions; applying
`torch.utils.checkpoint` in model code is weak. Calling `loss.backward()` (a training script, a test) is
using autograd, not building it, and does not fire; nor do tests. Commit subjects naming autograd,
backprop, optimizers, gradient checkpointing or loss scaling count as text.
detail: {"pattern": ..., "part": "autograd" | "optimizer" | "checkpointing" | "loss_scaling" | "scheduler", "source"?}.
"""

from __future__ import annotations

import ast
import re

from indexer.signals import python_ast
from indexer.signals.base import CommitContext, Detector, FileView, Hit, QueryMatch, q, regex_hits
from indexer.signals.engine import is_benchmark_path
from indexer.signals.names import definition_patterns, merge, snake
from models.records import Signal

_OPTIMIZERS = r"adam|adamw|sgd|lamb|lion|adagrad|adadelta|rmsprop|adafactor|sophia|muon|lars|novograd|ademamix|adam8bit"
# Matched against snake_case(name), in this order (the first part that matches names the hit).
_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "checkpointing",
        re.compile(
            r"(gradient|activation|grad)_(checkpoint\w*|recomput\w*)|recompute_(activation|forward|granularity)"
            r"|checkpoint_(activation|wrapper|sequential|function)s?($|_)"
        ),
    ),
    ("loss_scaling", re.compile(r"(^|_)(loss_scal\w*|grad_scaler|dynamic_loss_scal\w*|unscale_\w*)")),
    (
        "optimizer",
        re.compile(
            rf"(^|_)({_OPTIMIZERS})(_|$|\d)|(?<!graph)(?<!query)(?<!compiler)(?<!pass)_optimi[sz]er(_|$)|^optimi[sz]er(_|$)|multi_tensor_(apply|adam|sgd|l2norm)"
            r"|(^|_)(single|multi)_tensor_\w+|(^|_)(momentum|nesterov)_(update|step)"
            r"|(^|_)(weight_decay|zero_grad)(_|$)"
        ),
    ),
    (
        "autograd",
        re.compile(
            r"(^|_)(backward|bwd|backprop\w*|autograd|autodiff|vjp|jvp|grad_fn|grad_store)(_|$)"
            r"|(^|_)grad_(input|weight|bias|output|in|out|x|w|q|k|v)(_|$)|(^|_)d(q|k|v|x|w)_(dk|dv|kernel|dw)"
            r"|(^|_)(compute|accumulate)_grad"
        ),
    ),
    ("scheduler", re.compile(r"lr_schedul\w*|(^|_)(cosine_annealing|warmup_(cosine|linear|schedule))")),
)
_LOOSE = (
    rf"(?i)backward|bwd|backprop|dq_?dk|dk_?dv|autograd|autodiff|vjp|jvp|grad|{_OPTIMIZERS}|optimi[sz]er|tensor_apply|momentum"
    r"|nesterov|checkpoint|recomput|loss_?scal|unscale|lr_?schedul|cosine_?anneal|warmup"
)
_RUST_TRAITS = r"^(Backward|Optimizer|SimpleOptimizer|LrScheduler|Step|AutodiffBackend|Checkpointer|RetroForward)$"
_RUST_TYPES = (
    r"^(GradStore|GradientsParams|Gradients|OptimizerAdaptor|AdamConfig|AdamWConfig|SgdConfig|CheckpointingStrategy)$"
)
_PY_WORDS = (
    b"backward", b"bwd", b"autograd", b"Function)", b"ptimizer", b"dam", b"SGD", b"sgd", b"Lion", b"lion", b"LAMB",
    b"Lamb", b"lamb", b"afactor", b"uon", b"_tensor_", b"grad", b"checkpoint", b"recompute", b"caler", b"Scheduler",
    b"schedul", b"vjp", b"jvp", b"weight_decay",
)  # fmt: skip
# What any Python rule needs: a definition named for a part, a class deriving from Function/Optimizer/a scheduler,
# or one of the calls in _PY_CALLS (`loss.backward()` and `requires_grad` alone do not make a file worth parsing).
_PY_PREFILTER = re.compile(
    rb"(def|class) \w*(?i:backward|bwd|backprop|autograd|autodiff|vjp|jvp|grad_(input|weight|bias|output|in|out|x|w|q"
    rb"|k|v)|(compute|accumulate|zero)_grad|adam|sgd|lamb|lion|lars|adagrad|adadelta|rmsprop|adafactor|sophia|muon"
    rb"|novograd|ademamix|optimi[sz]er|(single|multi)_tensor|momentum|nesterov|weight_decay|(gradient|activation|grad)"
    rb"_(checkpoint|recomput)|checkpoint_(activation|wrapper|sequential|function)|recompute_|loss_scal|grad_scal"
    rb"|unscale|lr_schedul|cosine_anneal|warmup_|dq_dk)"
    rb"|\((torch\.)?(autograd\.|optim\.)?(Function|Optimizer)\)|LRScheduler\)|autograd\.grad|autograd\.functional"
    rb"|func\.vjp|checkpoint\.checkpoint|checkpoint_sequential|def backward\("
)
_PY_BASES: dict[str, str] = {
    "torch.autograd.Function": "autograd",
    "autograd.Function": "autograd",
    "Function": "autograd",
    "torch.optim.Optimizer": "optimizer",
    "optim.Optimizer": "optimizer",
    "Optimizer": "optimizer",
    "torch.optim.lr_scheduler.LRScheduler": "scheduler",
    "torch.optim.lr_scheduler._LRScheduler": "scheduler",
    "LRScheduler": "scheduler",
    "_LRScheduler": "scheduler",
}
_PY_CALLS: dict[str, tuple[str, float]] = {
    "torch.autograd.grad": ("autograd", 0.6),
    "autograd.grad": ("autograd", 0.6),
    "torch.autograd.functional.vjp": ("autograd", 0.6),
    "torch.func.vjp": ("autograd", 0.6),
    "torch.utils.checkpoint.checkpoint": ("checkpointing", 0.5),
    "checkpoint.checkpoint": ("checkpointing", 0.5),
    "torch.utils.checkpoint.checkpoint_sequential": ("checkpointing", 0.5),
}
_PY_LINES: tuple[tuple[re.Pattern[str], float, dict[str, object]], ...] = (
    (re.compile(r"^class\s+\w+\(\s*(torch\.)?(autograd\.)?Function\s*\)"), 0.9,
     {"pattern": "class", "part": "autograd"}),
    (re.compile(r"^class\s+\w+\(\s*(torch\.)?(optim\.)?Optimizer\s*\)"), 0.9,
     {"pattern": "class", "part": "optimizer"}),
    (re.compile(r"^def\s+backward\(\s*ctx\b"), 0.9, {"pattern": "backward", "part": "autograd"}),
    (re.compile(rf"^def\s+_?(single_tensor|multi_tensor|fused)_({_OPTIMIZERS})\b"), 0.9,
     {"pattern": "definition", "part": "optimizer"}),
)  # fmt: skip
_SUBJECT = re.compile(
    r"(?i)\b(autograd|autodiff|backprop\w*|backward pass(es)?|gradients? (of|for) \w+|gradient checkpointing"
    r"|activation (checkpointing|recomputation)|(adamw?|sgd|lamb|lion|adafactor|muon|8-?bit) optimi[sz]ers?"
    r"|fused (adamw?|optimi[sz]ers?)|optimi[sz]er (step|state)s?|loss scal(ing|er)"
    r"|grad(ient)? (accumulation|clipping))\b"
)
_NOT_SUBJECT = re.compile(r"(?i)\b(typo|readme|docs?|tests?|ci|bench\w*)\b")
_TEST_NAME = re.compile(r"^test_|_should_|^should_|_test$")


def part_of(name: str) -> str | None:
    snaked = snake(name)
    return next((part for part, rx in _PARTS if rx.search(snaked)), None)


class TrainingInternals(Detector):
    name = "training_internals"
    lexical_languages = frozenset({"python"})
    # Narrower than _LOOSE (which only pre-tests definition names): identifiers that make a file worth parsing.
    trigger_words = (
        r"(?i)backward|bwd|backprop|autograd|autodiff|vjp|jvp|grad_?(fn|store|input|weight|bias|output|out|in|x|w|q|k|v)$"
        r"|grad_?(fn|store|input|weight|bias|output)|dq_?dk|dk_?dv|(compute|accumulate)_?grad|adam|sgd|(^|_)(lamb|lion"
        r"|lars)(_|$)|^(Lamb|Lion|Lars)|adagrad|adadelta|rmsprop|adafactor|sophia|muon|novograd|ademamix|optimi[sz]er"
        r"|tensor_?apply|(single|multi)_?tensor|momentum|nesterov|weight_?decay|zero_?grad|checkpoint|recomput"
        r"|loss_?scal|grad_?scal|unscale|lr_?schedul|cosine_?anneal|warmup|^(Backward|Step|Checkpointer|RetroForward)$"
    )
    patterns = merge(
        definition_patterns("definition", _LOOSE),
        {
            "rust": (
                (
                    "trait_impl",
                    f"(impl_item trait: (type_identifier) @t (#match? @t {q(_RUST_TRAITS)}) type: (_) @hit)",
                ),
                (
                    "trait_impl",
                    f"(impl_item trait: (generic_type type: (type_identifier) @t (#match? @t {q(_RUST_TRAITS)}))"
                    " type: (_) @hit)",
                ),
                ("grad_type", f"((type_identifier) @hit (#match? @hit {q(_RUST_TYPES)}))"),
            ),
        },
    )
    weights = {"definition": 0.9, "trait_impl": 1.0, "grad_type": 0.5}

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None or f.is_test or is_benchmark_path(f.path):
            return None
        if m.tag == "definition":
            if _TEST_NAME.search(f.text(node)):
                return None  # an inline Rust test (`fn avg_pool2d_backward_should_work`) tests the pass, is not it
            part = part_of(f.text(node))
            weight = 0.4 if part == "scheduler" else self.weights["definition"]
        elif m.tag == "trait_impl":
            trait = m.node("t")
            part = _rust_trait_part(f.text(trait) if trait is not None else "")
            weight = self.weights["trait_impl"]
        else:
            part, weight = _rust_type_part(f.text(node)), self.weights["grad_type"]
        if part is None:
            return None
        return Hit(node.start_point.row, weight, {"pattern": m.tag, "part": part, "name": f.text(node)[:60]})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if f.is_test or is_benchmark_path(f.path):
            return []
        if not python_ast.mentions(f.source, _PY_WORDS) or not _PY_PREFILTER.search(f.source):
            return []
        found = python_ast.index(f.source)
        if found is None:
            return regex_hits(f, _PY_LINES)
        return _tree_hits(found)

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        subject = ctx.commit.subject
        found = _SUBJECT.search(subject)
        if found is None or _NOT_SUBJECT.search(subject):
            return []
        words = found.group(0).lower()
        part = "optimizer" if re.search(r"clipping|accumulation", words) else part_of(words.replace(" ", "_"))
        detail = {"pattern": "subject", "part": part or "autograd", "source": "text"}
        return [Signal(kind=self.name, weight=0.6, evidence=ctx.evidence(snippet=subject[:300]), detail=detail)]


def _rust_trait_part(trait: str) -> str | None:
    if trait in ("Backward", "AutodiffBackend", "Checkpointer", "RetroForward"):
        return "checkpointing" if trait in ("Checkpointer", "RetroForward") else "autograd"
    if trait == "LrScheduler":
        return "scheduler"
    return "optimizer" if trait in ("Optimizer", "SimpleOptimizer", "Step") else None


def _rust_type_part(name: str) -> str:
    if name in ("GradStore", "Gradients"):
        return "autograd"
    return "checkpointing" if name == "CheckpointingStrategy" else "optimizer"


def _tree_hits(found: python_ast.PyIndex) -> list[Hit]:
    hits: list[Hit] = []
    for node in found.definitions:
        hit = _class_hit(node) if isinstance(node, ast.ClassDef) else _function_hit(node)
        if hit is not None:
            hits.append(hit)
    for call, name in found.calls:
        if name in _PY_CALLS:
            part, weight = _PY_CALLS[name]
            hits.append(Hit(python_ast.row(call), weight, {"pattern": "call", "part": part}))
    return hits


def _class_hit(cls: ast.ClassDef) -> Hit | None:
    bases = [python_ast.dotted(b) for b in cls.bases]
    part = next((_PY_BASES[b] for b in bases if b in _PY_BASES), None)
    methods = {n.name for n in cls.body if isinstance(n, ast.FunctionDef)}
    if part == "autograd" and "backward" not in methods and "forward" not in methods:
        part = None  # `Function` is a common base name; an autograd Function defines forward/backward
    if part is None and "backward" in methods and "forward" in methods:
        part = "autograd"  # an op of a hand-written autograd engine (tinygrad's old mlops, micrograd)
    if part is None:
        part = part_of(cls.name) if part_of(cls.name) in ("optimizer", "loss_scaling") and "step" in methods else None
    if part is None:
        return None
    weight = 0.4 if part == "scheduler" else 1.0
    return Hit(python_ast.row(cls), weight, {"pattern": "class", "part": part, "name": cls.name})


def _function_hit(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> Hit | None:
    part = part_of(fn.name)
    if part is None or fn.name.startswith("test"):
        return None
    if part == "autograd" and fn.name == "backward":
        return None  # a method named backward is judged with its class (see _class_hit)
    weight = 0.4 if part == "scheduler" else 0.8
    return Hit(python_ast.row(fn), weight, {"pattern": "definition", "part": part, "name": fn.name})
