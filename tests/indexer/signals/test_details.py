from indexer.signals import detect_commit
from indexer.signals.benchmark_claim import parse_claims
from indexer.signals.quantization import formats
from indexer.signals.simd import isa_of
from models.settings import Settings

from .helpers import commit


def test_simd_reports_the_isa() -> None:
    d = detect_commit(
        commit({"src/a.c": "__m512 v = _mm512_loadu_ps(p);\nfloat32x4_t n = vld1q_f32(q);"}),
        Settings(),
    )
    assert {s.detail["isa"] for s in d.signals if s.kind == "simd"} == {"avx512", "neon"}


def test_isa_names() -> None:
    assert isa_of("_mm256_madd_epi16") == "avx2"
    assert isa_of("_mm256_fmadd_ps") == "fma"
    assert isa_of("_mm_add_ps") == "sse"
    assert isa_of("svld1_f32") == "sve"
    assert isa_of("__riscv_vle32_v_f32m1") == "rvv"
    assert isa_of("wasm_f32x4_add") == "wasm_simd128"


def test_quantization_details_formats() -> None:
    d = detect_commit(
        commit({"src/q.c": "void dequantize_row_q4_K(const block_q4_K * x, float * y, int64_t k) {\n}"}),
        Settings(),
    )
    quant = [s for s in d.signals if s.kind == "quantization"]
    assert quant and "Q4_K" in quant[0].detail["formats"]
    assert formats("BlockQ8_0") == ["Q8_0"]
    assert formats("gemm_half_q_half_gptq_4bit_kernel") == ["GPTQ"]


def test_benchmark_claims_are_structured() -> None:
    claims = [c for _, c in parse_claims("Decode goes from 23.1 ms to 17.6 ms on an A100.")]
    assert claims[0]["kind"] == "before_after"
    assert (claims[0]["before"], claims[0]["after"], claims[0]["unit"]) == (23.1, 17.6, "ms")
    assert claims[0]["metric"] == "latency" and claims[0]["hardware"] == "A100"
    speed = [c for _, c in parse_claims("metal: 1.8x faster prompt processing on M2 Ultra")]
    assert speed[0]["after"] == 1.8 and speed[0]["unit"] == "x" and speed[0]["hardware"] == "M2 Ultra"


def test_benchmark_claim_signal_reads_pr_text() -> None:
    d = detect_commit(commit({}, message="cuda: tune mmq", pr_text="tg128: 120.5 -> 131.2 t/s on RTX 4090"), Settings())
    claim = [s for s in d.signals if s.kind == "benchmark_claim"]
    assert claim and claim[0].evidence.path is None
    assert claim[0].detail["metric"] == "text_generation" and claim[0].detail["hardware"] == "RTX 4090"


def test_unsafe_summary_counts_unsafe_and_rust_lines() -> None:
    body = """
        fn safe_one() -> u32 {
            1
        }
        fn raw(p: *const f32) -> f32 {
            unsafe {
                *p
            }
        }
    """
    d = detect_commit(commit({"src/a.rs": body}), Settings())
    summary = [s for s in d.signals if s.kind == "unsafe_rust" and s.detail.get("summary")]
    assert len(summary) == 1
    assert summary[0].detail["unsafe_lines"] == 3
    assert summary[0].detail["rust_lines"] == 8


def test_reversed_pair_is_parsed_as_before_after() -> None:
    claims = [c for _, c in parse_claims("TG-128 drops to 21.7 t/s from 28.8 on M2 Max")]
    assert (claims[0]["before"], claims[0]["after"], claims[0]["unit"]) == (28.8, 21.7, "t/s")


def test_loongarch_vectors_are_not_reported_as_sse() -> None:
    d = detect_commit(
        commit({"src/ggml.c": "static inline __m128 load4(const float * x) { return __lsx_vld(x, 0); }"}), Settings()
    )
    assert {s.detail["isa"] for s in d.signals if s.kind == "simd"} == {"lsx"}


def test_s390_vector_types_are_not_reported_as_neon() -> None:
    d = detect_commit(commit({"src/ggml-cpu/arch/s390/quants.c": "float32x4_t acc[8];"}), Settings())
    assert {s.detail["isa"] for s in d.signals if s.kind == "simd"} == {"vxe"}


def test_tests_with_code_points_at_the_test_definition() -> None:
    files = {
        "src/k.cu": "__global__ void k(float * x) { x[threadIdx.x] = 0.0f; }",
        "tests/test_k.cpp": (
            "#include <gtest/gtest.h>\nstatic int helper = 3;\nTEST(k, zeroes) {\n    EXPECT_EQ(run_k(), 0);\n}"
        ),
    }
    d = detect_commit(commit(files), Settings())
    twc = [s for s in d.signals if s.kind == "tests_with_code"]
    assert twc and twc[0].evidence.path == "tests/test_k.cpp" and twc[0].evidence.line == 3
    assert "cuda_kernel" in twc[0].detail["kernel_evidence"]


def _cuda_hardware(files: dict[str, str], message: str = "add kernel") -> set[object]:
    d = detect_commit(commit(files, message=message), Settings())
    return {s.detail.get("hardware") for s in d.signals if s.kind == "cuda_kernel"}


KERNEL = "static __global__ void k(float * x) {\n    __shared__ float s[32];\n    x[threadIdx.x] = s[0];\n}\n"


def test_kernel_work_for_amd_gpus_is_marked_hip() -> None:
    assert _cuda_hardware({"src/ggml-hip/mmq.cu": KERNEL}) == {"HIP"}
    assert _cuda_hardware({"src/k.cu": KERNEL + "int w = __builtin_amdgcn_wavefrontsize();\n"}) == {"HIP"}
    assert _cuda_hardware({"src/k.cu": KERNEL}, message="HIP: fix mmq on RDNA3") == {"HIP"}


def test_plain_cuda_kernel_work_names_no_hardware() -> None:
    assert _cuda_hardware({"src/k.cu": KERNEL}, message="cuda: faster softmax (ship it)") == {None}
    # A guard that fences AMD out, and CUDA work kept building for AMD, are not AMD work.
    assert _cuda_hardware({"src/k.cu": "#if !defined(GGML_USE_HIP)\n" + KERNEL + "#endif\n"}) == {None}
    assert _cuda_hardware({"src/k.cu": KERNEL}, message="CUDA/HIP: faster mmq") == {None}


def test_cuda_kernel_and_amd_gpu_agree_on_what_is_amd() -> None:
    # composable_kernel's tree and an Instinct subject are AMD; an AMD CPU in the subject is not an AMD GPU.
    assert _cuda_hardware({"csrc/flash_attn_ck/mha_fwd.cu": KERNEL}) == {"HIP"}
    assert _cuda_hardware({"src/k.cu": KERNEL}, message="faster mmq on Instinct") == {"HIP"}
    assert _cuda_hardware({"src/k.cu": KERNEL}, message="AMD Zen4: faster AVX-512 path") == {None}
