from indexer.signals import detect_commit
from indexer.signals.backend_port import backend_display, introduced_backend
from models.settings import Settings

from .helpers import commit


def _port(files: dict[str, str], message: str = "Change", new: bool = False) -> list[dict]:
    c = commit(files, message=message)
    if new:
        c = c.model_copy(update={"files": [f.model_copy(update={"kind": "added"}) for f in c.files]})
    d = detect_commit(c, Settings())
    return [s.detail for s in d.signals if s.kind == "backend_port"]


def test_subjects_that_introduce_a_backend() -> None:
    assert introduced_backend("ggml : add SYCL backend") == "SYCL"
    assert introduced_backend("ggml : initial CANN support") == "CANN"
    assert introduced_backend("Port ggml to RISC-V") == "RISC-V"
    assert introduced_backend("ggml-cpu : add s390x support") == "s390x"
    assert introduced_backend("Add burn-flex CPU backend (#4761)") == "burn-flex CPU"


def test_subjects_that_work_inside_a_backend() -> None:
    assert introduced_backend("vulkan: optimize mul_mm for AMD") is None
    assert introduced_backend("Add argtopk for Cubecl backend") is None
    assert introduced_backend("Add CUDA 13 support") is None
    assert introduced_backend("vulkan: support all backend tests for SQR") is None
    assert introduced_backend("Add Metal support for quantized matmul") is None


def test_backend_display_names() -> None:
    assert backend_display("sycl") == "SYCL"
    assert backend_display("MetalDevice") == "Metal"
    assert backend_display("WgpuStorage") == "WebGPU"


def test_ggml_registration_in_a_new_file_names_the_backend() -> None:
    body = "ggml_backend_reg_t ggml_backend_cann_reg(void) {\n    return &reg;\n}\n"
    assert _port({"ggml/src/ggml-cann/ggml-cann.cpp": body}, new=True) == [
        {"pattern": "ggml_backend", "backend": "CANN", "source": "code"}
    ]


def test_registration_edited_in_an_existing_file_is_upkeep() -> None:
    body = "ggml_backend_reg_t ggml_backend_cann_reg(void) {\n    return &reg;\n}\n"
    assert _port({"ggml/src/ggml-cann/ggml-cann.cpp": body}) == []


def test_bring_up_text_needs_code() -> None:
    assert _port({"docs/backend/CANN.md": "# CANN"}, message="docs: add CANN backend") == []
    assert _port({".github/workflows/cann.yml": "on: push"}, message="ci: add CANN backend build") == []


_OP = "".join(f"    acc{i} = aclnn_add(ctx, src{i}, dst{i});\n" for i in range(12))
_OP_BODY = "void ggml_cann_add(ggml_backend_cann_context & ctx, ggml_tensor * dst) {\n" + _OP + "}\n"


def test_ops_written_in_an_accelerator_backend_tree_are_bring_up_work() -> None:
    assert _port({"ggml/src/ggml-cann/aclnn_ops.cpp": _OP_BODY}, message="CANN: support ELU") == [
        {"backend": "CANN", "pattern": "path", "source": "code"}
    ]
    assert _port({"ggml/src/ggml-hexagon/htp/matmul-ops.c": _OP_BODY}, message="hexagon: faster matmul") == [
        {"backend": "Hexagon", "pattern": "path", "source": "code"}
    ]


def test_backends_with_skills_of_their_own_and_moves_are_not_accelerator_bring_up() -> None:
    assert _port({"ggml/src/ggml-vulkan/ggml-vulkan.cpp": _OP_BODY}, message="vulkan: support ELU") == []
    assert _port({"ggml/src/ggml-cann/aclnn_ops.cpp": _OP_BODY}, message="CANN: move ops into aclnn_ops") == []
    assert _port({"ggml/src/ggml-cann/aclnn_ops.cpp": "void f() {\n  g();\n}\n"}, message="CANN: fix typo") == []


def test_the_backend_named_is_the_one_whose_tree_held_the_code() -> None:
    files = {"ggml/src/ggml-hexagon/CMakeLists.txt": "set(X 1)\n", "ggml/src/ggml-cann/aclnn_ops.cpp": _OP_BODY}
    assert [d["backend"] for d in _port(files, message="npu: support ELU")] == ["CANN"]
