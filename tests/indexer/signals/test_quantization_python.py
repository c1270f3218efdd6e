from datetime import UTC, datetime

from indexer.signals import detect_commit
from models.records import Commit, FileChange, Identity
from models.settings import Settings

from .helpers import commit


def _quant(files: dict[str, str | list[tuple[int, str]]]) -> list:
    return [s for s in detect_commit(commit(files), Settings()).signals if s.kind == "quantization"]


def test_a_tensor_subclass_hunk_that_does_not_parse_still_counts() -> None:
    # Starts inside a class body and leaves a block open: `ast` cannot parse it, the indentation blocks can.
    code = """
            class UIntxBitPackedTensor(TorchAOBaseTensor):
                @classmethod
                def from_hp(cls, hp_tensor, block_size):
                    for i in range(
    """
    found = _quant({"torchao/prototype/dtypes/uintx/uintx_bit_packed_tensor.py": code})
    assert found and found[0].evidence.line == 1


def test_a_config_and_its_transform_count_by_name_and_shape() -> None:
    code = """
        class Int8DynamicActivationInt4WeightConfig(AOBaseConfig):
            group_size: int = 32
    """
    assert _quant({"torchao/experimental/api.py": code})


def test_a_low_bit_dtype_in_a_name_with_casting_arithmetic_is_not_quantization() -> None:
    code = """
        def to_uint8_image(x):
            return (x.clamp(0, 1) * 255).to(torch.uint8)
    """
    assert _quant({"src/image_utils.py": code}) == []


def test_applying_quantize_to_a_model_is_not_writing_quantization() -> None:
    code = """
        def quantize_model_for_eval(model):
            quantize_(model, Int4WeightOnlyConfig(group_size=128))
            return model
    """
    assert _quant({"torchao/_models/llama/eval.py": code}) == []


def test_a_helper_in_a_quantization_module_needs_quantization_in_it() -> None:
    assert _quant({"torchao/quantization/utils.py": "def _device(m):\n    return next(m.parameters()).device\n"}) == []


def test_a_body_that_continues_past_a_gap_in_the_added_lines_is_cut_at_the_gap() -> None:
    # Line 2 is the name; the arithmetic is 40 lines further down, in some other definition the change touched.
    lines = [(1, "def quantize_helper(x):"), (2, "    return x"), (40, "    q = torch.round(x / scale).clamp(0, 15)")]
    assert _quant({"src/helpers.py": lines}) == []


def test_removed_quantization_code_adds_no_evidence() -> None:
    deletion = Commit(
        repo="example/repo",
        sha="b" * 40,
        author=Identity(name="Ada Example", email="ada@example.com"),
        authored_at=datetime(2025, 3, 1, tzinfo=UTC),
        message="Remove old GPTQ path",
        files=[FileChange(path="torchao/quantization/GPTQ.py", removed=300, added=0)],
    )
    assert [s for s in detect_commit(deletion, Settings()).signals if s.kind == "quantization"] == []


def test_tests_and_tutorials_of_quantized_tensors_are_not_evidence() -> None:
    code = """
        class MyDTypeTensor(TorchAOBaseTensor):
            def dequantize(self):
                return dequantize_affine(self.qdata, self.block_size, self.scale, self.zero_point, torch.int8)
    """
    assert _quant({"tutorials/developer_api_guide/my_dtype.py": code, "test/dtypes/test_my_dtype.py": code}) == []
