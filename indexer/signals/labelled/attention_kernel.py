"""Labelled cases for the attention_kernel detector."""

from indexer.signals.labelled import neg, pos

D = "attention_kernel"
CASES = [
    pos(
        D,
        "src/ggml-cuda/fattn-vec.cuh",
        """
        template <int D, int ncols, ggml_type type_K, ggml_type type_V>
        static __global__ void flash_attn_vec_ext_f16(const char * Q, const char * K, const char * V, float * dst) {
            const int tid = threadIdx.x;
        }
    """,
        "flash attention kernel definition",
    ),
    pos(
        D,
        "src/attn.cu",
        """
        __global__ void attn_kernel(const float * q, const float * k, const float * v, float * o, int n) {
            float m_prev = -INFINITY, l_prev = 0.0f;
            for (int j = 0; j < n; ++j) {
                float s = dot(q, k + j * D);
                float m_new = fmaxf(m_prev, s);
                float scale = __expf(m_prev - m_new);
                l_prev = l_prev * scale + __expf(s - m_new);
                m_prev = m_new;
            }
        }
    """,
        "online softmax",
    ),
    pos(
        D,
        "src/ggml-metal.metal",
        """
        const float m = M;
        M = max(M, s);
        const float ms = exp(m - M);
        const float vs = exp(s - M);
        S = S*ms + simd_sum(vs);
    """,
        "metal online softmax state",
    ),
    pos(
        D,
        "csrc/attention/paged_attention_v1.cu",
        """
        template <typename scalar_t, int HEAD_SIZE, int BLOCK_SIZE>
        __global__ void paged_attention_v1_kernel(scalar_t * out, const scalar_t * q, const int * block_tables,
                                                  const int * seq_lens, int max_num_blocks_per_seq) {
            const int * block_table = block_tables + seq_idx * max_num_blocks_per_seq;
        }
    """,
        "paged attention with block tables",
    ),
    pos(
        D,
        "candle-flash-attn/src/lib.rs",
        """
        pub fn flash_attn(q: &Tensor, k: &Tensor, v: &Tensor, softmax_scale: f32, causal: bool) -> Result<Tensor> {
            let op = FlashAttn { softmax_scale, alibi_slopes: None, window_size_left: None, window_size_right: None };
            q.apply_op3(k, v, op)
        }
    """,
        "rust flash_attn op definition",
    ),
    pos(
        D,
        "candle-nn/src/ops.rs",
        """
        pub fn sdpa(q: &Tensor, k: &Tensor, v: &Tensor, scale: f32, softcapping: f32) -> Result<Tensor> {
            q.apply_op3_no_bwd(k, v, &Sdpa { scale, softcapping })
        }
    """,
        "sdpa op definition",
    ),
    pos(
        D,
        "src/attn_cpu.rs",
        """
        fn attend(scores: &[f32], out: &mut [f32]) {
            let mut running_max = f32::NEG_INFINITY;
            let mut running_sum = 0f32;
            for &s in scores {
                let new_max = running_max.max(s);
                running_sum = running_sum * (running_max - new_max).exp() + (s - new_max).exp();
                running_max = new_max;
            }
        }
    """,
        "rust online softmax",
    ),
    pos(
        D,
        "src/ggml-cuda/fattn-common.cuh",
        """
        float KQ_max = -FLT_MAX/2.0f;
        float KQ_rowsum = 0.0f;
        KQ_max = fmaxf(KQ_max, sum);
    """,
        "KQ max/rowsum state in cuda",
    ),
    pos(
        D,
        "mlx/backend/metal/kernels/sdpa_vector.h",
        """
        template <typename T, int D>
        [[kernel]] void sdpa_vector(const device T * queries [[buffer(0)]], const device T * keys [[buffer(1)]]) {
            typedef float U;
        }
    """,
        "metal sdpa kernel",
    ),
    pos(
        D,
        "src/decode.cu",
        """
        __global__ void decode_attention_kernel(const half * q, const half * k_cache, const half * v_cache,
                                                const int * block_table, float * out) {
        }
    """,
        "decode attention kernel",
    ),
    neg(
        D,
        "candle-transformers/src/models/llama.rs",
        """
        let att = (q.matmul(&k.t()?)? * self.scale)?;
        let att = candle_nn::ops::softmax_last_dim(&att)?;
        let y = att.matmul(&v)?;
    """,
        "model code computing attention with tensor ops",
    ),
    neg(
        D,
        "candle-transformers/src/models/mistral.rs",
        """
        let attn_output = candle_flash_attn::flash_attn(&q, &k, &v, softmax_scale, seq_len > 1)?;
    """,
        "model calling flash_attn",
    ),
    neg(
        D,
        "python/attention.py",
        """
        def attention(q, k, v):
            return torch.nn.functional.scaled_dot_product_attention(q, k, v)
    """,
        "python sdpa call",
    ),
    neg(
        D,
        "src/softmax.cpp",
        """
        void softmax(float * x, int n) {
            float m = *std::max_element(x, x + n);
            float s = 0.0f;
            for (int i = 0; i < n; ++i) { x[i] = expf(x[i] - m); s += x[i]; }
            for (int i = 0; i < n; ++i) x[i] /= s;
        }
    """,
        "plain softmax",
    ),
    neg(
        D,
        "src/model.rs",
        """
        // TODO: use flash attention / paged attention here
        let scores = q.matmul(&k)?;
    """,
        "flash attention in a comment",
    ),
    neg(
        D,
        "src/stats.cpp",
        """
        float row_mean = sum / n;
        float v = expf(x - y);
    """,
        "exp of a difference unrelated to max",
    ),
    neg(
        D,
        "src/config.rs",
        """
        pub struct Config {
            pub use_flash_attn: bool,
            pub num_attention_heads: usize,
        }
    """,
        "config flags",
    ),
    neg(
        D,
        "docs/attention.md",
        """
        Online softmax keeps a running max m and sum l and rescales by exp(m_prev - m_new).
    """,
        "docs",
    ),
    neg(
        D,
        "src/logits.c",
        """
        float max_logit = logits[0];
        for (int i = 1; i < n; ++i) if (logits[i] > max_logit) max_logit = logits[i];
    """,
        "max over logits",
    ),
    neg(
        D,
        "src/sampler.rs",
        """
        let probs = candle_nn::ops::softmax(&logits, D::Minus1)?;
        let next = probs.argmax(D::Minus1)?;
    """,
        "sampling with softmax",
    ),
    neg(
        D,
        "src/ggml-cuda/norm.cu",
        """
        __shared__ float s_sum[32];
        s_sum[warp_id] = mean_var;
        float s_max = warp_reduce_max(x);
    """,
        "norm kernel shared sums (found on real code)",
    ),
    neg(
        D,
        "candle-flash-attn-v3/tests/flash_attn_tests.rs",
        """
        #[test]
        fn flash_attn_acausal_gqa() -> Result<()> {
            Ok(())
        }
    """,
        "a test named after the kernel (found on real code)",
    ),
    pos(
        D,
        "flash_attn/flash_attn_triton_amd/fwd_prefill.py",
        """
        import triton
        import triton.language as tl

        @triton.jit
        def _attn_fwd_inner(acc, l_i, m_i, q, k_ptrs, v_ptrs, BLOCK_N: tl.constexpr):
            qk = tl.dot(q, tl.load(k_ptrs))
            m_ij = tl.maximum(m_i, tl.max(qk, 1))
            alpha = tl.math.exp2(m_i - m_ij)
            acc = acc * alpha[:, None]
    """,
        "Triton flash attention kernel for AMD",
    ),
    pos(
        D,
        "flash_attn/cute/flash_fwd_sm100.py",
        """
        import cutlass
        import cutlass.cute as cute

        class FlashAttentionForwardSm100:
            def __init__(self, head_dim: int, is_causal: bool = False):
                self.head_dim = head_dim
    """,
        "CuTe DSL attention kernel class",
    ),
    neg(
        D,
        "src/transformers/integrations/sdpa_attention.py",
        """
        import torch

        def sdpa_attention_forward(module, query, key, value, attention_mask):
            return torch.nn.functional.scaled_dot_product_attention(query, key, value, attn_mask=attention_mask)
    """,
        "model code calling SDPA, no kernel",
    ),
    neg(
        D,
        "tests/test_flash_attn_triton_amd.py",
        """
        import triton

        def test_flash_attn_output(seqlen, d):
            out = flash_attn_func(q, k, v)
    """,
        "a test of a Triton attention kernel",
    ),
    neg(
        D,
        "benchmarks/benchmark_attn.py",
        """
        from triton.testing import do_bench

        def flash_attn_bench(q, k, v):
            return do_bench(lambda: flash_attn_func(q, k, v))
    """,
        "a benchmark wrapper",
    ),
]
