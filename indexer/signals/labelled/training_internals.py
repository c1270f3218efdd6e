"""Labelled cases for the training_internals detector (autograd, optimizers, checkpointing, loss scaling)."""

from indexer.signals.labelled import neg, pos, text_case

D = "training_internals"
CASES = [
    pos(
        D,
        "ops/rms_norm.py",
        """
        class RMSNormFunction(torch.autograd.Function):
            @staticmethod
            def forward(ctx, x, weight, eps):
                ctx.save_for_backward(x, weight)
                return _rms_norm_fwd(x, weight, eps)

            @staticmethod
            def backward(ctx, dy):
                x, weight = ctx.saved_tensors
                dx, dw = _rms_norm_bwd(dy, x, weight)
                return dx, dw, None
    """,
        "custom autograd Function",
    ),
    pos(
        D,
        "optim/adamw.py",
        """
        def _single_tensor_adamw(params, grads, exp_avgs, exp_avg_sqs, lr, beta1, beta2, eps, weight_decay):
            for p, g, m, v in zip(params, grads, exp_avgs, exp_avg_sqs):
                p.mul_(1 - lr * weight_decay)
                m.lerp_(g, 1 - beta1)
                v.mul_(beta2).addcmul_(g, g, value=1 - beta2)
                p.addcdiv_(m, v.sqrt().add_(eps), value=-lr)
    """,
        "AdamW step implementation",
    ),
    pos(
        D,
        "tinygrad/nn/optim.py",
        """
        class LAMB(Optimizer):
            def __init__(self, params, lr=0.001, b1=0.9, b2=0.999, eps=1e-6, weight_decay=0.0):
                super().__init__(params, lr)
                self.b1, self.b2, self.eps, self.wd = b1, b2, eps, weight_decay

            def schedule_step(self):
                return [self.b1_t, self.b2_t] + self.params
    """,
        "optimizer class",
    ),
    pos(
        D,
        "csrc/multi_tensor_adam.cu",
        """
        template <typename T>
        struct AdamFunctor {
            __device__ void operator()(int chunk_size, TensorListMetadata<4>& tl, float beta1, float beta2) {
                T* g = (T*)tl.addresses[0][tensor_loc];
                T* p = (T*)tl.addresses[1][tensor_loc];
            }
        };
        void multi_tensor_adam_cuda(int chunk_size, at::Tensor noop_flag, TensorLists tensor_lists) {
        }
    """,
        "fused multi-tensor Adam kernel",
    ),
    pos(
        D,
        "csrc/flash_attn/src/flash_bwd_kernel.h",
        """
        template<typename Kernel_traits, bool Is_dropout, bool Is_causal, typename Params>
        inline __device__ void compute_dq_dk_dv_1colblock(const Params &params, const int bidb, const int bidh) {
            using Element = typename Kernel_traits::Element;
        }
    """,
        "attention backward kernel",
    ),
    pos(
        D,
        "crates/burn-autodiff/src/ops/tensor.rs",
        """
        impl<B: Backend> Backward<B, 2> for Mul {
            type State = (Option<B::FloatTensorPrimitive>, Option<B::FloatTensorPrimitive>);

            fn backward(self, ops: Ops<Self::State, 2>, grads: &mut Gradients, checkpointer: &mut Checkpointer) {
                let (lhs, rhs) = ops.state;
            }
        }
    """,
        "burn autodiff Backward impl",
    ),
    pos(
        D,
        "candle-core/src/backprop.rs",
        """
        impl Tensor {
            pub fn backward(&self) -> Result<GradStore> {
                let sorted_nodes = self.sorted_nodes();
                let mut grads = GradStore::new();
                grads.insert(self, self.ones_like()?.contiguous()?);
                Ok(grads)
            }
        }
    """,
        "candle backprop",
    ),
    pos(
        D,
        "crates/burn-optim/src/optim/adamw.rs",
        """
        impl<B: Backend> SimpleOptimizer<B> for AdamW {
            type State<const D: usize> = AdamWState<B, D>;

            fn step<const D: usize>(&self, lr: LearningRate, tensor: Tensor<B, D>, grad: Tensor<B, D>) {
            }
        }
    """,
        "burn SimpleOptimizer impl",
    ),
    pos(
        D,
        "src/ops/layer_norm.cpp",
        """
        std::tuple<Tensor, Tensor, Tensor> layer_norm_backward_cpu(const Tensor& grad_out, const Tensor& input,
                                                                   const Tensor& mean, const Tensor& rstd) {
            Tensor grad_input = at::empty_like(input);
            return std::make_tuple(grad_input, Tensor(), Tensor());
        }
    """,
        "layer norm backward in C++",
    ),
    pos(
        D,
        "nanotron/models/checkpointing.py",
        """
        def apply_activation_checkpointing(module: nn.Module, policy: str) -> None:
            for name, child in module.named_children():
                if policy == "full":
                    setattr(module, name, CheckpointWrapper(child))
    """,
        "activation checkpointing definition",
    ),
    pos(
        D,
        "tinygrad/mlops.py",
        """
        class Relu(Function):
            def forward(self, x):
                self.ret = x.e(BinaryOps.MAX, x.const(0))
                return self.ret

            def backward(self, grad_output):
                return self.ret.const(0).e(BinaryOps.CMPLT, self.ret).e(BinaryOps.MUL, grad_output)
    """,
        "hand-written autograd op",
    ),
    text_case(D, True, "Add gradient checkpointing to the transformer blocks", note="checkpointing subject"),
    text_case(D, True, "Fused AdamW optimizer for the CUDA backend", note="fused optimizer subject"),
    neg(
        D,
        "test/test_ops.py",
        """
        def test_relu_backward():
            x = Tensor.randn(4, 4, requires_grad=True)
            x.relu().sum().backward()
            assert x.grad is not None
    """,
        "test that only runs backward()",
    ),
    neg(
        D,
        "examples/train_mnist.py",
        """
        for x, y in loader:
            optimizer.zero_grad()
            loss = F.cross_entropy(model(x), y)
            loss.backward()
            optimizer.step()
    """,
        "training script using an optimizer",
    ),
    neg(
        D,
        "models/llama.py",
        """
        class LlamaMLP(nn.Module):
            def forward(self, x):
                return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))
    """,
        "model forward only",
    ),
    neg(
        D,
        "train.py",
        """
        optimizer = torch.optim.AdamW(model.parameters(), lr=3e-4, weight_decay=0.1)
        scheduler = torch.optim.lr_scheduler.CosineAnnealingLR(optimizer, T_max=1000)
    """,
        "constructing a stock optimizer",
    ),
    neg(
        D,
        "configs/train.yaml",
        """
        optimizer: adamw
        gradient_checkpointing: true
        lr: 3e-4
    """,
        "config naming an optimizer",
    ),
    neg(
        D,
        "README.md",
        """
        Supports autograd, AdamW and gradient checkpointing.
    """,
        "README listing features",
    ),
    neg(
        D,
        "src/compiler/pass.cpp",
        """
        // Run the graph optimizer before codegen.
        void run_graph_optimizer_passes(Graph& g) {
            fold_constants(g);
        }
    """,
        "graph optimizer pass in a compiler (not a training optimizer)",
    ),
    neg(
        D,
        "src/kv_cache.rs",
        """
        pub fn recompute_kv(&mut self, tokens: &[u32]) -> Result<()> {
            self.cache.clear();
            Ok(())
        }
    """,
        "KV cache recompute in serving",
    ),
    neg(
        D,
        "src/functions.py",
        """
        class Function:
            def __init__(self, name: str, args: list[str]):
                self.name, self.args = name, args
    """,
        "a class named Function that is not autograd",
    ),
    text_case(D, False, "docs: describe the optimizer options", note="docs subject"),
    text_case(D, False, "Optimize the matmul tiling for M2", note="performance optimization subject"),
    neg(
        D,
        "tests/test_optim.rs",
        """
        #[test]
        fn adam_step_updates_params() {
            let mut opt = AdamW::new(vars, params).unwrap();
            opt.backward_step(&loss).unwrap();
        }
    """,
        "rust test of an optimizer",
    ),
]
