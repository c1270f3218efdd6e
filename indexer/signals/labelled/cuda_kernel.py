"""Labelled cases for the cuda_kernel detector."""

from indexer.signals.labelled import neg, pos

D = "cuda_kernel"
CASES = [
    pos(
        D,
        "src/ggml-cuda/scale.cu",
        """
        static __global__ void scale_f32(const float * x, float * dst, const float scale, const int k) {
            const int i = blockDim.x * blockIdx.x + threadIdx.x;
            if (i >= k) {
                return;
            }
            dst[i] = scale * x[i];
        }
    """,
        "global kernel",
    ),
    pos(
        D,
        "src/ggml-cuda/norm.cu",
        """
        template <int block_size>
        static __global__ void rms_norm_f32(const float * x, float * dst, const int ncols, const float eps) {
            __shared__ float s_sum[32];
            float tmp = 0.0f;
            for (int col = threadIdx.x; col < ncols; col += block_size) { tmp += x[col] * x[col]; }
            tmp = warp_reduce_sum(tmp);
        }
    """,
        "shared memory reduction",
    ),
    pos(
        D,
        "src/reduce.cuh",
        """
        static __device__ __forceinline__ float warp_sum(float x) {
        #pragma unroll
            for (int offset = 16; offset > 0; offset >>= 1) {
                x += __shfl_xor_sync(0xffffffff, x, offset, 32);
            }
            return x;
        }
    """,
        "warp shuffle",
    ),
    pos(
        D,
        "src/launch.cu",
        """
        void launch_scale(const float * x, float * y, float s, int n, cudaStream_t stream) {
            const int blocks = (n + 255) / 256;
            scale_f32<<<blocks, 256, 0, stream>>>(x, y, s, n);
        }
    """,
        "kernel launch",
    ),
    pos(
        D,
        "src/mma.cuh",
        """
        static __device__ __forceinline__ void mma_16x8x16(float * c, const int * a, const int * b) {
            asm("mma.sync.aligned.m16n8k16.row.col.f32.f16.f16.f32 "
                "{%0, %1, %2, %3}, {%4, %5, %6, %7}, {%8, %9}, {%0, %1, %2, %3};"
                : "+f"(c[0]), "+f"(c[1]), "+f"(c[2]), "+f"(c[3])
                : "r"(a[0]), "r"(a[1]), "r"(a[2]), "r"(a[3]), "r"(b[0]), "r"(b[1]));
        }
    """,
        "mma PTX",
    ),
    pos(
        D,
        "src/wmma_gemm.cu",
        """
        using namespace nvcuda;
        __device__ void tile(const half * a, const half * b, float * c) {
            wmma::fragment<wmma::matrix_a, 16, 16, 16, half, wmma::row_major> fa;
            wmma::load_matrix_sync(fa, a, 16);
        }
    """,
        "wmma",
    ),
    pos(
        D,
        "src/cp_async.cuh",
        """
        __device__ void load_tile(float * smem, const float * gmem) {
            __pipeline_memcpy_async(smem, gmem, 16);
            __pipeline_commit();
            __pipeline_wait_prior(0);
        }
    """,
        "async copies",
    ),
    pos(
        D,
        "src/hip/softmax.hip",
        """
        __global__ void softmax_kernel(const float * x, float * y, int n) {
            float m = -INFINITY;
            for (int i = threadIdx.x; i < n; i += blockDim.x) m = fmaxf(m, x[i]);
        }
    """,
        "hip kernel",
    ),
    pos(
        D,
        "src/cutlass_gemm.cu",
        """
        using Gemm = cutlass::gemm::device::Gemm<cutlass::half_t, cutlass::layout::RowMajor,
                                                 cutlass::half_t, cutlass::layout::ColumnMajor, float>;
        Gemm gemm_op;
    """,
        "cutlass",
    ),
    pos(
        D,
        "src/graph.cpp",
        """
        CUDA_CHECK(cudaStreamBeginCapture(stream, cudaStreamCaptureModeRelaxed));
        run_layers(stream);
        CUDA_CHECK(cudaStreamEndCapture(stream, &graph));
        CUDA_CHECK(cudaGraphInstantiate(&instance, graph, nullptr, nullptr, 0));
    """,
        "cuda graphs host",
    ),
    pos(
        D,
        "src/coop.cu",
        """
        namespace cg = cooperative_groups;
        __device__ float block_sum(float v) {
            cg::thread_block_tile<32> tile = cg::tiled_partition<32>(cg::this_thread_block());
            return cg::reduce(tile, v, cg::plus<float>());
        }
    """,
        "cooperative groups",
    ),
    neg(
        D,
        "python/ops.py",
        """
        import torch
        from . import _C
        def rms_norm(x, w, eps=1e-6):
            return _C.rms_norm_cuda(x, w, eps)  # calls the __global__ kernel
    """,
        "python wrapper calling a cuda kernel",
    ),
    neg(
        D,
        "src/host.cpp",
        """
        // launch the __global__ kernel with <<<grid, block>>> later
        void plan(int n) { blocks = (n + 255) / 256; }
    """,
        "kernel syntax in a comment",
    ),
    neg(
        D,
        "src/info.cpp",
        """
        printf("CUDA device: %s, shared mem %zu\\n", prop.name, prop.sharedMemPerBlock);
    """,
        "cuda in a string",
    ),
    neg(
        D,
        "docs/kernels.md",
        """
        Write kernels as `__global__ void k(...)` and use `__shfl_xor_sync` for warp reductions.
    """,
        "docs",
    ),
    neg(
        D,
        "src/cpu_ops.cpp",
        """
        void scale(const float * x, float * y, float s, int n) {
            for (int i = 0; i < n; ++i) y[i] = s * x[i];
        }
    """,
        "cpu loop",
    ),
    neg(
        D,
        "src/shared.cpp",
        """
        std::shared_ptr<Buffer> shared = std::make_shared<Buffer>(n);
        int warp_size_hint = 32;
    """,
        "shared and warp as plain words",
    ),
    neg(
        D,
        "CMakeLists.txt",
        """
        enable_language(CUDA)
        set(CMAKE_CUDA_ARCHITECTURES 80 86 89)
    """,
        "cmake cuda",
    ),
    neg(
        D,
        "src/model.rs",
        """
        let device = Device::new_cuda(0)?;
        let xs = xs.to_device(&device)?;
    """,
        "rust selecting a cuda device",
    ),
    neg(
        D,
        "src/mem.cpp",
        """
        float * d = nullptr;
        cudaMalloc(&d, n * sizeof(float));
        cudaMemcpy(d, h, n * sizeof(float), cudaMemcpyHostToDevice);
    """,
        "plain cuda memcpy host code",
    ),
    neg(
        D,
        "scripts/build_kernels.sh",
        """
        nvcc -O3 -arch=sm_80 -c kernels.cu -o kernels.o
    """,
        "nvcc script",
    ),
    neg(
        D,
        "src/ggml-sycl/common.hpp",
        """
        static __dpct_inline__ float warp_reduce_max(float x, const sycl::nd_item<3> & item_ct1) {
            return sycl::reduce_over_group(item_ct1.get_sub_group(), x, sycl::maximum<float>());
        }
    """,
        "SYCL warp reduce (found on real code)",
    ),
    neg(
        D,
        "candle-core/src/cuda_backend/mod.rs",
        """
        use cudarc::driver::{CudaSlice, DevicePtr, DeviceSlice};

        pub struct CudaStorage {
            pub slice: CudaStorageSlice,
            pub device: Arc<CudaDevice>,
        }
    """,
        "rust host code holding a CudaDevice (found on real code)",
    ),
    neg(
        D,
        "src/quantized/cuda.rs",
        """
        pub fn transfer_to_device(&self, dst: &CudaDevice, stream: &CudaStream) -> Result<Self> {
            let data = dst.alloc_zeros::<u8>(self.len)?;
            Ok(Self { data, dtype: self.dtype })
        }
    """,
        "rust host code copying to a device",
    ),
    pos(
        D,
        "candle-kernels/src/reduce.cu",
        """
        extern "C" __global__ void fast_sum_f32(const size_t n, const float *src, float *dst) {
            __shared__ float shr[1024];
            shr[threadIdx.x] = src[blockIdx.x * blockDim.x + threadIdx.x];
        }
    """,
        "kernel beside the rust host code",
    ),
]
