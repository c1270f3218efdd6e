"""Labelled cases for the ML-compiler detector."""

from indexer.signals.labelled import Case, commit_case, neg, pos, text_case

D = "ml_compiler"
CASES = [
    pos(
        D,
        "tinygrad/codegen/lowerer.py",
        """
        def lower_reduce_axis(ctx: IndexContext, x: UOp):
          ret = x.src[0]
          return ret
    """,
        "tinygrad lowering function",
    ),
    pos(
        D,
        "tinygrad/codegen/uopgraph.py",
        """
        sym = PatternMatcher([
          (UPat.var("x") + 0, lambda x: x),
          (UPat.var("x") * 1, lambda x: x),
        ])
    """,
        "pattern rewrite rules",
    ),
    pos(
        D,
        "tinygrad/renderer/cstyle.py",
        """
        class OpenCLRenderer(CStyleLanguage):
          device = "GPU"
          kernel_prefix = "__kernel "
    """,
        "a renderer that emits OpenCL source",
    ),
    pos(
        D,
        "torch/_inductor/lowering.py",
        """
        @register_lowering(aten.silu)
        def silu(x):
            return make_pointwise(fn)(x)
    """,
        "inductor lowering registration",
    ),
    pos(
        D,
        "src/passes/fold_constants.py",
        """
        from torch.fx import GraphModule, Node

        def fold(gm: GraphModule) -> GraphModule:
            for node in gm.graph.nodes:
                pass
    """,
        "torch.fx pass",
    ),
    pos(
        D,
        "lib/Conversion/TritonToLLVM.cpp",
        """
        struct LoadOpConversion : public mlir::OpConversionPattern<triton::LoadOp> {
          using OpConversionPattern::OpConversionPattern;
        };
    """,
        "mlir conversion pattern",
    ),
    pos(
        D,
        "mlx/backend/cuda/jit_module.cpp",
        """
        CHECK_NVRTC_ERROR(nvrtcCreateProgram(&prog, source.c_str(), name.c_str(), 0, nullptr, nullptr));
        CHECK_NVRTC_ERROR(nvrtcCompileProgram(prog, args.size(), args.data()));
    """,
        "runtime compilation of generated cuda",
    ),
    pos(
        D,
        "mlx/compile.cpp",
        """
        void compile_simplify(std::vector<array>& tape, ParentsMap& parents, int passes) {
          auto is_scalar = [](const array& a) { return a.size() == 1; };
        }
    """,
        "graph simplification pass of mx.compile",
    ),
    pos(
        D,
        "crates/cubecl-wgpu/src/compiler/wgsl/compiler.rs",
        """
        impl Compiler for WgslCompiler {
            type Representation = ComputeShader;
        }
    """,
        "rust compiler trait impl",
    ),
    pos(
        D,
        "crates/burn-jit/src/tune/matmul.rs",
        """
        pub struct MatmulAutotuneOperationSet<R: JitRuntime> {
            key: JitAutotuneKey,
        }
    """,
        "autotune operation set",
    ),
    pos(
        D,
        "src/codegen/emit.cpp",
        """
        std::string emit_kernel_source(const Graph& g) {
            std::ostringstream os;
            return os.str();
        }
    """,
        "c++ emitter of kernel source",
    ),
    commit_case(
        D,
        True,
        {"tinygrad/engine/schedule.py": "si = ScheduleItem(ast, bufs)\n"},
        message="move lowering of BUFFER_VIEW into the scheduler, lower to uops earlier",
        note="lowering and uops in text with code",
    ),
    commit_case(
        D,
        True,
        {"src/kernel.rs": "let key = self.key();\n"},
        message="Add autotuning for matmul tile sizes",
        note="autotuning text with code",
    ),
    # --- negatives -------------------------------------------------------------------------------
    neg(
        D,
        "examples/train_gpt2.py",
        """
        model = GPT(config)
        model = torch.compile(model)
        loss = model(x).loss
    """,
        "torch.compile on a model is using a compiler",
    ),
    neg(
        D,
        "examples/beautiful_mnist.py",
        """
        @TinyJit
        def train_step() -> Tensor:
          opt.zero_grad()
          return loss.realize()
    """,
        "a TinyJit decorator on a training step",
    ),
    neg(
        D,
        "src/model.py",
        """
        # lower the learning rate when loss plateaus; codegen is not involved
        lr = lr * 0.5
        print("lowering lr to", lr)
    """,
        "lowering a learning rate, in a comment and string",
    ),
    neg(
        D,
        "src/utils.cpp",
        """
        auto it = std::lower_bound(offsets.begin(), offsets.end(), row);
        size_t idx = lower_bound_index(offsets, row);
    """,
        "lower_bound is not lowering",
    ),
    neg(
        D,
        "tests/test_linearizer.py",
        """
        def test_lower_simple(self):
          k = Kernel(ast)
          self.assertEqual(len(k.uops), 4)
    """,
        "a compiler test",
    ),
    neg(
        D,
        "src/ggml-cuda/mmq.cu",
        """
        template <int mmq_x>
        static __global__ void mul_mat_q(const char * x, const char * y, float * dst) {
        }
    """,
        "a hand-written cuda kernel",
    ),
    neg(
        D,
        "candle-core/src/shape.rs",
        """
        pub fn dims4(&self) -> Result<(usize, usize, usize, usize)> {
            self.dims()
        }
    """,
        "plain rust shape code",
    ),
    text_case(D, False, "docs: mention that torch.compile is supported", note="docs text, no code"),
    commit_case(
        D,
        False,
        {"README.md": "Models can be compiled with `mx.compile` for speed.\n"},
        message="README: document mx.compile and codegen",
        note="docs file only",
    ),
    commit_case(
        D,
        False,
        {"src/generate.py": "outputs = model.generate(ids, num_beams=4)\n"},
        message="Add beam search to generation",
        note="beam search decoding is not kernel search",
    ),
    neg(
        D,
        "crates/burn-tensor/src/tensor/ops/bool.rs",
        """
        fn lower_elem(lhs: FloatTensor<B>, rhs: FloatElem<B>) -> BoolTensor<B>;
        fn lower(&self, other: &Self) -> BoolTensor<B>;
    """,
        "lower as a comparison",
    ),
    neg(
        D,
        "crates/burn-derive/src/module/codegen.rs",
        """
        pub(crate) trait ModuleCodegen {
            fn gen_num_params(&self) -> TokenStream;
        }
    """,
        "derive-macro codegen",
    ),
    neg(
        D,
        "crates/burn-train/src/renderer/base.rs",
        """
        pub trait MetricsRenderer: Send + Sync {
            fn update_train(&mut self, state: MetricState);
        }
    """,
        "a terminal metrics renderer",
    ),
    neg(
        D,
        "crates/burn-import/src/burn/node/pad.rs",
        """
        fn test_codegen_pad() {
            let mut graph = BurnGraph::<FullPrecisionSettings>::default();
        }
    """,
        "a test named for codegen",
    ),
    neg(
        D,
        "examples/sam2_amg_server/server.py",
        """
        import torch._dynamo.config
        from torch._inductor import config as inductorconfig
        inductorconfig.coordinate_descent_tuning = True
    """,
        "configuring a compiler one uses",
    ),
    neg(
        D,
        "crates/burn-jit/src/tensor/qtensor.rs",
        """
        pub struct QJitTensor<R: JitRuntime, const D: usize> {
            pub qtensor: JitTensor<R, u32, D>,
        }
    """,
        "a tensor type of a jit backend",
    ),
    neg(
        D,
        "crates/burn-jit/src/kernel/comparison.rs",
        """
        struct LowerOp;
        struct LowerEqualOp;
    """,
        "comparison ops named lower",
    ),
    commit_case(
        D,
        False,
        {"benchmarks/bench_matmul.py": "for shape in shapes:\n    run(shape)\n"},
        message="Fix micro benchmark\n\nThe problem goes away if we reset the dynamo caches before each shape.",
        note="dynamo named in a benchmark note",
    ),
    neg(
        D,
        "torchao/kernel/intmm.py",
        """
        from torch._dynamo import is_compiling as dynamo_is_compiling
        if dynamo_is_compiling():
            return out
    """,
        "asking whether dynamo is compiling",
    ),
    Case(
        D,
        False,
        (("torchao/_models/sam/eval_combo.py", "parser.add_argument('--min_sqnr')\n"),),
        message="Add min_sqnr to the SAM eval",
        pr_text="python eval_combo.py --batch_size 32 --compile max-autotune --min_sqnr 20",
        note="a pasted command line with autotune flags",
    ),
    neg(
        D,
        "build.rs",
        """
        let out = std::env::var("OUT_DIR").unwrap();
        println!("cargo:rustc-link-lib=cublas");
    """,
        "a build script",
    ),
    commit_case(
        D,
        False,
        {"src/train.py": "lr = schedule(step)\n"},
        message="Fix compile error on MSVC and lower memory usage",
        note="compile error and lower memory are not compilers",
    ),
]
