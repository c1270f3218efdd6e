"""Labelled cases for the backend bring-up detector.

A case's files are new files unless `removed` lists them: work inside an existing backend edits files.
"""

from dataclasses import replace

from indexer.signals.labelled import Case, commit_case, pos, text_case

D = "backend_port"


def edit(positive: bool, path: str, code: str, message: str, note: str) -> Case:
    """A change to an existing file (it removed lines too)."""
    return replace(commit_case(D, positive, {path: code}, message=message, note=note), removed={path: 3})


_OPS = "".join(f"    dst[{i}] = aclnn_mul(ctx, src0[{i}], src1[{i}]);\n" for i in range(12))
_HVX = "".join(f"    HVX_Vector v{i} = Q6_Vqf32_vmpy_VsfVsf(a[{i}], b[{i}]);\n" for i in range(12))

CASES = [
    commit_case(
        D,
        True,
        {"ggml/src/ggml-sycl/ggml-sycl.cpp": "static int ggml_sycl_device_count(void) {\n    return n;\n}\n"},
        message="ggml : add SYCL backend",
        note="add SYCL backend",
    ),
    commit_case(
        D,
        True,
        {"ggml/src/ggml-cann/aclnn_ops.cpp": "void ggml_cann_add(ggml_backend_cann_context & ctx) {\n}\n"},
        message="ggml : initial CANN support for Ascend NPU",
        note="initial CANN support",
    ),
    commit_case(
        D,
        True,
        {"ggml/src/ggml-cpu/arch/s390/quants.c": "void ggml_vec_dot_q4_0_q8_0(int n, float * s) {\n}\n"},
        message="ggml-cpu : add s390x support",
        note="s390x port",
    ),
    commit_case(
        D,
        True,
        {"src/arch/loongarch.c": "static inline float hsum(__m256 x) {\n    return 0;\n}\n"},
        message="Port ggml to LoongArch",
        note="port to loongarch",
    ),
    commit_case(
        D,
        True,
        {"crates/burn-flex/src/backend.rs": "pub struct Flex;\n"},
        message="Add burn-flex CPU backend (#4761)",
        note="new cpu backend crate",
    ),
    pos(
        D,
        "ggml/src/ggml-vulkan/ggml-vulkan.cpp",
        """
        ggml_backend_reg_t ggml_backend_vk_reg() {
            static ggml_backend_reg reg = { GGML_BACKEND_API_VERSION, &ggml_backend_vk_reg_i, nullptr };
            return &reg;
        }
    """,
        "device registration in a new file",
    ),
    pos(
        D,
        "candle-core/src/metal_backend/device.rs",
        """
        impl BackendDevice for MetalDevice {
            type Storage = MetalStorage;
            fn new(ordinal: usize) -> Result<Self> {
                todo!()
            }
        }
    """,
        "backend device trait for a new device",
    ),
    pos(
        D,
        "crates/burn-candle/src/backend.rs",
        """
        impl<F: FloatCandleElement, I: IntCandleElement> Backend for Candle<F, I> {
            type Device = CandleDevice;
        }
    """,
        "burn backend trait for a new backend",
    ),
    pos(
        D,
        "tinygrad/runtime/ops_webgpu.py",
        """
        class WebGpuDevice(Compiled):
          def __init__(self, device:str):
            super().__init__(device, WebGpuAllocator(), WGSLRenderer(), Compiler(), WebGPUProgram)
    """,
        "tinygrad runtime device class",
    ),
    pos(
        D,
        "torch_npu/__init__.py",
        """
        torch.utils.rename_privateuse1_backend("npu")
        torch._register_device_module("npu", torch_npu.npu)
    """,
        "pytorch private-use device registration",
    ),
    edit(
        True,
        "candle-core/src/device.rs",
        """
        impl BackendStorage for WgpuStorage {
            type Device = WgpuDevice;
        }
    """,
        message="Add wgpu backend",
        note="trait impl with bring-up text in an existing file",
    ),
    commit_case(
        D,
        True,
        {"mlx/backend/cuda/device.cpp": "Device::Device(int device) : device_(device) {\n}\n"},
        message="[CUDA] Initial CUDA backend",
        note="initial cuda backend for a framework",
    ),
    # --- negatives -------------------------------------------------------------------------------
    edit(
        False,
        "ggml/src/ggml-vulkan/vulkan-shaders/mul_mm.comp",
        """
        layout(local_size_x_id = 0) in;
        shared FLOAT_TYPE buf_a[BM * SHMEM_STRIDE];
    """,
        message="vulkan: optimize mul_mm shader for AMD",
        note="work inside an existing vulkan backend",
    ),
    edit(
        False,
        "ggml/src/ggml-sycl/ggml-sycl.cpp",
        """
        static void ggml_sycl_op_argmax(ggml_backend_sycl_context & ctx, ggml_tensor * dst) {
        }
    """,
        message="SYCL: add argmax op",
        note="op added inside an existing sycl backend",
    ),
    edit(
        False,
        "crates/burn-cubecl/src/ops/tensor.rs",
        """
        fn float_argtopk(tensor: FloatTensor<Self>, k: usize) -> IntTensor<Self> {
            kernel::argtopk(tensor, k)
        }
    """,
        message="Add argtopk for Cubecl backend (#4900)",
        note="op coverage in an existing backend",
    ),
    edit(
        False,
        "ggml/src/ggml-vulkan/ggml-vulkan.cpp",
        """
        ggml_backend_reg_t ggml_backend_vk_reg() {
            static std::mutex mutex;
        }
    """,
        message="vulkan: guard device enumeration with a mutex",
        note="editing an existing registration function",
    ),
    commit_case(
        D,
        False,
        {
            "src/ggml-blas/ggml-blas.cpp": "ggml_backend_t ggml_backend_blas_init(void) {\n    return b;\n}\n",
            "src/ggml-sycl/ggml-sycl.cpp": "ggml_backend_reg_t ggml_backend_sycl_reg(void) {\n    return &r;\n}\n",
            "src/ggml-metal/ggml-metal.m": "ggml_backend_t ggml_backend_metal_init(void) {\n    return b;\n}\n",
        },
        message="ggml : build backends as libraries",
        note="a refactor moving every backend",
    ),
    commit_case(
        D,
        False,
        {"src/ggml-backend.cpp": "ggml_backend_t ggml_backend_dev_init(ggml_backend_dev_t dev, const char * p) {\n}\n"},
        message="ggml-backend : device helpers",
        note="ggml-backend core API, not a backend",
    ),
    commit_case(
        D,
        False,
        {"crates/burn-router/src/backend.rs": "impl<R: RunnerChannel> Backend for BackendRouter<R> {\n}\n"},
        message="Add `BackendRouter` to handle multiple backends",
        note="a router implementing the backend trait",
    ),
    commit_case(
        D,
        False,
        {"src/ggml-cpu/amx/amx.cpp": "bool ggml_backend_amx_device_supports_op(const struct ggml_tensor * op) {\n}\n"},
        message="ggml : move AMX to the CPU backend",
        note="files moved into another backend",
    ),
    text_case(D, False, "docs: note that the Vulkan backend is supported on Android", note="docs-only text"),
    commit_case(
        D,
        False,
        {"docs/backend/SYCL.md": "# SYCL backend\n\nBuild with -DGGML_SYCL=ON.\n"},
        message="docs : add SYCL backend guide",
        note="docs file only",
    ),
    commit_case(
        D,
        False,
        {".github/workflows/build.yml": "- name: Build with Vulkan\n  run: cmake -DGGML_VULKAN=ON ..\n"},
        message="ci : add Vulkan backend build",
        note="ci toggle alone",
    ),
    edit(
        False,
        "candle-core/src/cuda_backend/mod.rs",
        """
        let cfg = LaunchConfig::for_num_elems(el as u32);
    """,
        message="Add CUDA 13 support (#3078)",
        note="a toolkit version bump",
    ),
    edit(
        False,
        "mlx/backend/metal/kernels/sdpa.metal",
        """
        constant int head_dim [[function_constant(0)]];
    """,
        message="Add support for head dim 512 to metal SDPA",
        note="a feature inside an existing metal backend",
    ),
    edit(
        False,
        "crates/burn-tensor/src/tensor/backend/base.rs",
        """
        fn ctc_loss(log_probs: FloatTensor<Self>) -> FloatTensor<Self>;
    """,
        message="Add ctc_loss backend trait hook + tch and cubecl impls",
        note="a backend trait hook is not a new backend",
    ),
    edit(
        False,
        "ggml/src/ggml-cpu/arch/powerpc/quants.c",
        """
        vector float v = vec_xl(0, x);
    """,
        message="ggml-cpu: support K tails in power10 Q8/Q4 MMA matmul",
        note="simd work on an existing cpu port",
    ),
    edit(
        False,
        "tests/test_backend_ops.cpp",
        """
        test_cases.emplace_back(new test_rope(GGML_TYPE_F32));
    """,
        message="vulkan: support all backend tests for SQR/SQRT",
        note="backend tests",
    ),
    edit(
        False,
        "src/models/qwen.py",
        """
        device = "npu" if is_npu_available() else "cuda"
        model = model.to(device)
    """,
        message="Run Qwen on NPU when available",
        note="model code picking a device",
    ),
    edit(
        True,
        "ggml/src/ggml-cann/aclnn_ops.cpp",
        "void ggml_cann_mul(ggml_backend_cann_context & ctx, ggml_tensor * dst) {\n" + _OPS + "}\n",
        message="CANN: support MUL with broadcasting (llama/12345)",
        note="ops written in an NPU backend's tree",
    ),
    edit(
        True,
        "ggml/src/ggml-hexagon/htp/matmul-ops.c",
        "static void hvx_dot_f32(const float * a, const float * b) {\n" + _HVX + "}\n",
        message="hexagon: optimize HMX matmul operations",
        note="kernels in a DSP backend's tree",
    ),
    edit(
        False,
        "ggml/src/ggml-vulkan/ggml-vulkan.cpp",
        "static void ggml_vk_mul(ggml_backend_vk_context * ctx, ggml_tensor * dst) {\n" + _OPS + "}\n",
        message="vulkan: support MUL with broadcasting",
        note="a GPU shader API's backend is gpu_shader work, not accelerator bring-up",
    ),
    edit(
        False,
        "ggml/src/ggml-cann/aclnn_ops.cpp",
        "void ggml_cann_mul(ggml_backend_cann_context & ctx, ggml_tensor * dst) {\n" + _OPS + "}\n",
        message="CANN: move the ops into aclnn_ops.cpp",
        note="files moved inside an NPU backend",
    ),
]
