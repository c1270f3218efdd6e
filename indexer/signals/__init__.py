"""Systems-skill detectors over a commit's added code and text.

Public entry point: `detect_commit(commit, settings) -> Detection`. Each detector lives in its own module
(one file, its tree-sitter patterns beside it) and is registered in `DETECTORS` under the taxonomy key it
feeds (models.taxonomy.SKILLS). The engine parses each file's added lines once with the file's grammar,
runs one combined compiled query per grammar, and hands each detector its matches; see engine.py for
the per-file size and time budgets and classify.py for the commit classification.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache

from indexer.signals.amd_gpu import AmdGpu
from indexer.signals.attention_kernel import AttentionKernel
from indexer.signals.backend_port import BackendPort
from indexer.signals.base import Detector, FileResult
from indexer.signals.benchmark_claim import BenchmarkClaim
from indexer.signals.classify import classify_commit
from indexer.signals.cuda_kernel import CudaKernel
from indexer.signals.distributed import Distributed
from indexer.signals.dtype_dispatch import DtypeDispatch
from indexer.signals.engine import Engine
from indexer.signals.ffi import Ffi
from indexer.signals.file_formats import FileFormats
from indexer.signals.gpu_shader import GpuShader
from indexer.signals.kernel_fusion import KernelFusion
from indexer.signals.low_precision import LowPrecision
from indexer.signals.memory_layout import MemoryLayout
from indexer.signals.memory_management import MemoryManagement
from indexer.signals.metal_kernel import MetalKernel
from indexer.signals.ml_compiler import MlCompiler
from indexer.signals.model_support import ModelSupport
from indexer.signals.profiling import Profiling
from indexer.signals.python_bindings import PythonBindings
from indexer.signals.quantization import Quantization
from indexer.signals.raii_resource import RaiiResource
from indexer.signals.serving import Serving
from indexer.signals.simd import Simd
from indexer.signals.tests_with_code import TestsWithCode
from indexer.signals.tokenization import Tokenization
from indexer.signals.training_internals import TrainingInternals
from indexer.signals.triton_kernel import TritonKernel
from indexer.signals.unsafe_rust import UnsafeRust
from models.records import Commit, CommitClass, Signal
from models.settings import Settings

# Name -> detector; order matters only for tests_with_code, which reads the others' hits (it is last).
DETECTORS: dict[str, Detector] = {
    d.name: d
    for d in (
        RaiiResource(),
        DtypeDispatch(),
        Simd(),
        UnsafeRust(),
        Ffi(),
        CudaKernel(),
        MetalKernel(),
        GpuShader(),
        Quantization(),
        AttentionKernel(),
        Serving(),
        KernelFusion(),
        MemoryLayout(),
        BenchmarkClaim(),
        Profiling(),
        PythonBindings(),
        Tokenization(),
        Distributed(),
        MlCompiler(),
        BackendPort(),
        TritonKernel(),
        AmdGpu(),
        LowPrecision(),
        TrainingInternals(),
        ModelSupport(),
        MemoryManagement(),
        FileFormats(),
        TestsWithCode(),
    )
}


@dataclass
class Detection:
    signals: list[Signal] = field(default_factory=list)
    commit_class: CommitClass = field(default_factory=CommitClass)
    skipped: Counter[str] = field(default_factory=Counter)  # reason -> files (too big, NUL bytes, timeout)


@cache
def shared_engine() -> Engine:
    """The process-wide engine: queries are compiled once, on first use."""
    return Engine(DETECTORS)


def detect_commit(commit: Commit, settings: Settings) -> Detection:
    signals, files, skipped = shared_engine().run(commit, settings)
    return Detection(signals=signals, commit_class=classify_commit(commit, python_kernel_paths(files)), skipped=skipped)


def python_kernel_paths(files: list[FileResult]) -> frozenset[str]:
    """Python files holding kernel bodies (Triton, CuTe, Pallas, numba.cuda): systems code, not application code."""
    return frozenset(
        r.view.path
        for r in files
        if r.view.language == "python" and any(h.detail.get("kernel") for h in r.hits.get(TritonKernel.name, []))
    )


__all__ = ["DETECTORS", "Detection", "Detector", "detect_commit", "shared_engine"]
