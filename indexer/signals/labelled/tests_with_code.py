"""Labelled cases for the tests_with_code detector (multi-file commits)."""

from indexer.signals.labelled import commit_case

D = "tests_with_code"
_KERNEL = """
    static __global__ void scale_f32(const float * x, float * dst, const float scale, const int k) {
        const int i = blockDim.x * blockIdx.x + threadIdx.x;
        if (i < k) dst[i] = scale * x[i];
    }
"""
_RUST_KERNEL = """
    pub fn vec_dot_q8_0(xs: &[BlockQ8_0], ys: &[BlockQ8_0]) -> f32 {
        xs.iter().zip(ys).map(|(x, y)| x.d.to_f32() * y.d.to_f32()).sum()
    }
"""
_SYSTEMS = """
    size_t arena_used(const struct arena * a) {
        size_t total = 0;
        for (const struct block * b = a->head; b != NULL; b = b->next) {
            total += b->used;
        }
        return total;
    }
"""
CASES = [
    commit_case(
        D,
        True,
        {
            "src/ggml-cuda/scale.cu": _KERNEL,
            "tests/test-backend-ops.cpp": """
        TEST(scale, matches_cpu) {
            EXPECT_NEAR(run_scale_cuda(2.0f), run_scale_cpu(2.0f), 1e-5);
        }
    """,
        },
        note="cuda kernel + gtest",
    ),
    commit_case(
        D,
        True,
        {
            "candle-core/src/quantized/k_quants.rs": _RUST_KERNEL,
            "candle-core/tests/quantized_tests.rs": """
        #[test]
        fn quantized_dot() -> Result<()> {
            assert_eq!(vec_dot_q8_0(&a, &b), 4.0);
            Ok(())
        }
    """,
        },
        note="rust kernel + integration test",
    ),
    commit_case(
        D,
        True,
        {
            "src/cpu/simd.rs": """
        pub unsafe fn sum_avx(xs: &[f32]) -> f32 {
            let acc = _mm256_setzero_ps();
            hsum(acc)
        }

        #[cfg(test)]
        mod tests {
            #[test]
            fn sum_matches() { assert_eq!(super::sum_scalar(&[1.0, 2.0]), 3.0); }
        }
    """
        },
        note="inline rust tests beside simd code",
    ),
    commit_case(
        D,
        True,
        {
            "src/ops.metal": """
        kernel void kernel_neg(device const float * x, device float * y, uint i [[thread_position_in_grid]]) {
            y[i] = -x[i];
        }
    """,
            "tests/test_metal_ops.py": """
        def test_neg_matches_numpy():
            assert np.allclose(run("neg", x), -x)
    """,
        },
        note="metal kernel + python test",
    ),
    commit_case(
        D,
        True,
        {
            "src/arena.c": _SYSTEMS,
            "tests/test_arena.c": """
        static void test_arena_used(void) {
            assert(arena_used(&a) == 64);
        }
    """,
        },
        note="systems C code + C test",
    ),
    commit_case(
        D,
        True,
        {
            "src/kernels/add.cl": """
        __kernel void add(__global const float * a, __global float * b) { b[get_global_id(0)] += a[get_global_id(0)]; }
    """,
            "tests/test_opencl.cpp": """
        TEST(opencl, add) { EXPECT_EQ(run_add(), 0); }
    """,
        },
        note="opencl kernel + test",
    ),
    commit_case(
        D,
        True,
        {
            "src/quant.c": """
        void quantize_row_q8_0(const float * x, block_q8_0 * y, int k) {
            y[0].d = x[0];
        }
    """,
            "tests/test-quantize-fns.cpp": """
        static void test_quantize_row_q8_0() {
            assert(max_err < 0.01f);
        }
    """,
        },
        note="quantize fn + test",
    ),
    commit_case(
        D,
        True,
        {
            "candle-nn/src/ops.rs": """
        pub fn sdpa(q: &Tensor, k: &Tensor, v: &Tensor, scale: f32) -> Result<Tensor> {
            q.apply_op3_no_bwd(k, v, &Sdpa { scale })
        }
    """,
            "candle-nn/tests/sdpa.rs": """
        #[test]
        fn sdpa_full() -> candle::Result<()> {
            assert!(diff < 1e-4);
            Ok(())
        }
    """,
        },
        note="sdpa + tests",
    ),
    commit_case(
        D,
        True,
        {
            "src/layout.rs": """
        pub fn is_contiguous(&self) -> bool {
            self.shape.is_contiguous(&self.stride)
        }
    """,
            "tests/layout_tests.rs": """
        #[test]
        fn contiguous() { assert!(layout.is_contiguous()); }
    """,
        },
        note="layout + tests",
    ),
    commit_case(
        D,
        True,
        {
            "src/ggml-cuda/norm.cu": _KERNEL.replace("scale_f32", "norm_f32"),
            "tests/test-norm.c": """
        int main(void) {
            assert(check_norm() == 0);
            return 0;
        }
    """,
        },
        note="kernel + c test main",
    ),
    commit_case(
        D,
        False,
        {
            "tests/test_tokenizer.py": """
        def test_roundtrip():
            assert tok.decode(tok.encode("hi")) == "hi"
    """
        },
        note="tests only",
    ),
    commit_case(D, False, {"src/ggml-cuda/scale.cu": _KERNEL}, note="kernel without tests"),
    commit_case(
        D,
        False,
        {
            "python/ops.py": """
        def scale(x, s):
            return x * s
    """,
            "python/tests/test_ops.py": """
        def test_scale():
            assert scale(2, 3) == 6
    """,
        },
        note="python code + python tests",
    ),
    commit_case(
        D,
        False,
        {
            "README.md": "Run the tests with `ctest`.\n",
            "tests/CMakeLists.txt": """
        add_test(NAME test-quantize COMMAND test-quantize)
    """,
        },
        note="docs + test build config",
    ),
    commit_case(
        D,
        False,
        {
            "examples/simple/main.cpp": """
        int main(int argc, char ** argv) {
            auto model = load(argv[1]);
            return generate(model, "hello");
        }
    """,
            "tests/test_simple.py": """
        def test_simple_runs():
            assert run_example() == 0
    """,
        },
        note="example app + test",
    ),
    commit_case(
        D,
        False,
        {
            "src/model.rs": """
        pub fn forward(&self, xs: &Tensor) -> Result<Tensor> {
            self.linear.forward(xs)
        }
    """
        },
        note="rust code without tests",
    ),
    commit_case(
        D,
        False,
        {
            "tests/test-backend-ops.cpp": """
        TEST(add, f16) {
            __m256 v = _mm256_setzero_ps();
            EXPECT_EQ(run_add(), 0);
        }
    """
        },
        note="kernel-ish code only inside a test file",
    ),
    commit_case(
        D,
        False,
        {
            ".github/workflows/test.yml": """
        jobs:
          test:
            runs-on: ubuntu-latest
    """,
            "tests/test_ci.py": "def test_ok():\n    assert True\n",
        },
        note="ci + tests",
    ),
    commit_case(D, False, {"docs/testing.md": "How to write kernel tests.\n"}, note="docs about tests"),
    commit_case(
        D,
        False,
        {
            "src/cli.rs": """
        #[derive(Parser)]
        struct Args { #[arg(long)] model: String }
        fn main() { let args = Args::parse(); run(&args.model); }
    """,
            "benches/bench_cli.rs": "fn bench() {}\n",
        },
        note="cli code and an empty bench file",
    ),
]
