"""Portable GPU compute: Vulkan GLSL compute shaders, WGSL, OpenCL C kernels, SYCL, CubeCL (#[cube]) kernels,
and host-side compute dispatch through Vulkan and wgpu.

GLSL, WGSL and OpenCL have no grammar here, so their code lines (comments dropped) are read lexically;
graphics-only shaders (vertex/fragment) do not count. SYCL, Vulkan host code and CubeCL are queries.
detail: {"pattern": ..., "api": "glsl" | "wgsl" | "opencl" | "sycl" | "vulkan" | "wgpu" | "cubecl"}.
"""

from __future__ import annotations

import re
from typing import Any

from indexer.signals.base import Detector, FileView, Hit, QueryMatch, q, regex_hits

_Rule = tuple[re.Pattern[str], float, dict[str, Any]]

_GLSL: tuple[_Rule, ...] = (
    (re.compile(r"layout\s*\(\s*local_size_[xyz]"), 1.0, {"pattern": "local_size"}),
    (
        re.compile(
            r"\bgl_(GlobalInvocationID|LocalInvocationID|WorkGroupID|LocalInvocationIndex|NumWorkGroups|WorkGroupSize)"
        ),
        0.9,
        {"pattern": "invocation_id"},
    ),
    (
        re.compile(r"\bcoopmat\b|coopMatMulAdd|coopMatLoad|GL_KHR_cooperative_matrix|GL_NV_cooperative_matrix"),
        0.95,
        {"pattern": "cooperative_matrix"},
    ),
    (re.compile(r"^\s*shared\s+\w+\s+\w+\s*\["), 0.85, {"pattern": "shared_memory"}),
    (
        re.compile(
            r"\b(subgroup(Add|Max|Min|Mul|Shuffle\w*|Ballot|Broadcast\w*|Clustered\w+|InclusiveAdd|ExclusiveAdd|Elect))\s*\("
        ),
        0.85,
        {"pattern": "subgroup"},
    ),
    (re.compile(r"\bbarrier\s*\(\s*\)|memoryBarrierShared\s*\("), 0.75, {"pattern": "barrier"}),
    (
        re.compile(r"layout\s*\([^)]*\)\s*(readonly\s+|writeonly\s+|restrict\s+|coherent\s+)*buffer\b"),
        0.7,
        {"pattern": "storage_buffer"},
    ),
)
_WGSL: tuple[_Rule, ...] = (
    (re.compile(r"@compute\b"), 1.0, {"pattern": "compute_entry"}),
    (re.compile(r"@workgroup_size\s*\("), 0.9, {"pattern": "workgroup_size"}),
    (re.compile(r"var\s*<\s*workgroup\s*>"), 0.9, {"pattern": "workgroup_memory"}),
    (
        re.compile(r"\b(workgroupBarrier|storageBarrier|subgroupAdd|subgroupShuffle\w*)\s*\("),
        0.8,
        {"pattern": "barrier"},
    ),
    (
        re.compile(r"@builtin\s*\(\s*(global_invocation_id|local_invocation_id|workgroup_id|local_invocation_index)"),
        0.85,
        {"pattern": "invocation_id"},
    ),
    (re.compile(r"var\s*<\s*storage\s*,\s*read_write\s*>"), 0.7, {"pattern": "storage_buffer"}),
)
_OPENCL: tuple[_Rule, ...] = (
    (re.compile(r"(__kernel|^\s*kernel)\s+void\s+\w+"), 1.0, {"pattern": "kernel"}),
    (re.compile(r"\bget_(global|local|group)_(id|size)\s*\("), 0.8, {"pattern": "work_item"}),
    (re.compile(r"\b(__local|local)\s+\w+\s*\*?\s*\w+\s*\["), 0.8, {"pattern": "local_memory"}),
    (re.compile(r"\bbarrier\s*\(\s*CLK_|work_group_barrier\s*\("), 0.8, {"pattern": "barrier"}),
    (re.compile(r"\b(sub_group_\w+|intel_sub_group_\w+|qcom_sub_group_\w+)\s*\("), 0.85, {"pattern": "subgroup"}),
    (re.compile(r"\bvload(_half)?\d+\s*\(|\bvstore(_half)?\d+\s*\("), 0.6, {"pattern": "vector_load"}),
)
_BY_LANGUAGE = {"glsl": _GLSL, "wgsl": _WGSL, "opencl": _OPENCL}

_SYCL_NAMES = (
    r"^(nd_range|nd_item|queue|parallel_for|local_accessor|accessor|sub_group|group_barrier|reduce_over_group"
    r"|malloc_device|malloc_shared|handler|range|id|item|group|vec|half|ext|local_ptr|multi_ptr|event|free)\b"
)
_VK = r"^(vkCmdDispatch\w*|vkCmdPushConstants|vkCmdPipelineBarrier\w*|vkCreateComputePipelines|vkCreateShaderModule)$"
_VKPP = (
    r"^(ComputePipelineCreateInfo|PipelineShaderStageCreateInfo|DescriptorSetLayoutBinding|ShaderStageFlagBits"
    r"|PipelineBindPoint|DescriptorType|CommandBuffer|MemoryBarrier|BufferMemoryBarrier)$"
)
_WGPU = (
    r"^(ComputePipelineDescriptor|ComputePassDescriptor|ComputePipeline|dispatch_workgroups|create_compute_pipeline"
    r"|begin_compute_pass|set_pipeline|ShaderModuleDescriptor)$"
)


class GpuShader(Detector):
    name = "gpu_shader"
    trigger_words = r"^(sycl|syclcompat|dpct|vk|cube)$"
    patterns = {
        "cpp": (
            (
                "sycl",
                '(qualified_identifier scope: (namespace_identifier) @ns (#match? @ns "^(sycl|syclcompat|dpct)$")'
                f" name: (_) @hit (#match? @hit {q(_SYCL_NAMES)}))",
            ),
            (
                "vulkan",
                '(qualified_identifier scope: (namespace_identifier) @ns (#eq? @ns "vk")'
                f" name: (_) @hit (#match? @hit {q(_VKPP)}))",
            ),
        ),
        "cfamily": (("vulkan", f"((identifier) @hit (#match? @hit {q(_VK)}))"),),
        "rust": (
            (
                "cubecl",
                "(attribute_item (attribute [(identifier) (scoped_identifier)] @hit"
                ' (#match? @hit "^(cubecl::)?cube$")))',
            ),
            ("wgpu", f"([(identifier) (type_identifier) (field_identifier)] @hit (#match? @hit {q(_WGPU)}))"),
        ),
    }
    weights = {"sycl": 0.8, "vulkan": 0.6, "cubecl": 0.9, "wgpu": 0.55}
    lexical_languages = frozenset(_BY_LANGUAGE)

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None:
            return None
        api = {"cubecl": "cubecl", "wgpu": "wgpu", "sycl": "sycl", "vulkan": "vulkan"}[m.tag]
        return Hit(node.start_point.row, self.weights[m.tag], {"pattern": m.tag, "api": api})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        rules = _BY_LANGUAGE.get(f.language or "", ())
        hits = regex_hits(f, rules)
        return [Hit(h.row, h.weight, {**h.detail, "api": f.language}) for h in hits]
