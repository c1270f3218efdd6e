"""Labelled cases for the low_precision detector (fp8/bf16/fp16 numerics, MX formats, mixed precision)."""

from indexer.signals.labelled import neg, pos, text_case

D = "low_precision"
CASES = [
    pos(
        D,
        "csrc/fp8_utils.cuh",
        """
        __device__ __forceinline__ float fp8_e4m3_to_float(uint8_t v) {
            __nv_fp8_e4m3 x;
            x.__x = v;
            return float(x);
        }
    """,
        "fp8 e4m3 conversion routine",
    ),
    pos(
        D,
        "src/ggml-impl.h",
        """
        static inline ggml_bf16_t ggml_compute_fp32_to_bf16(float s) {
            ggml_bf16_t h;
            union { float f; uint32_t i; } u;
            u.f = s;
            h.bits = (u.i + (0x7fff + ((u.i >> 16) & 1))) >> 16;
            return h;
        }
    """,
        "fp32 to bf16 with round-to-nearest-even",
    ),
    pos(
        D,
        "kernels/cast.cu",
        """
        __global__ void cast_to_half(const float* in, __half* out, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) out[i] = __float2half_rn(in[i]);
        }
    """,
        "__float2half_rn conversion kernel",
    ),
    pos(
        D,
        "src/cpu/convert.rs",
        """
        pub fn f32_to_bf16_stochastic(x: f32, rng: &mut impl Rng) -> bf16 {
            let bits = x.to_bits();
            let noise: u32 = rng.gen::<u32>() & 0xffff;
            bf16::from_bits(((bits + noise) >> 16) as u16)
        }
    """,
        "rust stochastic rounding to bf16",
    ),
    pos(
        D,
        "candle-core/src/dtype.rs",
        """
        impl DType {
            pub fn size_in_bytes(&self) -> usize {
                match self {
                    Self::F8E4M3 => 1,
                    Self::F32 => 4,
                }
            }
        }
    """,
        "F8E4M3 dtype",
    ),
    pos(
        D,
        "torchao/float8/float8_utils.py",
        """
        @torch.no_grad()
        def amax_to_scale(amax: torch.Tensor, float8_dtype: torch.dtype):
            amax = amax.to(torch.float64)
            res = torch.finfo(float8_dtype).max / torch.clamp(amax, min=EPS)
            return res.to(torch.float32)
    """,
        "fp8 amax to scale",
    ),
    pos(
        D,
        "torchao/prototype/mx_formats/mx_tensor.py",
        """
        class MXTensor(torch.Tensor):
            def __new__(cls, qdata, scale_e8m0_bits, elem_dtype, block_size, orig_dtype):
                self = torch.Tensor._make_wrapper_subclass(cls, qdata.shape, dtype=orig_dtype)
                self.qdata = qdata
                return self
    """,
        "MX tensor subclass",
    ),
    pos(
        D,
        "torchao/float8/float8_ops.py",
        """
        def addmm_float8(a_data, a_scale, b_data, b_scale, output_dtype):
            return torch._scaled_mm(a_data, b_data, scale_a=a_scale.reciprocal(), scale_b=b_scale.reciprocal(),
                                    out_dtype=output_dtype, use_fast_accum=True)
    """,
        "torch._scaled_mm fp8 gemm",
    ),
    pos(
        D,
        "training/loop.py",
        """
        scaler = torch.amp.GradScaler("cuda")
        for batch in loader:
            with torch.autocast(device_type="cuda", dtype=torch.float16):
                loss = model(batch).loss
            scaler.scale(loss).backward()
            scaler.step(optimizer)
            scaler.update()
    """,
        "mixed precision training loop",
    ),
    pos(
        D,
        "src/ggml-cpu/vec.h",
        """
        inline static void ggml_vec_cvt_f16_f32(const ggml_fp16_t * x, float * y, int n) {
            for (int i = 0; i + 8 <= n; i += 8) {
                _mm256_storeu_ps(y + i, _mm256_cvtph_ps(_mm_loadu_si128((const __m128i *)(x + i))));
            }
        }
    """,
        "F16C conversion intrinsics",
    ),
    pos(
        D,
        "quant/fp8.py",
        """
        def to_fp8_saturated(x: torch.Tensor, float8_dtype: torch.dtype) -> torch.Tensor:
            max_value = torch.finfo(float8_dtype).max
            x = x.clamp(min=-max_value, max=max_value)
            return x.to(float8_dtype)
    """,
        "saturating cast to fp8",
    ),
    text_case(D, True, "Add fp8 e4m3 support for the CUDA matmul", note="fp8 subject"),
    text_case(D, True, "Implement stochastic rounding for bf16 weight updates", note="stochastic rounding subject"),
    pos(
        D,
        "csrc/nvfp4.cu",
        """
        __device__ inline uint8_t float_to_e2m1(float x) {
            __nv_fp4_e2m1 v(x);
            return *reinterpret_cast<uint8_t*>(&v);
        }
    """,
        "fp4 e2m1 conversion",
    ),
    pos(
        D,
        "csrc/layernorm/ln_fwd.cu",
        """
        __device__ inline half2 fma_residual(half2 x, half2 gamma, half2 beta) {
            return __hfma2(x, gamma, beta);
        }
    """,
        "half2 arithmetic intrinsics",
    ),
    neg(
        D,
        "models/llama.py",
        """
        model = LlamaForCausalLM.from_pretrained(path, torch_dtype=torch.bfloat16)
        x = torch.randn(2, 16, 4096, dtype=torch.bfloat16, device="cuda")
        out = model(x.half())
    """,
        "dtype=torch.bfloat16 passed as an argument in model code",
    ),
    neg(
        D,
        "configs/train.yaml",
        """
        precision: bf16
        mixed_precision: true
        fp8: false
    """,
        "config mentioning bf16",
    ),
    neg(
        D,
        "README.md",
        """
        ## Features
        - fp8 and bf16 inference
        - mixed precision training
    """,
        "README features list",
    ),
    neg(
        D,
        "test/test_float8.py",
        """
        def test_float8_roundtrip():
            x = torch.randn(16, 16)
            y = to_fp8_saturated(x, torch.float8_e4m3fn)
            assert torch.allclose(y.float(), x, atol=0.1)
    """,
        "test of fp8 conversion",
    ),
    neg(
        D,
        "src/kernels/gemm.cu",
        """
        template <typename T>
        __global__ void gemm(const T* a, const T* b, T* c, int n) {
            int i = blockIdx.x * blockDim.x + threadIdx.x;
            if (i < n) c[i] = a[i] * b[i];
        }
    """,
        "generic kernel, no precision work",
    ),
    neg(
        D,
        "src/ops.rs",
        """
        // TODO: support bf16 and fp8 here
        fn add(a: &Tensor, b: &Tensor) -> Result<Tensor> {
            a.broadcast_add(b)
        }
    """,
        "comment naming bf16",
    ),
    neg(
        D,
        "src/ggml-quants.c",
        """
        void dequantize_row_q4_0(const block_q4_0 * x, float * y, int64_t k) {
            const int nb = k / QK4_0;
            for (int i = 0; i < nb; i++) {
                const int x0 = (x[i].qs[0] & 0x0F) - 8;
                y[i] = x0;
            }
        }
    """,
        "int4 dequantization is quantization, not this",
    ),
    neg(
        D,
        "model/attention.py",
        """
        def forward(self, q, k, v):
            attn = (q @ k.transpose(-2, -1)) * self.scale
            return attn.softmax(dim=-1).to(v.dtype) @ v
    """,
        "model code with a scale",
    ),
    text_case(D, False, "Fix typo in fp8 docs", note="docs subject naming fp8"),
    text_case(D, False, "Bump torch to 2.5", note="unrelated subject"),
    neg(
        D,
        "scripts/run.py",
        """
        parser.add_argument("--dtype", choices=["float16", "bfloat16", "float32"], default="bfloat16")
        args = parser.parse_args()
        dtype = getattr(torch, args.dtype)
    """,
        "CLI flag choosing a dtype",
    ),
    neg(
        D,
        "src/tensor.h",
        """
        struct Tensor {
            float* data;
            int64_t numel;
            bool half;
        };
    """,
        "a field named half",
    ),
]
