from indexer.signals import detect_commit
from indexer.signals.ml_compiler import area_of_name
from models.settings import Settings

from .helpers import commit


def _compiler(files: dict[str, str], message: str = "Change") -> list[dict]:
    d = detect_commit(commit(files, message=message), Settings())
    return [s.detail for s in d.signals if s.kind == "ml_compiler"]


def test_defined_names_map_to_a_stage() -> None:
    assert area_of_name("lower_to_llvm") == "lowering"
    assert area_of_name("lower_bound") is None
    assert area_of_name("emit_load") == "codegen"
    assert area_of_name("MatmulAutotuneKey") == "autotuning"
    assert area_of_name("WgslCompiler") == "compiler"
    assert area_of_name("add_rows") is None


def test_mlir_rewrite_pattern_reports_rewrite() -> None:
    body = "struct Fold : public mlir::OpRewritePattern<AddOp> {\n};\n"
    areas = {d["area"] for d in _compiler({"lib/Fold.cpp": body})}
    assert "rewrite" in areas


def test_nvrtc_is_jit() -> None:
    areas = {d["area"] for d in _compiler({"src/jit.cpp": "nvrtcCompileProgram(prog, n, opts);\n"})}
    assert areas == {"jit"}


def test_using_torch_compile_on_a_model_does_not_count() -> None:
    assert _compiler({"train.py": "model = torch.compile(model)\nout = jax.jit(f)(x)\n"}) == []


def test_tinygrad_pattern_matcher_is_a_rewrite() -> None:
    details = _compiler({"tinygrad/codegen/rewrite.py": "pm = PatternMatcher([(UPat(Ops.ADD), fold)])\n"})
    assert details and details[0]["area"] == "rewrite"


def test_lowering_memory_in_text_is_not_a_compiler() -> None:
    assert _compiler({"src/a.py": "x = 1\n"}, message="Fix compile error and lower memory use") == []
    details = _compiler({"src/a.py": "x = 1\n"}, message="Lower reduce ops to uops before linearizing")
    assert details and details[0]["area"] == "lowering"


def test_editing_a_compiler_directory_counts_weakly_by_path() -> None:
    body = "def fold(x):\n  y = x + 1\n  return y\n"
    details = _compiler({"tinygrad/codegen/late/linearizer.py": body})
    assert details == [{"area": "compiler", "pattern": "path", "source": "code"}]
    assert _compiler({"crates/burn-derive/src/codegen.rs": "fn a() {\n    b();\n    c();\n}\n"}) == []
