"""Labelled cases for the triton_kernel detector (Python-hosted GPU kernels and custom ops)."""

from indexer.signals.labelled import neg, pos

D = "triton_kernel"
CASES = [
    pos(
        D,
        "torchao/kernels/fp8_quant.py",
        """
        import triton
        import triton.language as tl


        @triton.jit
        def _act_quant_kernel(x_ptr, y_ptr, s_ptr, BLOCK_SIZE: tl.constexpr):
            pid = tl.program_id(axis=0)
            offs = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
            x = tl.load(x_ptr + offs).to(tl.float32)
            s = tl.max(tl.abs(x)) / 448.0
            tl.store(y_ptr + offs, x / s)
            tl.store(s_ptr + pid, s)
    """,
        "triton.jit kernel",
    ),
    pos(
        D,
        "ops/matmul.py",
        """
        @triton.autotune(
            configs=[
                triton.Config({"BLOCK_M": 128, "BLOCK_N": 64, "BLOCK_K": 32}, num_stages=3, num_warps=4),
                triton.Config({"BLOCK_M": 64, "BLOCK_N": 64, "BLOCK_K": 32}, num_stages=4, num_warps=4),
            ],
            key=["M", "N", "K"],
        )
        @triton.jit
        def matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr,
                          BLOCK_K: tl.constexpr):
            pid_m = tl.program_id(0)
            acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
            for k in range(0, K, BLOCK_K):
                a = tl.load(a_ptr)
                b = tl.load(b_ptr)
                acc += tl.dot(a, b)
            tl.store(c_ptr, acc)
    """,
        "autotuned triton matmul",
    ),
    pos(
        D,
        "kernels/rms_norm.py",
        """
            row = tl.program_id(0)
            cols = tl.arange(0, BLOCK_SIZE)
            x = tl.load(X + row * stride + cols, mask=cols < N, other=0.0).to(tl.float32)
            var = tl.sum(x * x, axis=0) / N
            tl.store(Y + row * stride + cols, x * tl.rsqrt(var + eps), mask=cols < N)
    """,
        "lines added inside an existing kernel body",
    ),
    pos(
        D,
        "flash_attn/ops/triton/rotary.py",
        """
        @triton.jit
        def rotary_kernel(OUT, X, COS, SIN, seqlen, rotary_dim, BLOCK_K: tl.constexpr, BLOCK_M: tl.constexpr):
            pid_m = tl.program_id(axis=0)
            rk = tl.arange(0, BLOCK_K)
            cos = tl.load(COS + rk, mask=rk < rotary_dim, other=1.0).to(tl.float32)
            sin = tl.load(SIN + rk, mask=rk < rotary_dim, other=0.0).to(tl.float32)
            x0 = tl.load(X + rk).to(tl.float32)
            tl.store(OUT + rk, x0 * cos - x0 * sin)
        # an unclosed hunk below makes the fragment unparseable
        def apply_rotary(x, cos, sin,
    """,
        "fragment that does not parse: line rules",
    ),
    pos(
        D,
        "ops/cute_gemm.py",
        """
        import cutlass.cute as cute


        @cute.kernel
        def gemm_kernel(mA: cute.Tensor, mB: cute.Tensor, mC: cute.Tensor):
            tidx, _, _ = cute.arch.thread_idx()
            bidx, _, _ = cute.arch.block_idx()
            gA = cute.local_tile(mA, (128, 64), (bidx, None))
            cute.copy(tiled_copy, gA, sA)
    """,
        "CuTe DSL kernel",
    ),
    pos(
        D,
        "jax_ops/pallas_add.py",
        """
        from jax.experimental import pallas as pl


        def add_kernel(x_ref, y_ref, o_ref):
            i = pl.program_id(0)
            o_ref[...] = x_ref[...] + y_ref[...]


        def add(x, y):
            return pl.pallas_call(add_kernel, out_shape=jax.ShapeDtypeStruct(x.shape, x.dtype), grid=(8,))(x, y)
    """,
        "Pallas kernel",
    ),
    pos(
        D,
        "numba_kernels/saxpy.py",
        """
        from numba import cuda


        @cuda.jit
        def saxpy(a, x, y, out):
            i = cuda.grid(1)
            if i < x.size:
                out[i] = a * x[i] + y[i]
    """,
        "numba.cuda kernel",
    ),
    pos(
        D,
        "ext/build.py",
        """
        from torch.utils.cpp_extension import load_inline

        cuda_src = '''
        __global__ void scale_kernel(float* x, float s, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) x[i] *= s;
        }
        '''
        module = load_inline(name="scale", cpp_sources=cpp_src, cuda_sources=cuda_src, functions=["scale"])
    """,
        "load_inline with CUDA source",
    ),
    pos(
        D,
        "torchao/ops.py",
        """
        @torch.library.custom_op("torchao::mx_fp8_bf16", mutates_args=())
        def mx_fp8_bf16(a: Tensor, b: Tensor, a_scale: Tensor, b_scale: Tensor) -> Tensor:
            return torch.ops.torchao.mx_fp8_bf16_impl(a, b, a_scale, b_scale)
    """,
        "torch.library custom op",
    ),
    pos(
        D,
        "torchao/ops.py",
        """
        lib = torch.library.Library("torchao", "FRAGMENT")
        lib.define("quant_llm_linear(int EXPONENT, int MANTISSA, Tensor _in_feats, Tensor _weights) -> Tensor")
    """,
        "torch.library Library define",
    ),
    pos(
        D,
        "csrc/cuda/ops.cpp",
        """
        TORCH_LIBRARY_IMPL(torchao, CUDA, m) {
          m.impl("torchao::quant_llm_linear", &quant_llm_linear);
        }
    """,
        "TORCH_LIBRARY_IMPL registration in C++",
    ),
    pos(
        D,
        "kernels/softmax.py",
        """
        from triton import jit
        import triton.language as tl


        @jit
        def softmax_kernel(out_ptr, in_ptr, n_cols, BLOCK: tl.constexpr):
            row = tl.program_id(0)
            x = tl.load(in_ptr + row * n_cols + tl.arange(0, BLOCK))
            tl.store(out_ptr + row * n_cols + tl.arange(0, BLOCK), x - tl.max(x, axis=0))
    """,
        "bare @jit imported from triton",
    ),
    pos(
        D,
        "setup.py",
        """
        ext_modules = [
            CUDAExtension(
                name="awq_inference_engine",
                sources=["csrc/pybind.cpp", "csrc/quantization/gemm_cuda_gen.cu"],
                extra_compile_args={"cxx": ["-g", "-O3"], "nvcc": ["-O3", "--use_fast_math"]},
            )
        ]
    """,
        "CUDAExtension in setup.py (weak)",
    ),
    neg(
        D,
        "torchao/ops/matmul.py",
        """
        def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
            M, K = a.shape
            _, N = b.shape
            c = torch.empty((M, N), device=a.device, dtype=a.dtype)
            grid = lambda META: (triton.cdiv(M, META["BLOCK_M"]) * triton.cdiv(N, META["BLOCK_N"]),)
            matmul_kernel[grid](a, b, c, M, N, K)
            return c
    """,
        "Python wrapper that only launches a Triton kernel",
    ),
    neg(
        D,
        "model/layer.py",
        """
        def forward(self, x):
            # uses the fused @triton.jit kernel from ops (tl.load / tl.store inside)
            return torch.ops.torchao.mx_fp8_bf16(x, self.weight, self.x_scale, self.w_scale)
    """,
        "torch.ops call and a comment naming triton",
    ),
    neg(
        D,
        "test/test_kernels.py",
        """
        @triton.jit
        def _ref_kernel(x_ptr, BLOCK: tl.constexpr):
            tl.store(x_ptr + tl.arange(0, BLOCK), tl.load(x_ptr + tl.arange(0, BLOCK)) * 2)
    """,
        "kernel defined inside a test file",
    ),
    neg(
        D,
        "jax_model/train.py",
        """
        @jax.jit
        def train_step(state, batch):
            grads = jax.grad(loss_fn)(state.params, batch)
            return state.apply_gradients(grads=grads)
    """,
        "jax.jit is not a kernel",
    ),
    neg(
        D,
        "model/compile.py",
        """
        @torch.jit.script
        def gelu(x):
            return x * 0.5 * (1.0 + torch.erf(x / 1.41421))
    """,
        "torch.jit.script",
    ),
    neg(
        D,
        "numba_utils/cpu.py",
        """
        from numba import njit, jit


        @jit(nopython=True)
        def pairwise(x):
            out = 0.0
            for i in range(x.shape[0]):
                out += x[i] * x[i]
            return out
    """,
        "numba CPU jit",
    ),
    neg(
        D,
        "docs_helpers/explain.py",
        '''
        def describe():
            """Launch a @triton.jit kernel: each program calls tl.program_id(0), then tl.load and tl.store."""
            return "triton kernels are written with tl.load and tl.store"
    ''',
        "docstring and string describe Triton",
    ),
    neg(
        D,
        "requirements.txt",
        """
        triton>=2.1.0
        torch>=2.1
    """,
        "requirements pin triton",
    ),
    neg(
        D,
        "benchmarks/bench_matmul.py",
        """
        import triton

        ms = triton.testing.do_bench(lambda: matmul(a, b))
        print(f"triton matmul: {ms:.3f} ms")
    """,
        "triton.testing benchmark",
    ),
    neg(
        D,
        "utils/dispatch.py",
        """
        config = {"define": True}
        parser.define("--threads", type=int)
        registry.impl("relu", relu_impl)
    """,
        ".define/.impl on something that is not a torch Library",
    ),
    neg(
        D,
        "src/kernels.cu",
        """
        __global__ void add(const float* a, const float* b, float* c, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) c[i] = a[i] + b[i];
        }
    """,
        "plain CUDA kernel (cuda_kernel's, not this)",
    ),
    neg(
        D,
        "model/mlp.py",
        """
        class MLP(nn.Module):
            def forward(self, x):
                return self.down(F.silu(self.gate(x)) * self.up(x))
    """,
        "model code",
    ),
    neg(
        D,
        "torchao/utils.py",
        """
        def has_triton() -> bool:
            try:
                import triton  # noqa: F401
                return torch.cuda.is_available()
            except ImportError:
                return False
    """,
        "availability check importing triton",
    ),
]
