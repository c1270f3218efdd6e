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
