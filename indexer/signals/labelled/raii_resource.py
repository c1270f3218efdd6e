"""Labelled cases for the raii_resource detector."""

from indexer.signals.labelled import neg, pos

D = "raii_resource"
CASES = [
    pos(
        D,
        "src/cuda/buffer.cuh",
        """
        struct DeviceBuffer {
            float * ptr = nullptr;
            explicit DeviceBuffer(size_t n) { CUDA_CHECK(cudaMalloc(&ptr, n * sizeof(float))); }
            ~DeviceBuffer() {
                if (ptr) {
                    CUDA_CHECK(cudaFree(ptr));
                }
            }
        };
    """,
        "in-class destructor frees device memory",
    ),
    pos(
        D,
        "src/pinned.cpp",
        """
        PinnedHostBuffer::~PinnedHostBuffer() {
            if (data_ != nullptr) {
                cudaFreeHost(data_);
            }
        }
    """,
        "out-of-class destructor frees pinned memory",
    ),
    pos(
        D,
        "src/hip_pool.cpp",
        """
        HipPool::~HipPool() {
            for (auto & b : buffers_) {
                hipFree(b.ptr);
            }
        }
    """,
        "hip pool",
    ),
    pos(
        D,
        "src/mmap.cpp",
        """
        struct llama_mmap_impl {
            void * addr; size_t size;
            ~llama_mmap_impl() {
                munmap(addr, size);
            }
        };
    """,
        "munmap in destructor",
    ),
    pos(
        D,
        "src/model.cpp",
        """
        struct ggml_context_deleter {
            void operator()(ggml_context * ctx) { ggml_free(ctx); }
        };
        typedef std::unique_ptr<ggml_context, ggml_context_deleter> ggml_context_ptr;
    """,
        "deleter functor + unique_ptr",
    ),
    pos(
        D,
        "src/alloc.cpp",
        """
        std::unique_ptr<float, decltype(&cudaFree)> make_device(size_t n) {
            float * p = nullptr;
            cudaMalloc(&p, n * sizeof(float));
            return std::unique_ptr<float, decltype(&cudaFree)>(p, &cudaFree);
        }
    """,
        "unique_ptr with cudaFree deleter",
    ),
    pos(
        D,
        "src/arena.cpp",
        """
        Arena::~Arena() {
            delete[] blocks_;
        }
    """,
        "delete[] in destructor",
    ),
    pos(
        D,
        "candle-core/src/cuda_backend/slice.rs",
        """
        impl Drop for DeviceSlice {
            fn drop(&mut self) {
                unsafe {
                    let _ = cudarc::driver::result::free_async(self.ptr, self.stream);
                }
            }
        }
    """,
        "rust drop frees device memory",
    ),
    pos(
        D,
        "src/aligned.rs",
        """
        impl Drop for AlignedBuffer {
            fn drop(&mut self) {
                unsafe { std::alloc::dealloc(self.ptr, self.layout) }
            }
        }
    """,
        "rust drop dealloc",
    ),
    pos(
        D,
        "src/ffi.rs",
        """
        impl Drop for Context {
            fn drop(&mut self) {
                unsafe { ggml_sys::ggml_free(self.ptr) };
            }
        }
    """,
        "rust drop calls C free",
    ),
    pos(
        D,
        "src/vk_buffer.cpp",
        """
        VkBuffer::~VkBuffer() {
            device.destroyBuffer(buffer);
            vkFreeMemory(device, memory, nullptr);
        }
    """,
        "vulkan memory release",
    ),
    neg(
        D,
        "src/logger.cpp",
        """
        Logger::~Logger() {
            flush_count++;
            std::cout << "logger done" << std::endl;
        }
    """,
        "destructor without release",
    ),
    neg(
        D,
        "src/tensor.h",
        """
        class Tensor {
        public:
            ~Tensor() = default;
            // memory is freed by the allocator (cudaFree) elsewhere
        };
    """,
        "defaulted destructor, free in a comment",
    ),
    neg(
        D,
        "src/util.cpp",
        """
        void cleanup(float * p) {
            cudaFree(p);
        }
    """,
        "free in a plain function",
    ),
    neg(
        D,
        "src/guard.rs",
        """
        impl Drop for TimerGuard {
            fn drop(&mut self) {
                let elapsed = self.start.elapsed();
                println!("took {:?}", elapsed);
            }
        }
    """,
        "drop that only logs",
    ),
    neg(
        D,
        "src/state.rs",
        """
        impl Drop for Flag {
            fn drop(&mut self) {
                self.active.store(false, Ordering::SeqCst);
            }
        }
    """,
        "drop that flips a flag",
    ),
    neg(
        D,
        "src/model.cpp",
        """
        auto layers = std::make_unique<std::vector<Layer>>();
        std::shared_ptr<Model> model = std::make_shared<Model>(cfg);
    """,
        "smart pointers without custom deleters",
    ),
    neg(
        D,
        "src/pool.rs",
        """
        fn release_all(&mut self) {
            for b in self.blocks.drain(..) {
                self.free_list.push(b);
            }
        }
    """,
        "rust release function not Drop",
    ),
    neg(
        D,
        "src/strings.cpp",
        """
        const char * msg = "~Buffer() calls cudaFree(ptr) on exit";
        puts(msg);
    """,
        "destructor text in a string",
    ),
    neg(
        D,
        "scripts/gpu.py",
        """
        class DeviceBuffer:
            def __del__(self):
                cuda.cudaFree(self.ptr)
    """,
        "python __del__",
    ),
    neg(
        D,
        "src/stream.cpp",
        """
        Stream::~Stream() {
            if (owns_) {
                pending_.clear();
            }
        }
    """,
        "destructor clearing a container",
    ),
]
