"""CUDA and HIP kernels: __global__ functions, <<<>>> launches, __shared__ memory, warp primitives,
cooperative groups, tensor cores (wmma, mma/ldmatrix PTX, CUTLASS/CuTe), async copies, launch bounds;
host-side kernel launch APIs (cudaLaunchKernel, hipLaunchKernelGGL, CUDA graphs) and Rust cudarc launches only
at a low weight; device handles (CudaDevice, CudaStream) and Python wrappers calling a kernel are no evidence.
detail: {"pattern": ...}.
"""

from __future__ import annotations

from indexer.signals.base import Detector, q

_WARP = (
    r"^(__shfl(_xor|_up|_down)?(_sync)?|__ballot_sync|__any_sync|__all_sync|__activemask|__syncwarp"
    r"|__reduce_\w+_sync|__match_\w+_sync|__lane_id)$"
)
_TENSOR_NS = r"^(wmma|nvcuda|cute|cutlass|cooperative_groups|cg|mma|nvcuda::wmma)$"
_DEVICE_FNS = (
    r"^(mma_sync|load_matrix_sync|store_matrix_sync|fill_fragment|ldmatrix\w*|cp_async\w*|__pipeline_\w+|memcpy_async"
    r"|__ldg|atomicAdd|atomicCAS|atomicMax|atomicMin|atomicExch|__cvta_generic_to_shared|__hmul2?|__hadd2?|__hfma2?"
    r"|__float2half\w*|__half2float|__float22half2_rn|__float2bfloat16\w*|__bfloat162float|__expf|__fdividef|__frcp_rn"
    r"|__dp4a|__vabsdiffs4|__syncthreads(_or|_and|_count)?|__threadfence\w*|hipThreadIdx_x|__builtin_amdgcn_\w+)$"
)
_HOST = (
    r"^((cuda|hip)(LaunchKernel|LaunchCooperativeKernel|FuncSetAttribute|OccupancyMaxActiveBlocksPerMultiprocessor"
    r"|GraphLaunch|GraphInstantiate\w*|StreamBeginCapture|StreamEndCapture|GraphExecUpdate|LaunchHostFunc)"
    r"|hipLaunchKernelGGL|cuLaunchKernel\w*|cuModuleLoad\w*|cuModuleGetFunction|cuTensorMapEncode\w*)$"
)
_PTX = (
    r"mma\.sync|ldmatrix|cp\.async|wgmma|ld\.global|st\.shared|ld\.shared|bar\.sync|shfl\.sync|cvt\.rn|prmt\.b32|lop3"
)
# Rust host code that launches kernels (cudarc). Holding a CudaDevice, CudaStream or CudaSlice is using the
# GPU, not writing kernels: those names are no evidence at all.
_RUST_LAUNCH = r"^(LaunchConfig|launch_builder|load_ptx|load_function|get_func|launch_on_stream)$"


class CudaKernel(Detector):
    name = "cuda_kernel"
    trigger_words = r"^(__global__|__shared__|__launch_bounds__|asm|__asm__|__asm)$"
    trigger_text = (r"<<<",)
    patterns = {
        "cuda": (
            ("global", '(function_definition "__global__") @hit'),
            ("launch", "(kernel_call_syntax) @hit"),
            ("shared", '((type_qualifier) @hit (#eq? @hit "__shared__"))'),
            ("launch_bounds", "(launch_bounds) @hit"),
        ),
        "cfamily": (
            ("warp", f"((identifier) @hit (#match? @hit {q(_WARP)}))"),
            ("device_fn", f"((identifier) @hit (#match? @hit {q(_DEVICE_FNS)}))"),
            ("ptx", f"(gnu_asm_expression [(string_literal) (concatenated_string)] @hit (#match? @hit {q(_PTX)}))"),
            ("host_launch", f"((identifier) @hit (#match? @hit {q(_HOST)}))"),
        ),
        "cpp": (("tensor_core", f"((namespace_identifier) @hit (#match? @hit {q(_TENSOR_NS)}))"),),
        "rust": (
            ("cudarc", f"([(identifier) (type_identifier) (field_identifier)] @hit (#match? @hit {q(_RUST_LAUNCH)}))"),
        ),
    }
    weights = {
        "global": 1.0,
        "launch": 0.8,
        "shared": 0.85,
        "launch_bounds": 0.8,
        "warp": 0.9,
        "device_fn": 0.7,
        "ptx": 0.95,
        "host_launch": 0.35,  # host side: launching someone's kernel is weak evidence of writing kernels
        "tensor_core": 0.9,
        "cudarc": 0.3,
    }
