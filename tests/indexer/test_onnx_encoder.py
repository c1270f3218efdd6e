from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from indexer import onnx_encoder
from indexer.embedding import Embedder, model_location
from models.settings import DEFAULT_MODEL, Settings

TEXTS = [
    "Rust engineer on candle",
    "Writes CUDA kernels for fused attention, int4 quantized matmul and the Metal backend of a tensor library",
    "x",
    "Python web developer",
    "Ported the GGML quantization formats to Vulkan compute shaders and tuned them on three GPU vendors",
]


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("model-cache")


@pytest.fixture(scope="module")
def onnx(cache: Path) -> Iterator[Embedder]:
    yield Embedder(Settings(model_cache_dir=cache, embedding_batch_size=2, embedding_precision="fp32"))


def test_onnx_vectors_match_the_torch_backend_whatever_the_batching(onnx: Embedder) -> None:
    torch_vectors = Embedder(Settings(embedding_backend="torch", embedding_batch_size=3)).encode(TEXTS)
    vectors = onnx.encode(TEXTS)
    assert vectors.dtype == np.float32 and vectors.shape == (len(TEXTS), 384)
    assert np.abs(vectors - torch_vectors).max() < 1e-5
    assert np.abs(onnx.encode(TEXTS[1:2])[0] - vectors[1]).max() < 1e-5  # alone, without padding


def test_the_graph_is_exported_once_into_the_cache_and_reused(onnx: Embedder, cache: Path) -> None:
    assert onnx.dimension == 384
    graphs = list(cache.glob("onnx/*/model.onnx"))
    assert len(graphs) == 1
    written = graphs[0].stat().st_mtime_ns
    again = Embedder(Settings(model_cache_dir=cache, embedding_precision="fp32"))
    assert again.dimension == 384 and isinstance(again._model, onnx_encoder.OnnxEncoder)
    assert graphs[0].stat().st_mtime_ns == written and list(cache.glob("onnx/*/*")) == graphs


def test_a_model_not_pooled_by_the_mean_is_left_to_the_torch_backend(tmp_path: Path) -> None:
    packaged = Path(model_location(DEFAULT_MODEL))
    assert onnx_encoder.supports(packaged)
    (tmp_path / "1_Pooling").mkdir()
    for name in ("tokenizer.json", "sentence_bert_config.json"):
        (tmp_path / name).write_bytes((packaged / name).read_bytes())
    (tmp_path / "1_Pooling" / "config.json").write_text('{"pooling_mode_cls_token": true}')
    assert not onnx_encoder.supports(tmp_path)


def test_the_cache_key_changes_with_the_model_files(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "model.safetensors").write_bytes(b"a")
    first = onnx_encoder.graph_path(model, tmp_path / "cache")
    (model / "model.safetensors").write_bytes(b"ab")
    assert onnx_encoder.graph_path(model, tmp_path / "cache") != first


def test_int8_precision_quantizes_the_graph_once_and_stays_close_to_fp32(onnx: Embedder, cache: Path) -> None:
    fp32 = onnx.encode(TEXTS)
    int8 = Embedder(Settings(model_cache_dir=cache, embedding_precision="int8"))
    vectors = int8.encode(TEXTS)
    assert vectors.shape == fp32.shape and np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    cosine = (vectors * fp32).sum(axis=1)
    assert cosine.min() > 0.95 and np.abs(vectors - fp32).max() > 1e-5  # close, and really another graph
    quantized = list(cache.glob("onnx/*/model.int8.onnx"))
    fp32_size = next(cache.glob("onnx/*/model.onnx")).stat().st_size
    assert len(quantized) == 1 and quantized[0].stat().st_size < 0.75 * fp32_size  # the token table stays fp32
    written = quantized[0].stat().st_mtime_ns
    Embedder(Settings(model_cache_dir=cache, embedding_precision="int8")).encode(TEXTS[:1])
    assert quantized[0].stat().st_mtime_ns == written
