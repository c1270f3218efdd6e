"""Labelled cases for the kernel_fusion detector."""

from indexer.signals.labelled import neg, pos

D = "kernel_fusion"
CASES = [
    pos(
        D,
        "src/ggml-cuda/norm.cu",
        """
        template <int block_size, bool do_multiply = false, bool do_add = false>
        static __global__ void rms_norm_f32_fused(const float * x, float * dst, const float * mul, const float * add) {
            const int row = blockIdx.x;
        }
    """,
        "fused norm kernel",
    ),
    pos(
        D,
        "src/ggml-cuda/ggml-cuda.cu",
        """
        static bool ggml_cuda_can_fuse(const struct ggml_cgraph * cgraph, int node_idx,
                                       std::initializer_list<enum ggml_op> ops) {
            return ggml_can_fuse(cgraph, node_idx, ops);
        }
    """,
        "can_fuse predicate",
    ),
    pos(
        D,
        "csrc/fused_add_rms_norm.cu",
        """
        __global__ void add_rms_norm_kernel(half * input, half * residual, const half * weight, float eps, int n) {
            int idx = threadIdx.x;
        }
    """,
        "add + rms norm kernel",
    ),
    pos(
        D,
        "csrc/activation.cu",
        """
        __global__ void bias_gelu_kernel(float * out, const float * in, const float * bias, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
        }
    """,
        "bias + gelu kernel",
    ),
    pos(
        D,
        "crates/burn-fusion/src/stream/execution.rs",
        """
        pub struct FusionServer<R: FusionRuntime> {
            streams: MultiStream<R>,
        }
    """,
        "burn fusion server",
    ),
    pos(
        D,
        "src/graph/passes.cpp",
        """
        class FuseMatMulBiasPass : public GraphPass {
        public:
            bool run(Graph & g) override;
        };
    """,
        "fusion graph pass",
    ),
    pos(
        D,
        "candle-metal-kernels/src/lib.rs",
        """
        pub fn call_fused_softmax(
            device: &Device,
            ep: impl EncoderProvider,
            kernels: &Kernels,
        ) -> Result<(), MetalKernelError> {
            Ok(())
        }
    """,
        "rust fused call",
    ),
    pos(
        D,
        "src/ops.metal",
        """
        kernel void kernel_silu_mul_f32(device const float * a, device const float * b, device float * dst,
                                        uint tpig[[thread_position_in_grid]]) {
            dst[tpig] = a[tpig] / (1.0f + exp(-a[tpig])) * b[tpig];
        }
    """,
        "silu*mul fused metal kernel",
    ),
    pos(
        D,
        "src/fuse.rs",
        """
        fn fuse_elementwise(graph: &mut Graph) -> usize {
            let mut fused = 0;
            fused
        }
    """,
        "rust fusion pass fn",
    ),
    pos(
        D,
        "mlx/compile.cpp",
        """
        void compile_fuse(std::vector<array> & tape, ParentsMap & parents_map, const std::vector<array> & inputs) {
            std::unordered_set<uintptr_t> cache;
        }
    """,
        "mlx compile fuse",
    ),
    neg(
        D,
        "src/model.rs",
        """
        let h = (self.norm.forward(&x)? + residual)?;
        let h = self.mlp.forward(&h)?.gelu()?;
    """,
        "model doing norm and residual with ops",
    ),
    neg(
        D,
        "src/ops.cpp",
        """
        // TODO: fuse this with the following add
        void add(float * y, const float * a, int n) { for (int i = 0; i < n; ++i) y[i] += a[i]; }
    """,
        "fuse in a comment",
    ),
    neg(
        D,
        "src/refuse.rs",
        """
        fn refuse_connection(&self) -> bool { self.closed }
        let confused = false;
    """,
        "refuse/confused",
    ),
    neg(
        D,
        "python/fused.py",
        """
        def fused_add_rms_norm(x, residual, w, eps):
            return _C.fused_add_rms_norm(x, residual, w, eps)
    """,
        "python wrapper",
    ),
    neg(
        D,
        "src/log.cpp",
        """
        printf("fused ops: %d\\n", n_ops);
    """,
        "fused in a string",
    ),
    neg(
        D,
        "docs/fusion.md",
        """
        Kernel fusion merges rms_norm with the residual add.
    """,
        "docs",
    ),
    neg(
        D,
        "src/norm.cu",
        """
        __global__ void rms_norm_kernel(const float * x, float * y, float eps, int n) {
            int i = threadIdx.x;
        }
    """,
        "plain norm kernel",
    ),
    neg(
        D,
        "src/diffuse.c",
        """
        void diffuse_heat(float * grid, int n) { for (int i = 1; i < n - 1; ++i) grid[i] = 0.5f * grid[i]; }
    """,
        "diffuse",
    ),
    neg(
        D,
        "src/linear.rs",
        """
        pub fn linear(x: &Tensor, w: &Tensor, b: Option<&Tensor>) -> Result<Tensor> {
            let y = x.matmul(&w.t()?)?;
            match b { Some(b) => y.broadcast_add(b), None => Ok(y) }
        }
    """,
        "linear with bias via ops",
    ),
    neg(
        D,
        "src/config.rs",
        """
        pub struct Config { pub hidden_act: Activation, pub rms_norm_eps: f64 }
    """,
        "config",
    ),
]
