from indexer.signals import detect_commit
from models.settings import Settings

from .helpers import commit

TRITON_ATTENTION = """import triton
import triton.language as tl


@triton.jit
def _attn_fwd(Q, K, V, Out, BLOCK_M: tl.constexpr):
    m_ij = tl.maximum(m_i, tl.max(qk, 1))
    alpha = tl.math.exp2(m_i - m_ij)
"""


def _attention(files: dict[str, str]) -> list[str]:
    d = detect_commit(commit(files), Settings())
    return [s.detail["pattern"] for s in d.signals if s.kind == "attention_kernel"]


def test_attention_written_as_a_python_hosted_kernel_counts() -> None:
    assert set(_attention({"flash_attn/triton/fwd.py": TRITON_ATTENTION})) == {"definition", "online_softmax"}


def test_python_attention_outside_kernel_files_tests_and_benchmarks_does_not() -> None:
    model = TRITON_ATTENTION.replace("import triton\nimport triton.language as tl\n", "import torch\n").replace(
        "@triton.jit\n", ""
    )
    assert _attention({"models/llama.py": model}) == []
    assert _attention({"tests/test_fwd.py": TRITON_ATTENTION}) == []
    assert _attention({"benchmarks/bench_fwd.py": TRITON_ATTENTION}) == []
    assert _attention({"flash_attn/cute/benchmark_fp8.py": TRITON_ATTENTION}) == []
    assert _attention({"flash_attn/triton_amd/bench.py": TRITON_ATTENTION}) == []
