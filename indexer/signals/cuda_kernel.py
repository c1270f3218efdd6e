"""CUDA and HIP kernels: __global__ functions, <<<>>> launches, __shared__ memory, warp primitives,
cooperative groups, tensor cores (wmma, mma/ldmatrix PTX, CUTLASS/CuTe), async copies, launch bounds;
host-side kernel launch APIs (cudaLaunchKernel, hipLaunchKernelGGL, CUDA graphs) and Rust cudarc launches only
at a low weight; device handles (CudaDevice, CudaStream) and Python wrappers calling a kernel are no evidence.
detail: {"pattern": ...}, plus {"hardware": "HIP"} for kernel work aimed at AMD GPUs: a HIP file or path,
AMD-only code in the file (amdgcn builtins, gfx targets, rocWMMA, HIP API calls), or a commit whose subject is
about HIP/ROCm/AMD and not CUDA (ggml's CUDA kernels also build for ROCm; the fix for AMD is AMD work).
"""

from __future__ import annotations

import re

from indexer.signals.amd_gpu import about_amd, path_is_amd
from indexer.signals.base import CommitContext, Detector, q
from models.records import Signal

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


# Only code that exists for AMD: `GGML_USE_HIP`-style guards also fence AMD out of CUDA-only code. The AMD words of
# paths and subjects are amd_gpu's, so that "kernel work on AMD" means the same in both detectors.
_AMD_CODE = re.compile(r"__builtin_amdgcn_|__gfx\d+|\brocwmma\b|\bhip[A-Z]\w+\(|\bRDNA\d?\b|\bCDNA\d?\b")
AMD = "HIP"


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

    def finalize(self, ctx: CommitContext, signals: list[Signal]) -> None:
        if not signals:
            return
        # A subject about AMD alone ("HIP: fix mmq on RDNA3"); "CUDA/HIP: ..." is CUDA work kept building for AMD.
        amd_subject = about_amd(ctx.commit.subject)
        amd_files = {r.view.path for r in ctx.files if _is_amd_file(r.view.path, r.view.language, r.view.lines)}
        for signal in signals:
            if amd_subject or signal.evidence.path in amd_files:
                signal.detail["hardware"] = AMD


def _is_amd_file(path: str, language: str | None, lines: list[str]) -> bool:
    return language == "hip" or path_is_amd(path) or any(_AMD_CODE.search(line) for line in lines)
