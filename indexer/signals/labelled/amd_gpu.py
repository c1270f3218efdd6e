"""Labelled cases for the amd_gpu detector (AMD GPU work in HIP, C++, Python runtimes and Triton)."""

from indexer.signals.labelled import commit_case, neg, pos

D = "amd_gpu"
CASES = [
    pos(
        D,
        "tinygrad/runtime/ops_amd.py",
        """
        class AMDComputeQueue(HWQueue):
          def exec(self, prg, args_state, global_size, local_size):
            self.acquire_mem(gli=0, gl2=0)
            self.pkt3(amd_gpu.PACKET3_SET_SH_REG, gfxreg(amd_gpu.regCOMPUTE_PGM_LO), *data64_le(prg.prog_addr >> 8))
            self.pkt3(amd_gpu.PACKET3_DISPATCH_DIRECT, *global_size, CS_W32_EN | FORCE_START_AT_000 | COMPUTE_SHADER_EN)
            return self
        """,
        "PM4 packets in tinygrad's AMD runtime",
    ),
    pos(
        D,
        "tinygrad/runtime/ops_amd.py",
        """
        def _gpu_map(self, mem):
          if self.gpu_id in getattr(mem.meta, "mapped_gpu_ids", []): return
          mem.meta.mapped_gpu_ids = getattr(mem.meta, "mapped_gpu_ids", []) + [self.gpu_id]
          c_gpus = (ctypes.c_int32 * len(mem.meta.mapped_gpu_ids))(*mem.meta.mapped_gpu_ids)
          stm = kfd.AMDKFD_IOC_MAP_MEMORY_TO_GPU(self.kfd, handle=mem.meta.handle,
                                                device_ids_array_ptr=ctypes.addressof(c_gpus),
                                                n_devices=len(mem.meta.mapped_gpu_ids))
          assert stm.n_success == len(mem.meta.mapped_gpu_ids)
        """,
        "KFD ioctl mapping memory",
    ),
    pos(
        D,
        "tinygrad/runtime/support/am/amdev.py",
        """
        class AM_GFX(AM_IP):
          def init(self):
            self._config_gfx_rs64()
            self.adev.gmc.init_hub("GC")
            self.adev.regCP_ME_CNTL.write(0x0)
            self._enable_mec()
        """,
        "tinygrad's AM driver (path and registers)",
    ),
    pos(
        D,
        "flash_attn/flash_attn_triton_amd/fwd_prefill.py",
        """
        @triton.jit
        def _attn_fwd_inner(acc, l_i, m_i, q, k_ptrs, v_ptrs, stride_kn, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
            k = tl.load(k_ptrs)
            qk = tl.dot(q, k)
            m_ij = tl.maximum(m_i, tl.max(qk, 1))
            p = tl.math.exp2(qk - m_ij[:, None])
            acc += tl.dot(p.to(v_ptrs.dtype.element_ty), tl.load(v_ptrs))
            return acc, l_i, m_ij
        """,
        "Triton attention kernel in the AMD backend directory",
    ),
    pos(
        D,
        "flash_attn/ops/triton/configs.py",
        """
        def get_autotune_configs():
            return [
                triton.Config({"BLOCK_M": 128, "BLOCK_N": 64}, num_stages=1, num_warps=4, waves_per_eu=2),
                triton.Config({"BLOCK_M": 64, "BLOCK_N": 64}, num_stages=1, num_warps=4, waves_per_eu=1),
            ]
        """,
        "AMD-only Triton knobs (waves_per_eu)",
    ),
    pos(
        D,
        "torchao/prototype/mx_formats/kernels.py",
        """
        def _get_block_sizes():
            if torch.version.hip is not None:
                block_m, block_n = 64, 128
                num_warps = 8
            else:
                block_m, block_n = 128, 128
                num_warps = 4
            return block_m, block_n, num_warps
        """,
        "a torch.version.hip branch with real code",
    ),
    pos(
        D,
        "torchao/float8/config.py",
        """
        def e4m3_dtype():
            arch = torch.cuda.get_device_properties(0).gcnArchName
            if "gfx942" in arch:
                return torch.float8_e4m3fnuz
            return torch.float8_e4m3fn
        """,
        "gfx942 target chosen in code",
    ),
    pos(
        D,
        "ggml/src/ggml-cuda/mma.cuh",
        """
        static __device__ __forceinline__ void mma(tile<16, 16, int> & D, const tile<16, 8, int> & A,
                                                   const tile<16, 8, int> & B) {
            using int32x4_t = __attribute__((__vector_size__(4 * sizeof(int)))) int;
            int32x4_t * acc = (int32x4_t *) D.x;
            acc[0] = __builtin_amdgcn_mfma_i32_16x16x32_i8(((int64_t *) A.x)[0], ((int64_t *) B.x)[0], acc[0], 0, 0, 0);
        }
        """,
        "amdgcn MFMA builtin",
    ),
    pos(
        D,
        "ggml/src/ggml-cuda/mmq.cuh",
        """
        static int mmq_get_nwarps_host(const int cc) {
            if (GGML_CUDA_CC_IS_RDNA3(cc)) {
                return 4;
            }
            return amd_mfma_available(cc) ? 8 : 4;
        }
        """,
        "RDNA3 and MFMA tuning inside shared CUDA/HIP code",
    ),
    pos(
        D,
        "csrc/kernels/rms_norm.hip",
        """
        __global__ void rms_norm_kernel(float* out, const float* in, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) out[i] = in[i] * rsqrtf(in[i] * in[i] + 1e-6f);
        }
        """,
        "a kernel in a .hip file",
    ),
    pos(
        D,
        "aten/src/ATen/native/hip/blas_lt.cpp",
        """
        void gemm_lt(hipblasLtHandle_t handle, const float* a, const float* b, float* c, int m, int n, int k) {
            hipblasLtMatmulDesc_t desc;
            hipblasLtMatmulDescCreate(&desc, HIPBLAS_COMPUTE_32F, HIP_R_32F);
            hipblasLtMatmul(handle, desc, &alpha, a, adesc, b, bdesc, &beta, c, cdesc, c, cdesc,
                            nullptr, nullptr, 0, stream);
        }
        """,
        "hipBLASLt calls",
    ),
    commit_case(
        D,
        True,
        {
            "ggml/src/ggml-cuda/fattn-tile.cu": """
            template<int D, int ncols>
            __launch_bounds__(128, 2)
            static __global__ void flash_attn_tile(const char * Q, const char * K, float * dst) {
                __shared__ float KQ[ncols][D];
                dst[threadIdx.x] = KQ[0][threadIdx.x];
            }
            """
        },
        message="HIP: fix flash attention tile kernel on RDNA3",
        note="CUDA-style kernel in a commit about HIP alone",
    ),
    commit_case(
        D,
        True,
        {
            "tinygrad/renderer/cstyle.py": """
            class AMDRenderer(CStyleLanguage):
              device = "AMD"
              shared_max = 65536
              tensor_cores = tc.amd_rdna3
              def __init__(self, arch:str):
                self.arch = arch
            """
        },
        message="AMD renderer: support gfx1201",
        note="AMD renderer class",
    ),
    pos(
        D,
        "tinygrad/runtime/ops_hip.py",
        """
        class HIPProgram:
          def __init__(self, dev, name, lib):
            self.dev, self.name, self.lib = dev, name, lib
            check(hip.hipSetDevice(self.dev.device_id))
            self.module = init_c_var(hip.hipModule_t(), lambda x: check(hip.hipModuleLoadData(ctypes.byref(x), lib)))
        """,
        "HIP runtime from Python",
    ),
    # --- negatives: look-alikes ---
    neg(
        D,
        "ggml/src/ggml-cuda/softmax.cu",
        """
        #if !defined(GGML_USE_HIP) && !defined(GGML_USE_MUSA)
        static __global__ void soft_max_f32(const float * x, float * dst, const int ncols) {
            const int tid = threadIdx.x;
            dst[tid] = expf(x[tid]);
        }
        #endif // !defined(GGML_USE_HIP)
        """,
        "CUDA code fenced by a GGML_USE_HIP guard only",
    ),
    commit_case(
        D,
        False,
        {
            ".github/workflows/rocm.yml": """
            jobs:
              rocm:
                runs-on: ubuntu-22.04
                container: rocm/dev-ubuntu-22.04:6.1
                steps:
                  - run: cmake -B build -DGGML_HIP=ON -DAMDGPU_TARGETS=gfx1100
            """
        },
        message="ci: add ROCm build for gfx1100",
        note="ROCm CI yaml",
    ),
    commit_case(
        D,
        False,
        {
            "docs/build.md": """
            ## HIP / ROCm
            Build with `cmake -B build -DGGML_HIP=ON -DAMDGPU_TARGETS=gfx942` on AMD Instinct MI300X.
            """
        },
        message="docs: ROCm build instructions",
        note="docs mentioning ROCm",
    ),
    neg(
        D,
        "tests/test_flash_attn.py",
        """
        @pytest.mark.parametrize("causal", [False, True])
        def test_flash_attn_output(causal):
            if is_hip():
                pytest.skip("not supported on ROCm")
            out = flash_attn_func(q, k, v, causal=causal)
            assert torch.allclose(out, ref, atol=1e-3)
        """,
        "a test that skips on HIP",
    ),
    neg(
        D,
        "setup_tools/platform.py",
        """
        def wheel_arch():
            machine = platform.machine().lower()
            if machine in ("x86_64", "amd64"):
                return "x86_64"
            return "aarch64"
        """,
        "amd64 architecture string",
    ),
    neg(
        D,
        "ggml/src/ggml-cpu/arch/x86/cpu-feats.cpp",
        """
        static bool is_amd_zen4() {
            int info[4];
            cpuid(info, 0);
            bool amd = info[1] == 0x68747541;
            return amd && has_avx512();
        }
        """,
        "AMD CPU feature detection",
    ),
    neg(
        D,
        "flash_attn/utils/benchmark.py",
        '''
        def describe_device():
            """Print the device: on ROCm (gfx942, MI300X) use torch.version.hip to tell."""
            # is_hip() would also work here
            name = torch.cuda.get_device_name()
            return name
        ''',
        "ROCm named only in a docstring and a comment",
    ),
    neg(
        D,
        "torchao/utils.py",
        """
        def _check_env():
            if torch.version.hip:
                return
            if is_hip(): raise RuntimeError("unsupported")
            run_cuda_checks()
        """,
        "one-line hip guards with no AMD code",
    ),
    neg(
        D,
        "candle-core/src/cuda_backend/mod.rs",
        """
        impl CudaDevice {
            pub fn new(ordinal: usize) -> Result<Self> {
                let device = cudarc::driver::CudaDevice::new(ordinal)?;
                Ok(Self { device })
            }
        }
        """,
        "CUDA Rust code (no AMD)",
    ),
    neg(
        D,
        "ggml/src/ggml-cuda/mmvq.cu",
        """
        static __global__ void mul_mat_vec_q(const void * vx, const void * vy, float * dst, const int ncols) {
            const int row = blockIdx.x;
            float tmp = 0.0f;
            tmp += warp_reduce_sum(tmp);
            dst[row] = tmp;
        }
        """,
        "CUDA kernel with no AMD context",
    ),
    commit_case(
        D,
        False,
        {
            "flash_attn/ops/triton/layer_norm.py": """
            def layer_norm_fwd(x, weight, bias, eps):
                y = torch.empty_like(x)
                _layer_norm_fwd_1pass_kernel[(x.shape[0],)](x, y, weight, bias, eps, BLOCK_N=1024)
                return y
            """
        },
        message="CUDA/HIP: faster layer norm launch",
        note="subject names CUDA and HIP; a launch wrapper",
    ),
    neg(
        D,
        "src/relationship_graph.py",
        """
        def chip_shipment(graph):
            relationship = graph.edges()
            whip = sum(e.weight for e in relationship)
            return whip
        """,
        "hip inside other words",
    ),
    commit_case(
        D,
        False,
        {
            "tests/test_rocm_kernels.py": """
            def test_rocm_matmul():
                if torch.version.hip:
                    x = torch.randn(64, 64, device="cuda")
                    torch.testing.assert_close(x @ x, ref(x))
            """
        },
        message="ROCm: add matmul test",
        note="a ROCm commit of tests only",
    ),
    neg(
        D,
        "ggml/src/ggml-cuda/common.cuh",
        """
        #if defined(GGML_USE_HIP) && defined(__HIP_PLATFORM_AMD__)
        #include <hip/hip_runtime.h>
        #endif
        #ifdef GGML_USE_HIP
        #define GGML_CUDA_WARP_SIZE 64
        #endif
        """,
        "guards, includes and a define without HIP names",
    ),
    neg(
        D,
        "ggml/src/ggml-vulkan/ggml-vulkan.cpp",
        """
        if (device->vendor_id == VK_VENDOR_ID_AMD && device->architecture == vk_device_architecture::AMD_RDNA3) {
            device->subgroup_size_control = true;
            wg_denoms = {64, 64, 1};
        }
        """,
        "Vulkan backend tuning for AMD (shader work, not HIP/ROCm)",
    ),
    neg(
        D,
        "ggml/src/ggml-cuda/common.cuh",
        """
        #if defined(GGML_USE_HIP) && (defined(__gfx1100__) || defined(__gfx1101__) || \\
            defined(__gfx1150__) || defined(__gfx1151__))
        #define RDNA3
        #endif
        """,
        "a multi-line gfx guard",
    ),
    commit_case(
        D,
        False,
        {
            "examples/text-classification/src/main.rs": """
            fn main() {
                let device = Default::default();
                run::<Backend>(device);
            }
            """
        },
        message="Add wgpu-spirv and hip-jit features to text-classification example",
        note="an AMD word in a chore subject",
    ),
]
