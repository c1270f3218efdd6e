from indexer.signals import detect_commit
from indexer.signals.simd import families_named, isa_of
from models.settings import Settings

from .helpers import commit

_SHARED = """
#if defined(__ARM_FEATURE_SVE)
    svbool_t pg = svwhilelt_b16(np, n);
    svfloat16_t hy = svld1_f16(pg, (__fp16 *)(y + np));
#elif defined(__riscv_v_intrinsic)
    size_t vl = __riscv_vsetvl_e16m8(n - i);
    vfloat16m8_t ay = __riscv_vle16_v_f16m8(y + i, vl);
#endif
"""


def _isas(message: str) -> set[str]:
    d = detect_commit(commit({"src/ggml-cpu/vec.h": _SHARED}, message=message), Settings())
    return {str(s.detail["isa"]) for s in d.signals if s.kind == "simd"}


def test_rvv_commit_keeps_only_rvv_hits_from_reindented_sve_lines() -> None:
    assert _isas("ggml-cpu: add RISC-V RVV (Zvfh) optimization for FP16 vector scaling") == {"rvv"}


def test_commit_naming_no_isa_keeps_every_isa() -> None:
    assert _isas("vec: refactor fp16 scaling") == {"sve", "rvv"}


def test_commit_naming_two_families_keeps_both() -> None:
    assert _isas("add SVE and RVV paths for f16 scaling") == {"sve", "rvv"}


def test_rvv_segment_store_is_not_sse() -> None:
    assert isa_of("__riscv_vsseg4e64_v_i64m2x4") == "rvv"


def test_family_words_need_a_real_isa_name() -> None:
    assert families_named("fix power of two rounding") == set()
    assert families_named("ggml : s390x VXE2 fixes") == {"s390"}
    assert families_named("x86: AVX-512 path") == {"x86"}
