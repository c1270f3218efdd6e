import threading
import time

import numpy as np
import pytest

from search.batching import BatchingEncoder


class SlowEncoder:
    """Encodes a text as [len(text), first char code]; each call takes a while, like a model."""

    def __init__(self, fail: bool = False) -> None:
        self.calls: list[int] = []
        self.fail = fail

    def encode(self, texts: list[str]) -> np.ndarray:
        self.calls.append(len(texts))
        time.sleep(0.05)
        if self.fail:
            raise RuntimeError("model broke")
        return np.array([[len(t), ord(t[0])] for t in texts], dtype=np.float32)


def run_together(encoder: BatchingEncoder, texts: list[list[str]]) -> list[object]:
    out: list[object] = [None] * len(texts)

    def one(i: int) -> None:
        try:
            out[i] = encoder.encode(texts[i])
        except RuntimeError as exc:
            out[i] = exc

    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(texts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=10)
    return out


def test_concurrent_calls_share_model_calls_and_each_gets_its_own_rows() -> None:
    inner = SlowEncoder()
    texts = [[f"{chr(97 + i)}" * (i + 1), "zz"] for i in range(20)]
    results = run_together(BatchingEncoder(inner), texts)
    for mine, got in zip(texts, results, strict=True):
        assert np.array_equal(got, np.array([[len(t), ord(t[0])] for t in mine], dtype=np.float32))
    assert sum(inner.calls) == 40 and len(inner.calls) < 20  # fewer model calls than requests


def test_a_model_error_reaches_every_caller_of_the_batch() -> None:
    results = run_together(BatchingEncoder(SlowEncoder(fail=True)), [["a"], ["b"], ["c"]])
    assert all(isinstance(r, RuntimeError) for r in results)


def test_a_lone_call_is_one_model_call() -> None:
    inner = SlowEncoder()
    assert BatchingEncoder(inner).encode(["abc"]).tolist() == [[3.0, 97.0]]
    assert inner.calls == [1]


@pytest.mark.parametrize("max_batch", [1, 3])
def test_batches_respect_the_cap(max_batch: int) -> None:
    inner = SlowEncoder()
    run_together(BatchingEncoder(inner, max_batch=max_batch), [[f"t{i}"] for i in range(8)])
    assert max(inner.calls) <= max_batch and sum(inner.calls) == 8
