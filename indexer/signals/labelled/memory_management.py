"""Labelled cases for the memory-management detector (allocators, pools, planning, mmap, host/device memory)."""

from indexer.signals.labelled import commit_case, neg, pos, text_case

M = "memory_management"
CASES = [
    pos(
        M,
        "src/ggml-alloc.c",
        """
        bool ggml_gallocr_reserve_n(ggml_gallocr_t galloc, struct ggml_cgraph * graph, const int * node_buffer_ids) {
            ggml_gallocr_alloc_graph_impl(galloc, graph, node_buffer_ids, leaf_buffer_ids);
            return true;
        }
    """,
        "ggml graph allocator reserve",
    ),
    pos(
        M,
        "src/ggml-cuda/ggml-cuda.cu",
        """
        struct ggml_cuda_pool_vmm : public ggml_cuda_pool {
            void * alloc(size_t size, size_t * actual_size) override {
                CU_CHECK(cuMemCreate(&handle, reserve_size, &prop, 0));
                CU_CHECK(cuMemMap(pool_addr + pool_size, reserve_size, 0, handle, 0));
                return ptr;
            }
        };
    """,
        "cuda virtual-memory pool",
    ),
    pos(
        M,
        "mlx/backend/metal/allocator.cpp",
        """
        MetalAllocator::MetalAllocator()
            : device_(device(mlx::core::Device::gpu).mtl_device()),
              residency_set_(device_),
              block_limit_(1.5 * device_->recommendedMaxWorkingSetSize()) {
          heap_ = NS::TransferPtr(device_->newHeap(heap_desc));
        }
    """,
        "mlx metal allocator with a working-set limit",
    ),
    pos(
        M,
        "src/llama-mmap.cpp",
        """
        addr = mmap(NULL, file->size(), PROT_READ, flags, fd, 0);
        if (prefetch > 0) {
            posix_madvise(addr, std::min(file->size(), prefetch), POSIX_MADV_WILLNEED);
        }
    """,
        "mmap weight loading with prefetch",
    ),
    pos(
        M,
        "src/ggml-cuda/common.cuh",
        """
        static cudaError_t ggml_cuda_device_malloc(void ** ptr, size_t size, int device) {
            if (getenv("GGML_CUDA_ENABLE_UNIFIED_MEMORY") != nullptr) {
                return cudaMallocManaged(ptr, size);
            }
            return cudaMalloc(ptr, size);
        }
    """,
        "unified memory allocation",
    ),
    pos(
        M,
        "crates/cubecl-runtime/src/memory_management/memory_pool/sliced_pool.rs",
        """
        impl MemoryPool for SlicedPool {
            fn reserve(&mut self, size: u64) -> Option<SliceHandle> {
                let page = self.find_free_page(size)?;
                Some(page.reserve(size))
            }
        }
    """,
        "burn/cubecl sliced memory pool",
    ),
    pos(
        M,
        "candle-core/src/safetensors.rs",
        """
        pub unsafe fn multi<P: AsRef<Path>>(paths: &[P]) -> Result<Self> {
            let file = std::fs::File::open(p)?;
            let inner = memmap2::MmapOptions::new().map(&file)?;
            Ok(Self { inner })
        }
    """,
        "rust mmap of safetensors",
    ),
    pos(
        M,
        "tinygrad/device.py",
        """
        class LRUAllocator(Allocator):
            def alloc(self, size: int, options=None):
                if len(c := self.cache[(size, options)]): return c.pop()
                return super().alloc(size, options)
    """,
        "python caching allocator",
    ),
    pos(
        M,
        "src/ggml-vulkan/ggml-vulkan.cpp",
        """
        vk::MemoryAllocateInfo alloc_info(mem_req.size, memory_type_index);
        VkMemoryAllocateInfo info = {};
        vkAllocateMemory(device, &info, nullptr, &memory);
    """,
        "vulkan device memory allocation",
    ),
    pos(
        M,
        "src/ggml-cuda/ggml-cuda.cu",
        """
        void * ggml_cuda_host_malloc(size_t size) {
            cudaError_t err = cudaMallocHost((void **) &ptr, size);
            return ptr;
        }
    """,
        "pinned host memory",
    ),
    commit_case(
        M,
        True,
        {"src/ggml-backend.c": "size_t n = ggml_nbytes(t);\nreturn n;\n"},
        message="ggml-backend : reuse buffers across graph evaluations\n\nCuts peak memory by 30% on llama-7b.",
        note="buffer reuse and peak memory in text with code",
    ),
    commit_case(
        M,
        True,
        {"mlx/backend/metal/allocator.cpp": "size_t Allocator::size() {\n  auto n = pool_.size();\n  return n;\n}\n"},
        message="Update",
        note="editing an allocator's own file counts by path",
    ),
    text_case(M, False, "Document the caching allocator and memory pools", note="text with no code"),
    neg(
        M,
        "examples/simple/simple.cpp",
        """
        float * data = (float *) malloc(n * sizeof(float));
        for (int i = 0; i < n; ++i) data[i] = 0.0f;
        free(data);
    """,
        "plain malloc in ordinary code",
    ),
    neg(
        M,
        "candle-core/src/cuda_backend/device.rs",
        """
        impl Drop for CudaBuffer {
            fn drop(&mut self) {
                unsafe { cuda_free(self.ptr) };
            }
        }
    """,
        "a Drop impl freeing memory is raii",
    ),
    neg(
        M,
        "src/ggml.c",
        """
        static bool ggml_is_contiguous_n(const struct ggml_tensor * tensor, int n) {
            size_t next_nb = ggml_type_size(tensor->type);
            for (int i = 0; i < GGML_MAX_DIMS; i++) {
                if (tensor->nb[i] != next_nb) return false;
                next_nb *= tensor->ne[i];
            }
            return true;
        }
    """,
        "stride computation is memory layout",
    ),
    neg(
        M,
        "tests/test-alloc.cpp",
        """
        static void test_max_size_tensors() {
            ggml_gallocr_t galloc = ggml_gallocr_new(ggml_backend_cpu_buffer_type());
            ggml_gallocr_alloc_graph(galloc, graph);
            ggml_gallocr_free(galloc);
        }
    """,
        "a test that allocates",
    ),
    neg(
        M,
        "src/ggml-metal.m",
        """
        // the allocator reuses these buffers; see ggml-alloc.c and the memory pool
        id<MTLBuffer> buf = ctx->buffers[i].metal;
        [encoder setBuffer:buf offset:offs atIndex:0];
    """,
        "a comment mentioning the allocator",
    ),
    neg(
        M,
        "mlx/backend/metal/binary.cpp",
        """
        void Add::eval_gpu(const std::vector<array>& inputs, array& out) {
          out.set_data(allocator::malloc(out.nbytes()));
          binary_op_gpu(inputs, out, "add");
        }
    """,
        "an op using the allocator namespace",
    ),
    neg(
        M,
        "candle-examples/examples/llama/main.rs",
        """
        let vb = unsafe { VarBuilder::from_mmaped_safetensors(&filenames, dtype, &device)? };
        let model = Llama::load(vb, &config)?;
    """,
        "an example loading weights through the library",
    ),
    neg(
        M,
        "python/mlx/nn/layers/pooling.py",
        """
        class MaxPool2d(_Pool2d):
            def __init__(self, kernel_size, stride=None, padding=0):
                super().__init__(mx.max, -float("inf"), kernel_size, stride, padding)
    """,
        "pooling layers are not memory pools",
    ),
    neg(
        M,
        "src/train.py",
        """
        logger.info("allocated %d MB in the memory pool", n)
        loader = DataLoader(ds, batch_size=8, pin_memory=True)
        model.fit(loader)
    """,
        "training script with a log string and a loader flag",
    ),
    commit_case(
        M,
        False,
        {"src/model.py": "x = layer(x)\nreturn x\n"},
        message="Fix typo in attention\n\n[INFO] 2024-05-01 CUDA error: out of memory",
        note="pasted OOM log is not memory work",
    ),
    neg(
        M,
        "src/ggml-cuda/vendors/hip.h",
        """
        #define cudaHostRegister hipHostRegister
        #define cudaMallocHost(ptr, size) hipHostMalloc(ptr, size, hipHostMallocDefault)
        #define cudaMemGetInfo hipMemGetInfo
    """,
        "a vendor header renaming the API",
    ),
    neg(
        M,
        "candle-metal-kernels/src/metal_utils.rs",
        """
        type CommandBufferMap = HashMap<thread::ThreadId, CommandBuffer>;
        command_buffers: Arc<Mutex<CommandBufferMap>>,
    """,
        "a map of command buffers is not a buffer cache",
    ),
    commit_case(
        M,
        False,
        {"tokenizers/src/models/bpe/model.rs": "let word = Word::new();\nwords.push(word);\n"},
        message="Fix memory leak in BPE cache",
        note="a leak fix is raii territory",
    ),
    neg(
        M,
        "examples/gpt-2/main.cpp",
        """
        ggml_allocr * alloc = ggml_allocr_new_measure(tensor_alignment);
        size_t mem_size = ggml_allocr_alloc_graph(alloc, gf);
        ggml_allocr_free(alloc);
    """,
        "an example program using ggml's allocator",
    ),
    neg(
        M,
        "src/ggml-metal.m",
        """
        GGML_METAL_LOG_INFO(", (%8.2f)", device.currentAllocatedSize / 1e6);
    """,
        "logging the allocated size",
    ),
    neg(
        M,
        "mlx/allocator.h",
        """
        class MLX_API Allocator {
         public:
          virtual Buffer malloc(size_t size) = 0;
        };
    """,
        "an allocator header touched by a symbol-export change",
        message="win: symbol exports and minor fixes",
    ),
    neg(
        M,
        "candle-core/src/metal_backend/device.rs",
        """
        use candle_metal_kernels::metal::{
            BlitCommandEncoder, Buffer, BufferMap, Commands, ComputeCommandEncoder, Device,
        };
        let kernels = Kernels::new();
    """,
        "a buffer-cache type in an import list",
    ),
    pos(
        M,
        "src/ggml-sycl/ggml-sycl.cpp",
        """
        struct ggml_sycl_pool_vmm : public ggml_sycl_pool {
            uintptr_t pool_addr = 0;
            size_t    pool_used = 0;
            size_t    pool_size = 0;
        };
    """,
        "a virtual-memory pool defined (ggml-sycl)",
    ),
    pos(
        M,
        "src/ggml-sycl/fattn-buffers.cpp",
        """
        if (capacity < need_bytes) {
            sycl::free(ptr, *qptr);
            CHECK_TRY_ERROR(ptr = (sycl::half *) sycl::malloc_device(need_bytes, *qptr));
            capacity = need_bytes;
        }
    """,
        "a SYCL device buffer grown and kept across calls",
    ),
    pos(
        M,
        "src/ggml-vulkan/ggml-vulkan.cpp",
        """
        buf = ggml_vk_create_buffer(device, size,
            {vk::MemoryPropertyFlagBits::eDeviceLocal | vk::MemoryPropertyFlagBits::eHostVisible,
             vk::MemoryPropertyFlagBits::eDeviceLocal});
    """,
        "choosing host-visible device memory for a Vulkan buffer (vulkan.hpp)",
    ),
    pos(
        M,
        "src/ggml-metal.m",
        """
        kern_return_t err = vm_allocate((vm_map_t) mach_task_self(), (void *) &data, n, VM_FLAGS_ANYWHERE);
    """,
        "page-aligned host buffer from vm_allocate",
    ),
    pos(
        M,
        "src/nanotron/parallel/utils.py",
        """
        class MemoryBuffer(metaclass=Singleton):
            def get(self, name, shape, dtype):
                return self.buffer[name, dtype][: numel(shape)].view(shape)
    """,
        "a global activation buffer reused across calls",
    ),
    neg(
        M,
        "src/ggml-cpu/ggml-cpu.c",
        """
        struct ggml_threadpool {
            ggml_mutex_t mutex;
            ggml_cond_t  cond;
            int          n_threads;
        };
    """,
        "a thread pool defined",
    ),
    neg(
        M,
        "src/ggml-cuda/pool2d.cu",
        """
        struct pool_2d_params {
            int k0, k1, s0, s1, p0, p1;
        };
    """,
        "a pooling layer's parameters",
    ),
    neg(
        M,
        "src/ggml-cuda/mmq.cu",
        """
        ggml_cuda_pool_alloc<half> src1_f16(ctx.pool(), ne11 * ne10);
        convert_to_fp16(src1_ddf, src1_f16.get(), ne11 * ne10, stream);
    """,
        "an op taking scratch memory from the pool",
    ),
    neg(
        M,
        "src/ggml-vulkan/ggml-vulkan.cpp",
        """
        cmd_buffer.pipelineBarrier(
            vk::PipelineStageFlagBits::eComputeShader, vk::PipelineStageFlagBits::eTransfer, {}, {}, {}, {});
    """,
        "a Vulkan barrier, not memory placement",
    ),
    neg(
        M,
        "src/ggml-sycl/ggml-sycl.cpp",
        """
        auto * tmp_buf = sycl::malloc_shared<uint8_t>(size, *stream);
        reorder_qw_q4_k(data_device, tmp_buf, size, offset, stream);
    """,
        "an op's scratch buffer from SYCL shared memory (found on real code)",
    ),
    neg(
        M,
        "src/ggml-vulkan/ggml-vulkan.cpp",
        """
        vk_buffer qy_buf = ggml_vk_create_buffer_check(ctx->device, qy_sz, vk::MemoryPropertyFlagBits::eDeviceLocal);
    """,
        "an op's scratch buffer in ggml-vulkan (found on real code)",
    ),
    neg(
        M,
        "src/ggml-vulkan/ggml-vulkan.cpp",
        """
        struct vk_command_pool {
            vk::CommandPool pool;
            uint32_t cmd_buffer_idx;
        };
    """,
        "a Vulkan command pool (found on real code)",
    ),
    neg(
        M,
        "src/ggml-webgpu/ggml-webgpu.cpp",
        """
        return ggml_backend_webgpu_build(ctx->global_ctx, ctx->param_buf_pool, pipeline, params, entries, wg_x);
    """,
        "an op taking its parameter buffer from the backend's pool (found on real code)",
    ),
]
