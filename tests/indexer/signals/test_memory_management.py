from indexer.signals import detect_commit
from indexer.signals.memory_management import native_detail
from models.settings import Settings

from .helpers import commit


def _memory(files: dict[str, str], message: str = "Change") -> list[dict]:
    d = detect_commit(commit(files, message=message), Settings())
    return [s.detail for s in d.signals if s.kind == "memory_management"]


def test_memory_api_names_map_to_an_area_and_an_api() -> None:
    assert native_detail("cudaMallocAsync") == {"area": "async_pool", "api": "CUDA"}
    assert native_detail("ggml_gallocr_alloc_graph") == {"area": "planning", "api": "ggml"}
    assert native_detail("cudaHostRegister") == {"area": "pinned_host", "api": "CUDA"}
    assert native_detail("newResidencySetWithDescriptor") == {"area": "device_heap", "api": "Metal"}
    assert native_detail("vmaCreateAllocator") == {"area": "device_memory", "api": "VMA"}
    assert native_detail("MetalAllocator") == {"area": "allocator"}


def test_a_stream_ordered_pool_call_reports_the_pool() -> None:
    details = _memory({"src/pool.cu": "cudaMallocAsync(&ptr, size, stream);\n"})
    assert details == [{"pattern": "native", "area": "async_pool", "api": "CUDA", "source": "code"}]


def test_plain_malloc_and_a_name_in_a_comment_do_not_count() -> None:
    body = "// uses the caching allocator, cudaMallocAsync\nfloat * p = (float *) malloc(n);\ncudaMalloc(&q, n);\n"
    assert _memory({"src/ops.cpp": body}) == []


def test_python_class_defining_an_allocator_counts_and_a_string_does_not() -> None:
    assert _memory({"src/alloc.py": "class BufferPool:\n    pass\n"})[0]["pattern"] == "definition"
    assert _memory({"src/run.py": 'print("class MemoryPool: torch.cuda.max_memory_allocated()")\n'}) == []


def test_a_test_file_that_allocates_does_not_count() -> None:
    assert _memory({"tests/test_alloc.cpp": "ggml_gallocr_t g = ggml_gallocr_new(buft);\n"}) == []


def test_text_needs_code_in_the_commit() -> None:
    assert _memory({"docs/memory.md": "Pinned memory."}, message="Document the caching allocator") == []
    details = _memory({"src/x.py": "x = 1\n"}, message="Use pinned memory for uploads")
    assert details == [{"pattern": "text", "area": "pinned_host", "source": "text"}]


def test_editing_an_allocator_file_counts_weakly_by_path() -> None:
    body = "size_t n = 0;\nfor (auto& b : blocks_) n += b.size;\nreturn n;\n"
    assert _memory({"mlx/backend/metal/allocator.cpp": body}) == [
        {"area": "allocator", "pattern": "path", "source": "code"}
    ]
    assert _memory({"mlx/backend/metal/binary.cpp": body}) == []
    assert _memory({"python/mlx/nn/layers/pooling.py": "x = 1\ny = 2\nz = 3\n"}) == []


def test_allocator_code_touched_by_a_refactor_or_build_fix_does_not_count() -> None:
    body = "class CudaAllocator : public Allocator {\n  Buffer malloc(size_t size) override;\n};\n"
    assert _memory({"mlx/backend/cuda/allocator.h": body}, message="Add a CUDA allocator") != []
    assert _memory({"mlx/backend/cuda/allocator.h": body}, message="Refactor the CUDA backend") == []
    assert _memory({"mlx/backend/cuda/allocator.h": body}, message="Fix building with CUDA < 12.8") == []


def test_a_name_in_an_import_list_does_not_count() -> None:
    body = "    BlitCommandEncoder, Buffer, BufferMap, Commands,\n"
    assert _memory({"candle-core/src/metal_backend/device.rs": body}) == []
    assert _memory({"src/dev.rs": "use memmap2::MmapOptions;\n"}) == []
    assert _memory({"src/dev.rs": "let m = unsafe { MmapOptions::new().map(&file)? };\n"}) != []


def test_sycl_vulkan_and_level_zero_memory_names_map_to_their_api() -> None:
    assert native_detail("malloc_device") == {"area": "device_memory", "api": "SYCL"}
    assert native_detail("malloc_shared") == {"area": "unified", "api": "SYCL"}
    assert native_detail("physical_mem") == {"area": "virtual_memory", "api": "SYCL"}
    assert native_detail("eHostVisible") == {"area": "device_memory", "api": "Vulkan"}
    assert native_detail("zeMemAllocDevice") == {"area": "device_memory", "api": "Level Zero"}
    assert native_detail("vm_allocate") == {"area": "allocator"}


def test_a_pool_struct_defined_in_a_backend_is_memory_work() -> None:
    code = "struct ggml_sycl_pool_vmm : public ggml_sycl_pool {\n    size_t pool_used = 0;\n};"
    assert [d["pattern"] for d in _memory({"src/ggml-sycl/ggml-sycl.cpp": code})] == ["definition"]


def test_thread_pools_pooling_layers_and_pool_scratch_in_an_op_are_not_memory_work() -> None:
    threads = "struct ggml_threadpool {\n    int n_threads;\n};"
    pooling = "struct pool_2d_params {\n    int k0, k1;\n};"
    scratch = "ggml_cuda_pool_alloc<half> src1_f16(ctx.pool(), ne11 * ne10);"
    assert _memory({"src/ggml-cpu/ggml-cpu.c": threads}) == []
    assert _memory({"src/ggml-cuda/pool2d.cu": pooling}) == []
    assert _memory({"src/ggml-cuda/mmq.cu": scratch}) == []


def test_a_python_buffer_kept_across_calls_is_a_definition() -> None:
    code = "class MemoryBuffer(metaclass=Singleton):\n    def get(self, name, shape):\n        return self.buffer[name]"
    assert [d["pattern"] for d in _memory({"src/nanotron/parallel/utils.py": code})] == ["definition"]


def test_an_ops_scratch_buffer_and_a_command_pool_are_not_memory_work() -> None:
    sycl = "auto * tmp_buf = sycl::malloc_shared<uint8_t>(size, *stream);"
    vulkan = "vk_buffer d_Y = ggml_vk_create_buffer_check(ctx->device, y_sz, vk::MemoryPropertyFlagBits::eDeviceLocal);"
    pool = "struct vk_command_pool {\n    vk::CommandPool pool;\n};"
    assert _memory({"src/ggml-sycl/ggml-sycl.cpp": sycl}) == []
    assert _memory({"src/ggml-vulkan/ggml-vulkan.cpp": vulkan}) == []
    assert _memory({"src/ggml-vulkan/ggml-vulkan.cpp": pool}) == []
    host = "ptr = sycl::malloc_host(size, *qptr);"
    assert [d["area"] for d in _memory({"src/ggml-sycl/ggml-sycl.cpp": host})] == ["pinned_host"]


def test_an_op_using_the_backends_buffer_pool_is_not_memory_work() -> None:
    use = "return ggml_backend_webgpu_build(ctx->global_ctx, ctx->param_buf_pool, pipeline, params, entries, wg_x);"
    assert _memory({"src/ggml-webgpu/ggml-webgpu.cpp": use}) == []
    definition = "struct webgpu_buf_pool {\n    std::vector<webgpu_pool_bufs> free;\n};"
    assert [d["pattern"] for d in _memory({"src/ggml-webgpu/ggml-webgpu.cpp": definition})] == ["definition"]
