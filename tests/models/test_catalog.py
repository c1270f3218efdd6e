from models.catalog import classify_path


def test_first_matching_path_rule_wins() -> None:
    assert classify_path("huggingface/candle", "candle-flash-attn/kernels/flash_fwd_kernel.h") == "vendored"
    assert classify_path("huggingface/candle", "candle-flash-attn/src/lib.rs") == "systems"
    assert classify_path("pytorch/pytorch", "aten/src/ATen/native/cuda/Loss.cu") == "systems"
    assert classify_path("pytorch/pytorch", "torch/nn/modules/linear.py") == "application"


def test_unknown_repo_or_path_falls_back_to_none() -> None:
    assert classify_path("someone/else", "src/kernel.cu") is None
    assert classify_path("huggingface/candle", "README.md") is None
