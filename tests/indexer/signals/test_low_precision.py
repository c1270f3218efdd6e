from indexer.signals import detect_commit
from indexer.signals.low_precision import format_of
from models.settings import Settings
from models.taxonomy import SKILLS

from .helpers import commit


def _low(files: dict[str, str], message: str = "Change") -> list:
    return [s for s in detect_commit(commit(files, message), Settings()).signals if s.kind == "low_precision"]


def test_fp8_conversion_routine_reports_its_format() -> None:
    found = _low({"csrc/cvt.cuh": "__device__ float e5m2_to_float(uint8_t v) {\n  return 0.f;\n}"})
    assert found and found[0].detail["format"] == "e5m2" and found[0].detail["pattern"] == "definition"


def test_choosing_bf16_in_model_code_is_not_precision_work() -> None:
    code = """
        model = Model.from_pretrained(path, torch_dtype=torch.bfloat16)
        y = model(x.to(torch.float16)).half()
    """
    assert _low({"models/run.py": code}) == []


def test_python_fp8_scaling_and_scaled_mm_fire() -> None:
    code = """
        def cast_to_float8(x, scale):
            return (x * scale).clamp(-448.0, 448.0).to(torch.float8_e4m3fn)

        out = torch._scaled_mm(a, b, scale_a=sa, scale_b=sb)
    """
    patterns = {s.detail["pattern"] for s in _low({"float8/ops.py": code})}
    assert {"definition", "scaled_mm"} <= patterns


def test_a_subject_naming_fp8_counts_as_text_but_a_docs_fix_does_not() -> None:
    assert _low({}, "Add fp8 e4m3 GEMM path")[0].detail["source"] == "text"
    assert _low({}, "docs: fix fp8 typo") == []


def test_formats_are_canonical() -> None:
    assert format_of("float_to_bf16") == "bf16"
    assert format_of("Float8_e4m3fn") == "e4m3"
    assert format_of("to_mxfp8") == "mxfp8"


def test_precision_words_name_low_precision_not_dtype_dispatch_or_quantization() -> None:
    for word in ("mixed precision", "fp16", "bf16", "bfloat16", "half precision", "low precision", "fp8"):
        assert word in SKILLS["low_precision"].synonyms, word
        assert word not in SKILLS["dtype_dispatch"].synonyms and word not in SKILLS["quantization"].synonyms


def test_half2_arithmetic_counts_but_half2_packing_does_not() -> None:
    assert _low({"k.cu": "__device__ half2 f(half2 a, half2 b) {\n  return __hfma2(a, b, a);\n}"})
    assert _low({"q.cu": "__device__ half2 g(half a) {\n  return __halves2half2(a, a);\n}"}) == []


def test_fp16_output_of_a_dequantization_kernel_is_quantization_not_precision_work() -> None:
    code = "__device__ void dq(half* y, float d) {\n  y[0] = __float2half_rn(d * 8.0f);\n}"
    assert _low({"csrc/exllama/q_gemm.cuh": code}) == []
    assert _low({"csrc/ops/gelu.cuh": code})


def test_autocast_counts_in_a_training_loop_not_in_inference_code() -> None:
    serve = 'with torch.autocast("cuda", dtype=torch.bfloat16):\n    out = model(x)\n'
    train = serve + "    out.loss.backward()\n"
    assert _low({"server/run.py": serve}) == []
    assert _low({"trainer/loop.py": train})[0].detail["pattern"] == "mixed_precision"
    assert _low({}, "Add MX formats to the linear layer") and _low({}, "Ruff lint fixes (float8)") == []
    assert _low({}, "[float8] Support passing extra args to benchmarking script") == []
