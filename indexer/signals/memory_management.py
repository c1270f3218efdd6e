"""Memory management: allocators and memory pools (caching, arena/bump, free lists, size-class bins), buffer
caches and reuse, memory planning (ggml-alloc's graph allocator: tallocr/gallocr), mmap-based weight loading,
host/device memory (pinned host memory, unified/managed memory, cudaMallocAsync pools, CUDA virtual memory,
MTLHeap and residency sets, Vulkan memory and VMA), and memory accounting (peak memory, limits, OOM).

Not RAII (a destructor or Drop freeing memory is raii_resource) and not layout (strides are memory_layout).
C/C++/CUDA/Metal and Rust: name rules over identifiers (a name in a comment or a string does not count), so
a file without such a name is never parsed for this detector. A plain `malloc`/`cudaMalloc` in ordinary code
is not memory management and is not a rule. Python: code lines with comments and strings blanked. Test files
do not count: a test that allocates exercises the allocator, it does not build it. Commit or PR text naming
the subject counts when the commit also touches code; editing an allocator's own file counts weakly by path.
detail: {"pattern": "native" | "definition" | "api" | "text" | "path", "area": ..., "api": ..., "source": ...}.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from tree_sitter import Node

from indexer.signals.base import (
    CommitContext,
    Detector,
    FileView,
    Hit,
    QueryMatch,
    first_area,
    path_signal,
    q,
    text_line_signals,
)
from indexer.signals.python_lines import python_rule_hits
from models.records import Signal

# Types that name an allocator or a pool (capitalised: `std::allocator` and mlx's `allocator::malloc` namespace
# are uses of one, in every op).
_TYPES = (
    r"\w*(Allocator|MemoryPool|MemPool|Mempool|BufferPool|BufferCache|BufferRecycler|MemoryManager|MemoryManagement"
    r"|FreeList|Freelist|BumpAlloc|ArenaAlloc|MemoryPlanner|SlicedPool|MemoryPage|MemoryChunk|MemorySlice"
    r"|ResidencySet|BlockAllocator)\w*|BufferMap"
)
_ACCOUNTING = r"(get_|set_|reset_)?(peak|active|cache|cached|wired)_(memory|limit)\w*|memory_limit\w*|peak_mem\w*"
# vulkan.hpp (ggml-vulkan): choosing a memory type for a buffer, allocating and binding its memory, the budget.
_VULKAN_HPP = (
    r"MemoryPropertyFlagBits|MemoryPropertyFlags|memoryTypes|memoryHeaps|MemoryAllocateInfo|allocateMemory"
    r"|PhysicalDeviceMemoryProperties\w*|PhysicalDeviceMemoryBudgetPropertiesEXT|getMemoryProperties\w*"
    r"|getBufferMemoryRequirements|bindBufferMemory|eDeviceLocal|eHostVisible|eHostCoherent|eHostCached"
)
# SYCL unified shared memory and its virtual memory extension, Level Zero allocations (ggml-sycl).
_SYCL = (
    r"malloc_device|malloc_host|malloc_shared|aligned_alloc_device|aligned_alloc_host|aligned_alloc_shared"
    r"|zeMemAlloc\w+|zeMemFree\w*|zeVirtualMem\w+|zePhysicalMem\w+|physical_mem|get_mem_granularity"
    r"|ext_oneapi_virtual_mem|usm_system_allocations|usm_shared_allocations"
)
# A struct or class defined with a pool or an allocator in its name (`struct ggml_sycl_pool_vmm`,
# `struct webgpu_buf_pool`): building one; using one (`ggml_cuda_pool_alloc<half> tmp(pool, n)`) is every op.
_DEFINED = r"(^|_)([Pp]ool|mempool|[Aa]llocator|arena|freelist|free_list)(_|$)|[a-z](Pool|Allocator|Arena)$"
# Pools of threads, tasks or connections, and pooling layers, are not memory.
_NOT_MEMORY_POOL = re.compile(
    r"(?i)thread|task|worker|job|conn|stream|event|command|cmd|descriptor|query|pool_?\dd|pooling|(avg|max)_?pool"
)
# An op asking for a scratch buffer (`auto tmp_buf = sycl::malloc_shared<char>(size, *stream)`, ggml-vulkan's
# `ggml_vk_create_buffer_check(ctx->device, size, eDeviceLocal)`) uses memory; it does not manage it.
_SCRATCH = re.compile(r"\b\w*(tmp|temp|scratch)\w*\s*=[^=]|ggml_vk_create_buffer_(check|device)\(")
_CFAMILY = (
    r"^(ggml_gallocr\w*|ggml_tallocr\w*|ggml_dyn_tallocr\w*|ggml_allocr\w*|ggml_backend_alloc_ctx_tensors\w*"
    r"|ggml_backend_buft_alloc_buffer|ggml_backend_buffer_type_get_alloc_size|ggml_backend_buft_get_max_size"
    r"|cudaMallocAsync|cudaMemPool\w+|cudaDeviceGetDefaultMemPool|cudaDeviceSetMemPool|cudaDeviceGetMemPool"
    r"|cudaMallocFromPoolAsync|cudaMallocHost|cudaHostAlloc|cudaHostRegister|cudaHostUnregister|cudaMallocManaged"
    r"|cudaMemAdvise|cudaMemPrefetchAsync|cudaMemGetInfo|cuMemCreate|cuMemMap|cuMemAddressReserve|cuMemSetAccess"
    r"|cuMemGetAllocationGranularity|cuMemAllocAsync|cuMemPool\w+|cuMemGetInfo\w*|cuMemAllocManaged|cuMemHostAlloc"
    r"|cuMemAllocHost\w*|cuMemHostRegister\w*|hipMallocAsync|hipMemPool\w+|hipHostMalloc|hipMallocManaged"
    r"|hipMemAdvise|hipMemGetInfo|hipHostRegister|hipMemCreate|hipMemMap|hipMemAddressReserve|hipMallocHost"
    r"|MTLHeap\w*|newHeapWithDescriptor|MTLResidencySet\w*|newResidencySetWithDescriptor|requestResidency"
    r"|setPurgeableState|currentAllocatedSize|newHeap|heapBufferSizeAndAlignWithLength"
    r"|vkAllocateMemory|VkMemoryAllocateInfo|vkGetPhysicalDeviceMemoryProperties\w*|vkMapMemory|vkBindBufferMemory"
    r"|Vma\w+|vma[A-Z]\w+|mmap|mmap64|madvise|posix_madvise|mlock|munlock|MapViewOfFile\w*|CreateFileMapping\w*"
    r"|VirtualLock|PrefetchVirtualMemory|llama_mmap|llama_mlock|vm_allocate|vm_deallocate|mach_vm_allocate"
    r"|" + _VULKAN_HPP + "|" + _SYCL + "|" + _TYPES + "|" + _ACCOUNTING + ")$"
)
_RUST = (
    r"^(GlobalAlloc|MmapOptions|Mmap|MmapMut|memmap2|mmap|madvise|bumpalo|cudaMallocAsync|cuMemAllocAsync"
    r"|mem_pool\w*|alloc_host\w*|pinned_host\w*|new_heap|HeapDescriptor|MTLHeap\w*|residency_set\w*"
    r"|allocate_memory|MemoryAllocateInfo|gpu_allocator|" + _TYPES + "|" + _ACCOUNTING + ")$"
)
_AREAS = (
    ("planning", re.compile(r"(?i)gallocr|tallocr|allocr|alloc_ctx_tensors|planner")),
    ("unified", re.compile(r"(?i)managed|memadvise|prefetchasync|malloc_shared|alloc_shared|usm_")),
    ("mmap", re.compile(r"(?i)mmap|madvise|mlock|mapviewoffile|filemapping|virtuallock|prefetchvirtual|memmap")),
    ("async_pool", re.compile(r"(?i)mallocasync|memallocasync|mempool|fromPool")),
    (
        "pinned_host",
        re.compile(
            r"(?i)mallochost|hostalloc|hostmalloc|hostregister|allochost|pinned|mem_?host|^(aligned_)?(malloc|alloc)_host"
        ),
    ),
    (
        "virtual_memory",
        re.compile(
            r"(?i)^(cu|hip)Mem(Create|Map|AddressReserve|SetAccess|GetAllocationGranularity)|^zeVirtualMem|physical_mem"
            r"|mem_granularity|virtual_mem"
        ),
    ),
    ("device_heap", re.compile(r"(?i)heap|residency|purgeable|workingset")),
    (
        "device_memory",
        re.compile(
            r"(?i)^vk|^vma|memoryallocateinfo|allocate_?memory|gpu_allocator|memoryprop|memorytypes|memoryheaps"
            r"|memorybudget|memoryrequirements|buffermemory|^e(devicelocal|host)|^(aligned_)?(malloc|alloc)_(device|host"
            r"|shared)|^ze(mem|virtualmem|physicalmem)|physical_mem|mem_granularity|virtual_mem|usm_"
        ),
    ),
    ("accounting", re.compile(r"(?i)peak|active_|cache_limit|cached_|wired|limit|getinfo|allocatedsize")),
    ("pool", re.compile(r"(?i)pool|freelist|bufferrecycler|buffercache|buffermap|page|chunk|slice")),
    ("allocator", re.compile(r"(?i)alloc|arena|bump|memorymanage")),
)
_APIS = (
    ("ggml", re.compile(r"^ggml_|^llama_")),
    ("CUDA", re.compile(r"^(cuda|cu)[A-Z]")),
    ("HIP", re.compile(r"^hip[A-Z]")),
    ("Metal", re.compile(r"^(MTL|newHeap|newResidency|requestResidency|setPurgeable|recommendedMax|currentAlloc)")),
    ("VMA", re.compile(r"^(Vma|vma)[A-Z]")),
    (
        "Vulkan",
        re.compile(
            r"^(vk|Vk)[A-Z]|^(MemoryProperty|PhysicalDeviceMemory|e(DeviceLocal|Host)|allocateMemory|bindBuffer|getBufferMemory|getMemoryProp)"
        ),
    ),
    (
        "SYCL",
        re.compile(r"^(aligned_)?(malloc|alloc)_(device|host|shared)|physical_mem|mem_granularity|virtual_mem|^usm_"),
    ),
    ("Level Zero", re.compile(r"^ze[A-Z]")),
)

_PY_PREFILTER = re.compile(
    rb"lloc|[Pp]ool|[Cc]ache|[Aa]rena|mmap|memmap|from_file|pin_memory|_memory|memory_|Planner|planner|mem_get_info"
    rb"|MemoryBuffer"
)
_PY_RULES: tuple[tuple[re.Pattern[str], float, str], ...] = (
    (
        re.compile(
            r"^\s*class\s+\w*(Allocator|MemoryPool|MemPool|BufferPool|BufferCache|MemoryPlanner|MemoryManager"
            r"|Arena|FreeList|MemoryBuffer)\w*\b"
        ),
        0.9,
        "definition",
    ),
    (
        re.compile(r"^\s*def\s+(_?alloc|_?malloc|_?free_buffer|\w*memory_planner|_?alloc_buffer)\s*\("),
        0.7,
        "definition",
    ),
    (
        re.compile(
            r"\btorch\.cuda\.(memory\.)?(caching_allocator_\w+|CUDAPluggableAllocator|change_current_allocator"
            r"|set_per_process_memory_fraction|memory_stats|memory_snapshot|_record_memory_history|MemPool"
            r"|use_mem_pool|max_memory_allocated|max_memory_reserved|reset_peak_memory_stats|mem_get_info)\b"
        ),
        0.6,
        "api",
    ),
    (
        re.compile(
            r"\bmx\.(metal\.)?(set_memory_limit|set_cache_limit|set_wired_limit|get_peak_memory|reset_peak_memory"
            r"|get_active_memory|get_cache_memory)\b"
        ),
        0.6,
        "api",
    ),
    (
        re.compile(
            r"\bmmap\.mmap\(|\b(np|numpy)\.memmap\(|\b(torch|UntypedStorage)\.from_file\(|\bmmap\s*=\s*True\b"
            r"|\bmadvise\("
        ),
        0.7,
        "api",
    ),
    (re.compile(r"\.pin_memory\(\s*\)|\bcudaHostRegister\b|\bcudaMallocManaged\b"), 0.6, "api"),
)

# An allocator's own file: ggml-alloc.c, mlx/backend/metal/allocator.cpp, burn's memory_management/.
_SUBSYSTEM_PATH = re.compile(
    r"(^|/)(ggml-alloc\.(c|h)|[\w-]*allocator\.(h|hpp|cpp|cc|c|cu|mm|rs|py)|allocator/|memory_management/"
    r"|memory_management\.rs|memory_pool\w*\.\w+|memory_pool/|mempool\w*\.\w+|mem_pool\w*\.\w+|buffer_pool\w*\.\w+"
    r"|memory_planner\w*\.\w+|llama-mmap\.(h|cpp)|mmap\.(h|c|cpp|rs))$"
)
# burn-autodiff's memory_management.rs tracks which graph nodes are still reachable: most edits there are
# autodiff bookkeeping, not memory work (its names still count).
_NOT_SUBSYSTEM = re.compile(r"burn-autodiff/")
# Using ggml's graph allocator from an example program is using it, not building memory management.
_EXAMPLE = re.compile(r"(^|/)(examples?|tools|apps?)/")
# A size printed in a log line reports memory use; it does not manage it.
_LOG_CALL = re.compile(r"\b(\w*LOG\w*|\w*printf|println!|eprintln!|print!|info!|debug!|warn!)\s*\(|std::c(out|err)")
# A subject that says the commit restructures, builds or exports: allocator code it touches is upkeep.
_UPKEEP = re.compile(
    r"(?i)\b(refactor\w*|renam\w+|reorgani[sz]\w*|build(ing)? (fix|with)|fix(es)? (the )?build\w*|cmake"
    r"|symbol exports?|clang-format|formatting|lint\w*|typos?)\b"
)
# A line of bare names and commas: the middle of a `use a::{...}` list whose head the hunk did not add.
_NAME_LIST = re.compile(r"^\s*(\w+\s*,\s*)+(\w+\s*,?)?\s*$")
_IMPORT_DEPTH = 6  # `use a::{b::{C, D}}` nests a name a few levels below its use declaration
# `#define cudaHostRegister hipHostRegister`: a vendor compatibility header renaming the API, not using it.
_ALIAS = re.compile(r"^\s*#\s*define\s")
_TEXT = re.compile(
    r"\b(allocators?|fragmentation|memory[- ]pools?|mem[- ]?pools?|caching[- ]allocator"
    r"|arena[- ]alloc\w*|bump[- ]alloc\w*"
    r"|free[- ]?lists?|size[- ]class(es)?|buffer[- ](reuse|cache|pool|recycling)|reuse (the )?buffers?"
    r"|memory (planning|planner|management|fragmentation|footprint|pressure|limit|budget|usage|consumption)"
    r"|peak (memory|vram|mem)|out[- ]of[- ]memory|oom|mmap(ed|ing)?|memory[- ]mapp(ed|ing)"
    r"|pinned (host )?memory|page[- ]locked|unified memory|managed memory|cudaMallocAsync|cudaMallocManaged"
    r"|cudaMallocHost|mtlheap|residency sets?|wired (memory|limit)|vma|vulkan memory allocator"
    r"|graph allocator|gallocr|tallocr|ggml-alloc|(reduce|lower|save|less) (vram|memory)( usage)?"
    r"|vram usage|gpu memory usage)\b",
    re.IGNORECASE,
)
_TEXT_AREAS = (
    ("planning", re.compile(r"(?i)planning|planner|graph allocator|gallocr|tallocr|ggml-alloc")),
    ("mmap", re.compile(r"(?i)mmap|memory[- ]mapp")),
    ("pinned_host", re.compile(r"(?i)pinned|page[- ]locked|mallochost")),
    ("unified", re.compile(r"(?i)unified|managed")),
    ("async_pool", re.compile(r"(?i)mallocasync")),
    ("device_heap", re.compile(r"(?i)mtlheap|residency|wired")),
    ("device_memory", re.compile(r"(?i)vma|vulkan memory")),
    ("accounting", re.compile(r"(?i)peak|oom|out[- ]of[- ]memory|limit|budget|usage|consumption|footprint|pressure")),
    ("pool", re.compile(r"(?i)pool|free[- ]?list|size[- ]class|buffer|reuse")),
    ("allocator", re.compile(r"(?i)alloc|arena|management|fragmentation")),
)
# Pasted program output ("ggml_cuda_init: ... VRAM", "CUDA error: out of memory") reports, it does not build.
_LOG_LINE = re.compile(
    r"^\s*(\[\w*\]|\d{4}-\d\d-\d\d|(INFO|WARNING|DEBUG|ERROR)\b|>>>|\$ |[a-z]+_\w+: |main: |CUDA error)"
)
_NAMES = "[(identifier) (type_identifier) (field_identifier)] @hit"


class MemoryManagement(Detector):
    name = "memory_management"
    # Only the definition patterns are structural: a file without such a name is not parsed for this detector.
    trigger_words = _DEFINED
    patterns = {
        "cfamily": (
            ("native", f"({_NAMES} (#match? @hit {q(_CFAMILY)}))"),
            ("definition", f"(struct_specifier name: (type_identifier) @hit body: (_) (#match? @hit {q(_DEFINED)}))"),
            ("definition", f"(class_specifier name: (type_identifier) @hit body: (_) (#match? @hit {q(_DEFINED)}))"),
        ),
        "rust": (("native", f"({_NAMES} (#match? @hit {q(_RUST)}))"),),
    }
    lexical_languages = frozenset({"python"})
    max_per_file = 3

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None or f.is_test:
            return None
        line = f.lines[node.start_point.row]
        if m.tag == "definition":
            name = f.text(node)
            if _NOT_MEMORY_POOL.search(name):
                return None
            detail = {"area": first_area(name, _AREAS) or "allocator"}
            return Hit(node.start_point.row, 0.85, {"pattern": "definition", **detail, "source": "code"})
        if (
            _ALIAS.match(line)
            or _SCRATCH.search(line)
            or _LOG_CALL.search(line)
            or _NAME_LIST.match(line)
            or _in_import(node)
        ):
            return None
        detail = native_detail(f.text(node))
        if detail.get("api") == "ggml" and _EXAMPLE.search(f.path):
            return None
        weight = 0.85 if "api" in detail else 0.75
        return Hit(node.start_point.row, weight, {"pattern": "native", **detail, "source": "code"})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if not _PY_PREFILTER.search(f.source) or f.is_test:
            return []  # none of the rules' words: most Python files stop here
        return python_rule_hits(f, _PY_RULES, lambda _tag, text: _area_detail(text, _AREAS))

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        if not ctx.touches_code():
            return []  # docs, CI or tests alone: a description, not the work
        signals = path_signal(
            ctx, self.name, _SUBSYSTEM_PATH, {"area": "allocator"}, 0.5, min_lines=3, exclude=_NOT_SUBSYSTEM
        )
        return text_line_signals(
            ctx,
            self.name,
            lambda line: found.group(0).lower() if (found := _TEXT.search(line)) else None,
            lambda word: {"pattern": "text", **_area_detail(word, _TEXT_AREAS), "source": "text"},
            0.6,
            skip=_LOG_LINE,
            signals=signals,
        )

    def finalize(self, ctx: CommitContext, signals: list[Signal]) -> None:
        """Code a refactor, a build fix or a symbol-export change touches is not memory work; its text still counts."""
        if _UPKEEP.search(ctx.commit.subject):
            signals[:] = [s for s in signals if s.detail.get("source") == "text"]


def native_detail(name: str) -> dict[str, Any]:
    """`cudaMallocAsync` -> async_pool/CUDA, `ggml_gallocr_new` -> planning/ggml, `MetalAllocator` -> allocator."""
    detail: dict[str, Any] = {}
    area = first_area(name, _AREAS)
    if area:
        detail["area"] = area
    api = next((a for a, rx in _APIS if rx.search(name)), None)
    if api:
        detail["api"] = api
    return detail


def _in_import(node: Node) -> bool:
    """A name in a Rust `use` list is imported, not used (a list can span many lines)."""
    parent = node.parent
    for _ in range(_IMPORT_DEPTH):
        if parent is None:
            return False
        if parent.type == "use_declaration":
            return True
        parent = parent.parent
    return False


def _area_detail(text: str, areas: Sequence[tuple[str, re.Pattern[str]]]) -> dict[str, Any]:
    area = first_area(text, areas)
    return {"area": area} if area else {}
