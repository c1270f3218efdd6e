"""Concurrent searches share one model call: sentences that arrive while the model is busy wait, and
the next call encodes all of them at once.

A forward pass over a batch of short sentences costs far less than one pass per sentence, and the
model call releases the GIL, so under load the other requests' Python work runs meanwhile. One
caller at a time leads (runs the model); when its batch is done it hands the lead to the oldest
waiter, so no request serves others for long.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np

from search.vocab import TextEncoder


@dataclass
class _Job:
    texts: list[str]
    wake: threading.Event = field(default_factory=threading.Event)
    lead: bool = False
    result: np.ndarray | None = None
    error: BaseException | None = None


class BatchingEncoder:
    """A TextEncoder that merges concurrent encode calls into one call of the wrapped encoder."""

    def __init__(self, encoder: TextEncoder, max_batch: int = 64) -> None:
        self.encoder = encoder
        self.max_batch = max_batch
        self._lock = threading.Lock()
        self._pending: list[_Job] = []
        self._busy = False

    def encode(self, texts: list[str]) -> np.ndarray:
        job = _Job(list(texts))
        with self._lock:
            self._pending.append(job)
            if not self._busy:
                self._busy = job.lead = True
        while True:
            if not job.lead:
                job.wake.wait()
                job.wake.clear()
            if job.error is not None:
                raise job.error
            if job.result is not None:
                return job.result
            self._run_batch()

    def _run_batch(self) -> None:
        with self._lock:
            batch: list[_Job] = []
            taken = 0
            while self._pending and (not batch or taken + len(self._pending[0].texts) <= self.max_batch):
                batch.append(self._pending.pop(0))
                taken += len(batch[-1].texts)
        try:
            vectors = np.asarray(self.encoder.encode([t for j in batch for t in j.texts]), dtype=np.float32)
            start = 0
            for j in batch:
                j.result = vectors[start : start + len(j.texts)]
                start += len(j.texts)
        except Exception as exc:  # every caller of the batch gets the model's error
            for j in batch:
                j.error = exc
        with self._lock:
            nxt = self._pending[0] if self._pending else None
            if nxt is None:
                self._busy = False
            else:
                nxt.lead = True
        for j in batch:
            j.lead = False
            j.wake.set()
        if nxt is not None:
            nxt.wake.set()
