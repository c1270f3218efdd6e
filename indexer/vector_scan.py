"""Exact filtered search over an embedded collection, vectorised with numpy.

Embedded Qdrant has no HNSW and evaluates payload filters point by point in Python, which costs
~0.5 s per filtered query at 50,000 points (BENCHMARKS.md). Embedded storage is locked to one process,
so that process is the only writer and can keep a columnar copy that stays exact: built on the first
search, dropped on every write. A Qdrant server (SCOUT_QDRANT_URL) does not use this: it has
HNSW and payload indexes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np

KEYWORD_COLUMNS = ("languages", "repos", "skills", "flags")
_MISSING_DAY = np.iinfo(np.int64).min


@dataclass
class Scan:
    ids: list[str]
    payloads: list[dict[str, Any]]
    matrix: np.ndarray  # (n, d) float32, unit rows
    keywords: dict[str, dict[str, np.ndarray]]  # field -> value -> bool mask
    last_active: np.ndarray  # int64 seconds since epoch, _MISSING_DAY where absent
    floats: dict[str, np.ndarray]

    @classmethod
    def build(cls, records: list[tuple[dict[str, Any], list[float]]], dimension: int) -> Scan:
        n = len(records)
        matrix = np.zeros((n, dimension), dtype=np.float32)
        payloads = []
        ids = []
        index: dict[str, dict[str, list[int]]] = {f: {} for f in KEYWORD_COLUMNS}
        last = np.full(n, _MISSING_DAY, dtype=np.int64)
        floats = {"depth": np.zeros(n), "systems_share": np.zeros(n)}
        for i, (payload, vector) in enumerate(records):
            matrix[i] = vector
            payloads.append(payload)
            ids.append(str(payload["person_id"]))
            for f in KEYWORD_COLUMNS:
                for value in payload.get(f) or []:
                    index[f].setdefault(value, []).append(i)
            if payload.get("last_active"):
                last[i] = _seconds(payload["last_active"])
            for f in floats:
                floats[f][i] = float(payload.get(f) or 0.0)
        norms = np.linalg.norm(matrix, axis=1, keepdims=True)
        matrix /= np.where(norms > 0, norms, 1.0)
        keywords: dict[str, dict[str, np.ndarray]] = {}
        for f, values in index.items():
            keywords[f] = {}
            for value, rows in values.items():
                mask = np.zeros(n, dtype=bool)
                mask[rows] = True
                keywords[f][value] = mask
        return cls(ids, payloads, matrix, keywords, last, floats)

    def mask(self, filters: dict[str, Any] | None, since_rfc3339: str | None) -> np.ndarray:
        n = len(self.ids)
        keep = np.ones(n, dtype=bool)
        if not filters:
            return keep
        for f in ("languages", "repos", "skills"):
            values = list(filters.get(f) or [])
            if values:
                keep &= self._any(f, values)
        for skill in filters.get("skills_all") or []:
            keep &= self._any("skills", [skill])
        flags = list(filters.get("exclude_flags") or [])
        if flags:
            keep &= ~self._any("flags", flags)
        if since_rfc3339:
            keep &= self.last_active >= _seconds(since_rfc3339)
        for key, f in (("min_depth", "depth"), ("min_systems_share", "systems_share")):
            if filters.get(key) is not None:
                keep &= self.floats[f] >= float(filters[key])
        return keep

    def search(self, query: np.ndarray, keep: np.ndarray, limit: int) -> list[tuple[str, float, dict[str, Any]]]:
        q = np.asarray(query, dtype=np.float32).ravel()
        norm = float(np.linalg.norm(q))
        if norm > 0:
            q = q / norm
        kept = int(keep.sum())
        if kept == 0 or limit <= 0:
            return []
        if kept * 4 < len(keep):
            # a selective filter: scoring only the kept rows reads far less memory than the whole matrix
            rows = np.flatnonzero(keep)
            scores = _matvec(self.matrix[rows], q)
        else:
            rows = np.arange(len(keep))
            scores = _matvec(self.matrix, q)
            scores[~keep] = -np.inf
        k = min(limit, kept)
        top = np.argpartition(-scores, k - 1)[:k]
        # ties broken by row, so equal scores come back in a stable order
        top = top[np.lexsort((rows[top], -scores[top]))]
        # the stored payloads themselves, not copies: 200 dict copies were a tenth of a search's vector step
        return [(self.ids[rows[i]], float(scores[i]), self.payloads[rows[i]]) for i in top]

    def _any(self, field: str, values: list[str]) -> np.ndarray:
        out = np.zeros(len(self.ids), dtype=bool)
        for value in values:
            mask = self.keywords[field].get(value)
            if mask is not None:
                out |= mask
        return out


def _matvec(matrix: np.ndarray, q: np.ndarray) -> np.ndarray:
    # Not `matrix @ q`: multi-threaded BLAS sgemv stalls ~20 ms per call when the cores are busy (measured
    # on the 2-core box: 20 ms vs 0.04 ms single-threaded for 1,910 x 384); einsum stays single-threaded.
    return np.einsum("ij,j->i", matrix, q)


def _seconds(rfc3339: str) -> int:
    dt = datetime.fromisoformat(rfc3339.replace("Z", "+00:00"))
    dt = dt if dt.tzinfo else dt.replace(tzinfo=UTC)
    return int(dt.timestamp())
