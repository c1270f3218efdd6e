import os
import socket
from collections.abc import Iterator

import numpy as np
import pytest

from indexer.embedding import Embedder
from models.errors import ScoutError
from models.settings import Settings


class NetworkUsed(AssertionError):
    pass


def _no_network(*args: object, **kwargs: object) -> None:
    raise NetworkUsed("the embedder tried to open a network connection")


@pytest.fixture(scope="module")
def embedder() -> Iterator[Embedder]:
    # loaded with networking cut: nothing may be downloaded at run time
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        mp.setattr(socket.socket, "connect", _no_network)
        mp.setattr(socket.socket, "connect_ex", _no_network)
        mp.setattr(socket, "create_connection", _no_network)
        model = Embedder(Settings(embedding_batch_size=2))
        yield model


def test_default_model_loads_offline_with_the_network_cut(embedder: Embedder) -> None:
    assert embedder.dimension == 384
    assert os.environ["HF_HUB_OFFLINE"] == "1"


def test_encode_returns_normalised_float32_rows_in_batches(embedder: Embedder) -> None:
    texts = ["Rust engineer on candle", "CUDA kernels for attention", "Python web developer"]
    vectors = embedder.encode(texts)
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # batching (batch size 2 here) must not change results
    assert np.allclose(embedder.encode(texts[:1])[0], vectors[0], atol=1e-5)
    assert embedder.encode([]).shape == (0, 384)


def test_similar_texts_are_closer_than_unrelated_ones(embedder: Embedder) -> None:
    a, b, c = embedder.encode(["quantized matmul CUDA kernels", "int4 quantization GPU kernels", "CSS page layout"])
    assert float(a @ b) > float(a @ c)


def test_missing_model_path_is_a_clear_error(tmp_path: object) -> None:
    with pytest.raises(ScoutError, match="cannot load embedding model.*SCOUT_EMBEDDING_MODEL"):
        Embedder(Settings(embedding_model=f"{tmp_path}/no-such-model")).encode(["x"])


def test_loading_the_model_prints_no_progress_bar(capfd: pytest.CaptureFixture[str]) -> None:
    quiet = Embedder(Settings())
    assert quiet.dimension == 384
    quiet.encode(["Rust engineer on candle"] * 3)
    out, err = capfd.readouterr()
    assert "Loading weights" not in err + out and "Batches" not in err + out
