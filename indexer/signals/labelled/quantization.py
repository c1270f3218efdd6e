"""Labelled cases for the quantization detector."""

from indexer.signals.labelled import Case, neg, pos

D = "quantization"
CASES = [
    pos(
        D,
        "src/ggml-common.h",
        """
        typedef struct {
            ggml_half d;           // delta
            uint8_t qs[QK4_0 / 2]; // nibbles / quants
        } block_q4_0;
    """,
        "block_q4_0 struct",
    ),
    pos(
        D,
        "src/ggml-quants.c",
        """
        void dequantize_row_q4_0(const block_q4_0 * GGML_RESTRICT x, float * GGML_RESTRICT y, int64_t k) {
            const int nb = k / QK4_0;
            for (int i = 0; i < nb; i++) {
                const float d = GGML_FP16_TO_FP32(x[i].d);
                for (int j = 0; j < QK4_0 / 2; ++j) {
                    const int x0 = (x[i].qs[j] & 0x0F) - 8;
                    const int x1 = (x[i].qs[j] >> 4) - 8;
                    y[i * QK4_0 + j] = x0 * d;
                    y[i * QK4_0 + j + QK4_0 / 2] = x1 * d;
                }
            }
        }
    """,
        "dequantize q4_0",
    ),
    pos(
        D,
        "src/k_quants.c",
        """
        typedef struct {
            uint8_t ql[QK_K/2];
            uint8_t qh[QK_K/4];
            int8_t  scales[QK_K/16];
            ggml_half d;
        } block_q6_K;
    """,
        "block_q6_K",
    ),
    pos(
        D,
        "candle-core/src/quantized/k_quants.rs",
        """
        #[derive(Debug, Clone, PartialEq)]
        #[repr(C)]
        pub struct BlockQ4K {
            pub(crate) d: f16,
            pub(crate) dmin: f16,
            pub(crate) scales: [u8; K_SCALE_SIZE],
            pub(crate) qs: [u8; QK_K / 2],
        }
    """,
        "rust BlockQ4K",
    ),
    pos(
        D,
        "candle-core/src/quantized/k_quants.rs",
        """
        impl GgmlType for BlockQ8_0 {
            const DTYPE: GgmlDType = GgmlDType::Q8_0;
            const BLCK_SIZE: usize = QK8_0;
            type VecDotType = BlockQ8_0;
        }
    """,
        "impl GgmlType",
    ),
    pos(
        D,
        "src/quant.rs",
        """
        pub fn quantize_row_q8_0(xs: &[f32], ys: &mut [BlockQ8_0]) {
            for (x, y) in xs.chunks_exact(32).zip(ys.iter_mut()) {
                let amax = x.iter().fold(0f32, |a, v| a.max(v.abs()));
                y.d = f16::from_f32(amax / 127.0);
            }
        }
    """,
        "rust quantize row",
    ),
    pos(
        D,
        "csrc/gptq/q_gemm.cu",
        """
        __global__ void gemm_half_q_half_gptq_4bit_kernel(const half * a, const uint32_t * b_q_weight,
                                                          const uint32_t * b_gptq_qzeros, const half * b_gptq_scales) {
            uint32_t w = b_q_weight[threadIdx.x];
            half2 v = __halves2half2(__int2half_rn((w >> 4) & 0x0f), __int2half_rn(w & 0x0f));
        }
    """,
        "gptq kernel",
    ),
    pos(
        D,
        "csrc/awq/dequantize.cuh",
        """
        __device__ uint4 dequantize_s4_to_fp16x2(uint32_t const & source) {
            uint4 result;
            uint32_t const i4s = reinterpret_cast<uint32_t const &>(source);
            return result;
        }
    """,
        "awq dequantize",
    ),
    pos(
        D,
        "src/ggml-cpu/quants.c",
        """
        void ggml_vec_dot_q4_K_q8_K(int n, float * s, size_t bs, const void * vx, size_t bx,
                                    const void * vy, size_t by) {
            const block_q4_K * x = vx;
            const block_q8_K * y = vy;
            *s = 0.0f;
        }
    """,
        "vec_dot q4_K q8_K",
    ),
    pos(
        D,
        "src/pack.cpp",
        """
        static void quantize_int4(const float * w, uint8_t * packed, float * scales, int n) {
            for (int i = 0; i < n; i += 2) {
                packed[i / 2] = (uint8_t)((q(w[i]) & 0xF) | (q(w[i + 1]) << 4));
            }
        }
    """,
        "int4 packing",
    ),
    pos(
        D,
        "src/ggml.c",
        """
        switch (type) {
            case GGML_TYPE_Q4_K: return quantize_q4_K(src, dst, nrows, n_per_row, imatrix);
            case GGML_TYPE_Q8_0: return quantize_q8_0(src, dst, nrows, n_per_row, imatrix);
        }
    """,
        "quantize switch over types",
    ),
    neg(
        D,
        "src/ops.cpp",
        """
        // quantize the weights here later (Q4_K / int4)
        void scale(float * x, float s, int n) { for (int i = 0; i < n; ++i) x[i] *= s; }
    """,
        "quantize in a comment",
    ),
    neg(
        D,
        "src/log.rs",
        """
        println!("model is quantized: {}", "q4_0");
        let label = "dequantize";
    """,
        "quantize in strings",
    ),
    neg(
        D,
        "scripts/quantize.py",
        """
        from gguf import GGMLQuantizationType
        def quantize_model(path, qtype="Q4_K_M"):
            subprocess.run(["llama-quantize", path, qtype])
    """,
        "python quantize script",
    ),
    neg(
        D,
        "src/hex.c",
        """
        void to_hex(uint8_t b, char * out) {
            out[0] = digits[(b >> 4) & 0x0F];
            out[1] = digits[b & 0x0F];
        }
    """,
        "nibble twiddling for hex printing",
    ),
    neg(
        D,
        "src/model.rs",
        """
        let vb = VarBuilder::from_mmaped_safetensors(&files, DType::F32, &device)?;
        let model = Llama::load(vb, &config)?;
    """,
        "model loading",
    ),
    neg(
        D,
        "src/config.rs",
        """
        pub struct Config {
            pub quantization_config: Option<String>,
        }
    """,
        "config field only",
    ),
    neg(
        D,
        "src/color.c",
        """
        int clamp_channel(int v) { return v < 0 ? 0 : (v > 255 ? 255 : v); }
        int palette_index(int r, int g, int b) { return (r >> 5) << 5 | (g >> 5) << 2 | (b >> 6); }
    """,
        "color bit packing",
    ),
    neg(
        D,
        "docs/quantization.md",
        """
        Q4_K and Q8_0 blocks store a scale `d` and packed nibbles `qs`.
    """,
        "docs",
    ),
    neg(
        D,
        "src/flags.cpp",
        """
        uint32_t flags = reg & 0xF;
        bool enabled = (flags >> 4) != 0;
    """,
        "register masks",
    ),
    neg(
        D,
        "src/tokenizer.rs",
        """
        fn byte_fallback(b: u8) -> String {
            format!("<0x{:02X}>", b)
        }
    """,
        "tokenizer byte formatting",
    ),
    pos(
        D,
        "torchao/quantization/utils.py",
        """
        def quantize_affine(input, block_size, scale, zero_point, quant_min, quant_max):
            quant = torch.clamp(torch.round(input / scale) + zero_point, quant_min, quant_max)
            return quant.to(torch.int8)
    """,
        "python affine quantization with scales, zero points and clamping",
    ),
    pos(
        D,
        "auto_gptq/nn_modules/qlinear/qlinear_cuda.py",
        """
        class QuantLinear(nn.Module):
            def pack(self, linear, scales, zeros):
                intweight = torch.round(linear.weight / scales).to(torch.int32)
                qweight = np.zeros((intweight.shape[0] // 32 * self.bits, intweight.shape[1]), dtype=np.uint32)
                qweight[row] |= intweight[j] << (self.bits * (j - i))
    """,
        "GPTQ packing in Python",
    ),
    neg(
        D,
        "examples/run_quantized.py",
        """
        def load_quantized_model(path):
            model = AutoModelForCausalLM.from_pretrained(path, device_map="auto")
            return model.eval()
    """,
        "python that loads a quantized model: a name, no arithmetic",
    ),
    neg(
        D,
        "tests/test_quantize.py",
        """
        def test_quantize_roundtrip():
            q = quantize_affine(x, block, scale, zero_point, -128, 127)
            assert torch.allclose(dequantize_affine(q, block, scale, zero_point), x, atol=scale.max())
    """,
        "a test of quantization code is not the code",
    ),
    # Python quantization as torchao, AutoGPTQ and llm-awq write it (read from their commits): tensor subclasses,
    # configs with their transforms, qparams, fake quantizers and observers, GPTQ/AWQ algorithms. Hunks that start
    # mid-class and do not parse count too.
    pos(
        D,
        "torchao/prototype/dtypes/uintx/uintx_bit_packed_tensor.py",
        """
            class UIntxBitPackedTensor(TorchAOBaseTensor):
                tensor_data_names = ["qdata", "scale", "zero_point"]

                @classmethod
                def from_hp(cls, hp_tensor, block_size, bit_width):
                    qdata = _quantize_weight(hp_tensor, block_size, bit_width)
                    return cls(qdata, block_size, bit_width)
        """,
        "torchao tensor subclass in a hunk that starts mid-module (does not parse)",
    ),
    pos(
        D,
        "torchao/quantization/quant_api.py",
        """
        @dataclass
        class Int8DynamicActivationInt4WeightConfig(AOBaseConfig):
            group_size: int = 32
            layout: Layout = PlainLayout()

        @register_quantize_module_handler(Int8DynamicActivationInt4WeightConfig)
        def _int8_dynamic_activation_int4_weight_transform(module, config):
            module.weight = torch.nn.Parameter(to_affine_quantized_intx(module.weight, config.group_size))
            return module
    """,
        "torchao config with its quantize-module transform",
    ),
    pos(
        D,
        "torchao/quantization/quantize_/workflows/int4/int4_tensor.py",
        """
        @implements([aten.linear.default])
        @implements_torch_function([torch.nn.functional.linear])
        def _(func, types, args, kwargs):
            input_tensor, weight_tensor, bias = args[0], args[1], args[2] if len(args) > 2 else None
            res = torch.ops.fbgemm.bf16i4bf16_shuffled(input_tensor, weight_tensor.qdata, weight_tensor.scale)
            return res
    """,
        "aten.linear implemented on a quantized tensor subclass",
    ),
    pos(
        D,
        "torchao/quantization/quant_primitives.py",
        """
                scale = torch.clamp(scale, min=eps)
                zero_point = quant_min - torch.round(min_val_neg / scale)
                zero_point = torch.clamp(zero_point, quant_min, quant_max)
            return scale, zero_point

        def _choose_qparams_affine_tinygemm(input, block_size, quant_min, quant_max, eps):
            min_val, max_val = torch.aminmax(input)
            scale = (max_val - min_val) / float(quant_max - quant_min)
            return scale, min_val + scale * (quant_max + 1) / 2
    """,
        "choose qparams in a mid-function hunk",
    ),
    pos(
        D,
        "torchao/quantization/qat/fake_quantizer.py",
        """
        class IntxFakeQuantizer(FakeQuantizerBase):
            def forward(self, x):
                scale, zero_point = choose_qparams_affine(x, self.mapping_type, self.block_size, self.target_dtype)
                return _fake_quantize_affine(x, self.block_size, scale, zero_point, self.quant_min, self.quant_max)
    """,
        "QAT fake quantizer",
    ),
    pos(
        D,
        "torchao/quantization/observer.py",
        """
        class AffineQuantizedMinMaxObserver(AffineQuantizedObserverBase):
            def calculate_qparams(self):
                return choose_qparams_affine_with_min_max(self.min_val, self.max_val, self.mapping_type, block)
    """,
        "min-max observer",
    ),
    pos(
        D,
        "auto_gptq/quantization/gptq.py",
        """
            def fasterquant(self, blocksize=128, percdamp=0.01, group_size=-1, actorder=False):
                W = self.layer.weight.data.clone().float()
                for i in range(count):
                    q = self.quantizer.quantize(w.unsqueeze(1)).flatten()
                    err = (w - q) / d
                    W1[:, i:] -= err.unsqueeze(1).matmul(Hinv1[i, i:].unsqueeze(0))
    """,
        "GPTQ algorithm (path and quantizer call, no quantization word in the name)",
    ),
    pos(
        D,
        "awq/quantize/auto_scale.py",
        """
        @torch.no_grad()
        def auto_scale_block(module, module_kwargs, w_bit, q_config, input_feat):
            def w_quantize_func(p):
                return pseudo_quantize_tensor(p, n_bit=w_bit, **q_config).detach()
            best_scales = search_module_scale(module.self_attn, w_quantize_func, input_feat)
    """,
        "AWQ scale search",
    ),
    neg(
        D,
        "benchmarks/quantization/benchmark_int4.py",
        """
        def run_int4_benchmark(model, batch):
            quantize_(model, Int4WeightOnlyConfig(group_size=128))
            return benchmark_model(model, 20, (batch,))
    """,
        "a benchmark script that only applies quantize_",
    ),
    neg(
        D,
        "torchao/_models/llama/generate.py",
        """
        def main(prompt, quantization=None, compile=True):
            if quantization == "int8wo":
                quantize_(model, Int8WeightOnlyConfig())
            elif quantization == "int4wo":
                quantize_(model, Int4WeightOnlyConfig(group_size=64))
    """,
        "model runner that picks a quantize_ config (user API, not the quantization code)",
    ),
    neg(
        D,
        "src/image_utils.py",
        """
        def to_uint8_image(x):
            return (x.clamp(0, 1) * 255).to(torch.uint8)
    """,
        "plain dtype cast of an image",
    ),
    neg(
        D,
        "src/audio/timestamps.py",
        """
        def snap_timestamps(t, step, eps=1e-6):
            t = torch.round(t / step) * step
            return torch.clamp(t, min=eps)
    """,
        "torch.round and clamp in non-quantization code",
    ),
    neg(
        D,
        "tutorials/developer_api_guide/my_dtype_tensor_subclass.py",
        """
        class MyDTypeTensor(TorchAOBaseTensor):
            @classmethod
            def from_float(cls, input_float):
                scale, zero_point = choose_qparams_affine(input_float, MappingType.SYMMETRIC, block_size, torch.int8)
                return cls(quantize_affine(input_float, block_size, scale, zero_point, torch.int8), scale)
    """,
        "tutorial code that shows a quantized tensor subclass",
    ),
    neg(
        D,
        "torchao/float8/float8_tensor.py",
        """
        @implements([aten.mm.default, aten.matmul.default])
        def float8_mm(aten_op, args, kwargs=None):
            a, b = args[0], args[1]
            return torch._scaled_mm(a._data, b._data, scale_a=a._scale, scale_b=b._scale)
    """,
        "float8 training tensor op: low precision, not quantization",
    ),
    neg(
        D,
        "torchao/quantization/utils.py",
        """
        def _get_device(module):
            return next(module.parameters()).device
    """,
        "a helper in a quantization module with no quantization in it",
    ),
    neg(
        D,
        "test/quantization/test_qat.py",
        """
        class TestQAT(unittest.TestCase):
            def test_fake_quantize_per_channel_group(self):
                scale, zero_point = get_group_qparams_symmetric(x, n_bit, group_size)
                out = _fake_quantize_per_channel_group(x, scale, zero_point, qmin, qmax, group_size)
    """,
        "QAT test",
    ),
    Case(
        D,
        False,
        (("torchao/quantization/GPTQ.py", "\n"),),
        removed={"torchao/quantization/GPTQ.py": 120},
        note="a commit that only deletes quantization code adds no evidence",
    ),
]
