"""Apple Metal compute: `kernel` functions (and their `[[host_name]]` instantiations), threadgroup memory and
barriers, simdgroup reductions, shuffles and matrices, Metal thread-position attributes; host-side compute
dispatch (MTLComputePipelineState, dispatchThreadgroups, metal-rs/objc2 encoders) in C++, Objective-C and Rust.

`.metal` files parse with the C++ grammar, which recovers from `kernel`/`device`/`[[...]]` as errors, so
`kernel` declarations are read lexically from code lines of Metal files; everything else is a query.
detail: {"pattern": ...}.
"""

from __future__ import annotations

import re

from indexer.signals.base import Detector, FileView, Hit, q, regex_hits

_METAL_FNS = (
    r"^(threadgroup_barrier|simdgroup_barrier|simd_sum|simd_max|simd_min|simd_prod|simd_and|simd_or|simd_xor"
    r"|simd_shuffle\w*|simd_prefix_\w+|simd_broadcast\w*|simd_ballot|simd_all|simd_any|simdgroup_load|simdgroup_store"
    r"|simdgroup_multiply_accumulate|simdgroup_multiply|quad_sum|quad_shuffle\w*|atomic_fetch_add_explicit"
    r"|thread_position_in_grid|threadgroup_position_in_grid|thread_position_in_threadgroup|threads_per_threadgroup"
    r"|thread_index_in_simdgroup|simdgroup_index_in_threadgroup|thread_index_in_threadgroup|threads_per_simdgroup"
    r"|threadgroups_per_grid|simdgroups_per_threadgroup|thread_execution_width|mem_threadgroup|mem_device)$"
)
_METAL_TYPES = r"^(simdgroup_(float|half|bfloat)8x8|simdgroup_matrix|threadgroup_imageblock)$"
_HOST = (
    r"^(MTLComputePipelineState|MTLComputeCommandEncoder|MTLSize|MTLSizeMake|MTLResourceStorageModeShared"
    r"|newComputePipelineStateWithFunction|dispatchThreadgroups|dispatchThreads|setComputePipelineState"
    r"|setThreadgroupMemoryLength|dispatch_thread_groups|dispatch_threads|set_compute_pipeline_state"
    r"|new_compute_pipeline_state_with_function|set_threadgroup_memory_length|ComputePipelineState"
    r"|ComputeCommandEncoder|ComputeCommandEncoderRef|MTLCommandBuffer|new_compute_command_encoder"
    r"|computeCommandEncoder|maxTotalThreadsPerThreadgroup|max_total_threads_per_threadgroup)$"
)
_LEXICAL = (
    (
        re.compile(r"^\s*(\[\[\s*kernel\s*\]\]\s*)?(kernel|\[\[\s*kernel\s*\]\])\s+void\s+\w+"),
        1.0,
        {"pattern": "kernel"},
    ),
    (re.compile(r"\[\[\s*host_name\s*\(\s*\"\w+\"\s*\)\s*\]\]\s*kernel\b"), 0.9, {"pattern": "kernel_instance"}),
    (re.compile(r"^\s*threadgroup\s+[\w:<>, ]+[\s*&]+\w+\s*\["), 0.85, {"pattern": "threadgroup_memory"}),
    (re.compile(r"\[\[\s*(threadgroup|buffer)\s*\(\s*\d+\s*\)\s*\]\]"), 0.7, {"pattern": "binding"}),
)


class MetalKernel(Detector):
    name = "metal_kernel"
    patterns = {
        "cfamily": (
            ("metal_builtin", f"((identifier) @hit (#match? @hit {q(_METAL_FNS)}))"),
            ("simdgroup_matrix", f"((type_identifier) @hit (#match? @hit {q(_METAL_TYPES)}))"),
            ("host_dispatch", f"([(identifier) (type_identifier) (field_identifier)] @hit (#match? @hit {q(_HOST)}))"),
        ),
        "rust": (
            ("host_dispatch", f"([(identifier) (type_identifier) (field_identifier)] @hit (#match? @hit {q(_HOST)}))"),
        ),
    }
    weights = {"metal_builtin": 0.85, "simdgroup_matrix": 0.95, "host_dispatch": 0.45}
    lexical_languages = frozenset({"metal"})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        return regex_hits(f, _LEXICAL)
