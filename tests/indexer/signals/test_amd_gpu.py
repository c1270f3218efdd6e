from indexer.signals import detect_commit
from indexer.signals.amd_gpu import about_amd, path_is_amd
from models.settings import Settings

from .helpers import commit


def _amd(files: dict[str, str], message: str = "Change") -> list:
    return [s for s in detect_commit(commit(files, message), Settings()).signals if s.kind == "amd_gpu"]


def test_pm4_packets_in_a_python_runtime_are_amd_runtime_work() -> None:
    code = """
        def exec(self, prg):
          self.pkt3(amd_gpu.PACKET3_SET_SH_REG, gfxreg(amd_gpu.regCOMPUTE_PGM_LO), prg.addr)
          return self
    """
    found = _amd({"tinygrad/runtime/ops_amd.py": code})
    assert found and found[0].detail["hardware"] == "AMD" and found[0].detail["layer"] == "runtime"


def test_a_hip_branch_with_real_code_counts_but_a_one_line_guard_does_not() -> None:
    branch = """
        def pick():
            if torch.version.hip:
                block = 64
                warps = 8
            return block, warps
    """
    guard = """
        def pick():
            if torch.version.hip: return None
            return 128
    """
    assert _amd({"torchao/kernels/pick.py": branch})
    assert _amd({"torchao/kernels/pick.py": guard}) == []


def test_a_gfx_target_counts_on_a_code_line_not_in_a_docstring() -> None:
    code = """
        def fp8_dtype(arch):
            return torch.float8_e4m3fnuz if "gfx942" in arch else torch.float8_e4m3fn
    """
    doc = '''
        def fp8_dtype(arch):
            """On gfx942 the fnuz variant is used."""
            return torch.float8_e4m3fn
    '''
    assert _amd({"torchao/float8/config.py": code})
    assert _amd({"torchao/float8/config.py": doc}) == []


def test_triton_kernels_in_the_amd_backend_directory_are_triton_work_for_amd() -> None:
    code = """
        @triton.jit
        def _fwd(q_ptr, o_ptr, BLOCK: tl.constexpr):
            offs = tl.arange(0, BLOCK)
            tl.store(o_ptr + offs, tl.load(q_ptr + offs) * 2)
    """
    found = _amd({"flash_attn/flash_attn_triton_amd/fwd.py": code})
    assert found and found[0].detail["layer"] == "triton"


def test_amdgcn_builtins_count_in_cuda_files_but_hip_guards_alone_do_not() -> None:
    builtin = "acc = __builtin_amdgcn_mfma_f32_16x16x16f16(a, b, acc, 0, 0, 0);"
    guarded = """
        #if !defined(GGML_USE_HIP)
        static __global__ void k(float * x) { x[threadIdx.x] = 0.0f; }
        #endif // GGML_USE_HIP
    """
    assert _amd({"ggml/src/ggml-cuda/mma.cuh": builtin})
    assert _amd({"ggml/src/ggml-cuda/softmax.cu": guarded}) == []


def test_a_cuda_kernel_in_a_commit_about_hip_alone_is_amd_kernel_work() -> None:
    kernel = "static __global__ void k(float * x) { __shared__ float s[32]; x[threadIdx.x] = s[0]; }"
    assert _amd({"ggml/src/ggml-cuda/k.cu": kernel}, "HIP: fix k on RDNA3")
    assert _amd({"ggml/src/ggml-cuda/k.cu": kernel}, "CUDA/HIP: fix k") == []


def test_tests_ci_and_docs_never_count() -> None:
    assert _amd({"tests/test_rocm.py": "if torch.version.hip:\n    x = 1\n    y = 2\n"}, "ROCm: tests") == []
    assert _amd({".github/workflows/rocm.yml": "runs-on: rocm\n"}, "ROCm CI") == []
    assert _amd({"docs/rocm.md": "Build for gfx942 with ROCm 6.\n"}, "ROCm docs") == []


def test_amd64_and_amd_cpu_words_are_not_amd_gpu_work() -> None:
    assert not path_is_amd("build/linux-amd64/main.py")
    assert path_is_amd("tinygrad/runtime/support/am/amdev.py") and path_is_amd("csrc/k.hip")
    assert not about_amd("ggml-cpu: faster AVX-512 path on AMD Zen4")
    assert not about_amd("release amd64 wheels") and about_amd("[AMD] Triton backend for ROCm")


def test_amd_tuning_inside_the_vulkan_backend_is_its_shader_work() -> None:
    code = "if (device->vendor_id == VK_VENDOR_ID_AMD && device->architecture == AMD_RDNA3) { wg = 64; }"
    assert _amd({"ggml/src/ggml-vulkan/ggml-vulkan.cpp": code}) == []
    assert _amd({"ggml/src/ggml-cuda/mmq.cuh": "if (GGML_CUDA_CC_IS_RDNA3(cc)) { nwarps = 4; }"})


def test_a_branch_on_not_rocm_is_the_cuda_side() -> None:
    code = """
        if use_cuda and not IS_ROCM:
            use_cutlass = True
            cutlass_dir = os.path.join(root, "cutlass")
    """
    assert _amd({"setup.py": code}) == []


def test_a_sweep_through_amd_files_is_not_amd_work() -> None:
    code = """
        void mha_fwd(std::optional<at::Tensor> &out_, std::optional<at::Tensor> &alibi, int seqlen_q,
                     int seqlen_k, float softmax_scale, bool is_causal) {
            auto opts = q.options();
            run(opts);
        }
    """
    assert _amd({"csrc/flash_attn_ck/mha_fwd.cpp": code}, "Update the CK backend to the latest composable_kernel")
    assert _amd({"csrc/flash_attn_ck/mha_fwd.cpp": code}, "Replace c10::optional with std::optional") == []
