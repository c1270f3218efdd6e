"""Labelled cases for the distributed-execution detector."""

from indexer.signals.labelled import Case, commit_case, neg, pos, text_case

D = "distributed"
CASES = [
    pos(
        D,
        "src/ggml-cuda/comm.cu",
        """
        NCCL_CHECK(ncclGroupStart());
        for (int i = 0; i < n_devices; ++i) {
            NCCL_CHECK(ncclAllReduce(buf[i], buf[i], ne, ncclFloat, ncclSum, comms[i], streams[i]));
        }
        NCCL_CHECK(ncclGroupEnd());
    """,
        "nccl all-reduce across devices",
    ),
    pos(
        D,
        "mlx/distributed/mpi/mpi.cpp",
        """
        void all_sum(Group group, const array& input, array& output, Stream stream) {
          MPI_Allreduce(input.data<void>(), output.data<void>(), input.size(), dtype, op, comm);
        }
    """,
        "mpi allreduce in a distributed backend",
    ),
    pos(
        D,
        "candle-examples/examples/llama_multiprocess/model.rs",
        """
        use cudarc::nccl::safe::{Comm, ReduceOp};
        struct AllReduce {
            comm: Rc<Comm>,
        }
    """,
        "rust all-reduce op over cudarc nccl",
    ),
    pos(
        D,
        "crates/burn-collective/src/local/server.rs",
        """
        pub(crate) async fn all_reduce(&mut self, tensor: B::FloatTensorPrimitive, config: CollectiveConfig) {
            let peers = self.peers.clone();
        }
    """,
        "burn collective all_reduce",
    ),
    pos(
        D,
        "src/nanotron/parallel/tensor_parallel/functional.py",
        """
        class _ShardedCrossEntropy(torch.autograd.Function):
            @staticmethod
            def forward(ctx, logits, target, group):
                logits_max = torch.max(logits, dim=-1)[0]
                dist.all_reduce(logits_max, op=dist.ReduceOp.MAX, group=group)
    """,
        "tensor-parallel cross entropy with all_reduce",
    ),
    pos(
        D,
        "src/nanotron/parallel/context.py",
        """
        class ParallelContext:
            def _init_parallel_groups(self):
                self.tp_pg = self.create_new_group(ranks)
    """,
        "parallel context definition",
    ),
    pos(
        D,
        "torchao/float8/fsdp_utils.py",
        """
        mesh = init_device_mesh("cuda", (world_size,))
        model = fully_shard(model, mesh=mesh)
    """,
        "fsdp2 sharding over a device mesh",
    ),
    pos(
        D,
        "tinygrad/multi.py",
        """
        def all_reduce(bop: Ops, lbs: list[UOp]) -> list[UOp]:
          chunks = [lb.shrink(s) for lb in lbs]
          return chunks
    """,
        "tinygrad multi-device all_reduce",
    ),
    pos(
        D,
        "python/mlx/nn/layers/distributed.py",
        """
        def sum_gradients(group):
            return mx.distributed.all_sum(x, group=group)
    """,
        "mlx distributed all_sum",
    ),
    pos(
        D,
        "src/parallel/pipeline.py",
        """
        if rank > 0:
            dist.recv(activation, src=rank - 1)
        out = stage(activation)
        dist.send(out, dst=rank + 1)
    """,
        "pipeline stage send/recv",
    ),
    commit_case(
        D,
        True,
        {"src/moe.py": "tokens = route(x)\nout = experts(tokens)\n"},
        message="Add expert parallelism for MoE layers\n\nTokens are exchanged with all-to-all across ranks.",
        note="expert parallel text with code",
    ),
    commit_case(
        D,
        True,
        {"src/ggml-cuda/ggml-cuda.cu": "static void split_rows(int n) {\n    int per_device = n / count;\n}\n"},
        message="cuda : fix multi-GPU tensor split when rows do not divide evenly",
        note="multi-gpu in message with code",
    ),
    commit_case(
        D,
        True,
        {"src/train.py": "optimizer.step()\n"},
        message="Use NCCL for gradient sync instead of gloo",
        note="nccl/gloo text with code",
    ),
    # --- negatives -------------------------------------------------------------------------------
    neg(
        D,
        "src/ggml-cuda/comm.cu",
        """
        // TODO: use ncclAllReduce here once multi-GPU lands
        static void reduce_rows(const float * x, float * dst, int n) {
            for (int i = 0; i < n; ++i) dst[0] += x[i];
        }
    """,
        "nccl in a comment",
    ),
    neg(
        D,
        "src/train.py",
        """
        logger.info("dist.all_reduce took %.2f ms", elapsed)
        print("running with tensor parallel size", tp)
    """,
        "collective named in a log string",
    ),
    neg(
        D,
        "tests/test_parallel.py",
        """
        def test_all_reduce_sum():
            t = torch.ones(4)
            dist.all_reduce(t)
            assert t.sum() == 4 * world_size
    """,
        "a test that merely calls all_reduce",
    ),
    neg(
        D,
        "models/llama.py",
        """
        class LlamaMLP(nn.Module):
            def forward(self, x):
                return self.down_proj(F.silu(self.gate_proj(x)) * self.up_proj(x))
    """,
        "model code with no communication",
    ),
    neg(
        D,
        "src/ops/reduce.rs",
        """
        pub fn reduce_sum(&self, dims: &[usize]) -> Result<Tensor> {
            self.sum_keepdim(dims)
        }
    """,
        "a tensor reduction, not a collective",
    ),
    neg(
        D,
        "src/ggml.c",
        """
        struct ggml_tensor * ggml_sum_rows(struct ggml_context * ctx, struct ggml_tensor * a) {
            return ggml_sum_impl(ctx, a);
        }
    """,
        "ggml row reduction",
    ),
    neg(
        D,
        "src/parallel.rs",
        """
        let results: Vec<f32> = rows.par_iter().map(|r| r.iter().sum()).collect();
        rayon::ThreadPoolBuilder::new().num_threads(n).build_global()?;
    """,
        "cpu thread parallelism with rayon",
    ),
    text_case(D, False, "docs: describe NCCL_DEBUG and multi-GPU setup", note="docs-only text"),
    commit_case(
        D,
        False,
        {"docs/distributed.md": "Run with torchrun --nproc-per-node 8 to use tensor parallelism.\n"},
        message="Document tensor parallelism launch",
        note="docs file only",
    ),
    commit_case(
        D,
        False,
        {".github/workflows/multi-gpu.yml": "runs-on: [self-hosted, multi-gpu]\n"},
        message="ci: add multi-GPU runner",
        note="ci toggle only",
    ),
    neg(
        D,
        "src/loader.py",
        """
        shards = sorted(glob.glob(os.path.join(path, "model-*.safetensors")))
        for shard in shards:
            state_dict.update(load_file(shard))
    """,
        "checkpoint shards are files, not sharding",
    ),
    commit_case(
        D,
        False,
        {"src/data.rs": "let batch = loader.next_batch()?;\n"},
        message="Load safetensors checkpoints split into shards",
        note="sharded checkpoint files in text",
    ),
    neg(
        D,
        "src/ggml-metal.metal",
        """
        float all_sum = simd_sum(sumf);
        if (tiisg == 0) {
            dst[r1*ne0 + row] = all_sum;
        }
    """,
        "a metal local named all_sum",
    ),
    neg(
        D,
        "mlx/backend/cuda/reduce/all_reduce.cu",
        """
        void all_reduce(cu::CommandEncoder& encoder, const array& in, array& out, Reduce::ReduceType reduce_type) {
          auto [blocks, threads] = get_args(in.size());
        }
    """,
        "a single-device reduction over all elements",
    ),
    neg(
        D,
        "src/nanotron/models/gpt2.py",
        """
        class MLP(nn.Module):
            def __init__(self, config, tp_pg: dist.ProcessGroup):
                super().__init__()
    """,
        "model code threading a process group annotation",
    ),
    neg(
        D,
        "python/mlx/nn/layers/distributed.py",
        """
        Use :func:`~mlx.nn.layers.distributed.fully_shard` to wrap a module.
        >>> model = fully_shard(model)
    """,
        "docstring lines of a hunk that starts inside a docstring",
    ),
    commit_case(
        D,
        False,
        {"src/ggml-vulkan/ggml-vulkan.cpp": "static void ggml_vk_conv2d(vk_context & ctx) {\n}\n"},
        message="vulkan: direct conv2d\n\n* Performance fixes: uses subgroup collectives to reduce branch divergence",
        note="gpu subgroup collectives in text",
    ),
    Case(
        D,
        False,
        (("scripts/eval.py", "results = evaluate(model)\n"),),
        message="Remove lm_eval warning",
        pr_text="Output now:\n[rank0]:2024-11-25 17:29:38,480 - root - INFO - Applied FSDP to the model",
        note="pasted log output naming FSDP",
    ),
    neg(
        D,
        "src/kernels/broadcast.cu",
        """
        __global__ void broadcast_add(const float * a, const float * b, float * out, int n) {
            out[threadIdx.x] = a[threadIdx.x] + b[0];
        }
    """,
        "a broadcasting kernel, not a collective broadcast",
    ),
]
