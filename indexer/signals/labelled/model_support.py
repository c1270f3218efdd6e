"""Labelled cases for the model_support detector (new model families, conversion, loaders, architecture layers)."""

from indexer.signals.labelled import commit_case, neg, pos, text_case

D = "model_support"

_RUST_MODEL = """
    use candle::{DType, Device, Module, Result, Tensor, D};
    use candle_nn::{linear_no_bias, Linear, VarBuilder};

    #[derive(Debug, Clone, serde::Deserialize)]
    pub struct Config {
        pub vocab_size: usize,
        pub hidden_size: usize,
        pub intermediate_size: usize,
        pub num_hidden_layers: usize,
        pub num_attention_heads: usize,
        pub num_key_value_heads: usize,
        pub rope_theta: f64,
    }

    struct Mlp {
        gate_proj: Linear,
        up_proj: Linear,
        down_proj: Linear,
    }

    impl Mlp {
        fn new(cfg: &Config, vb: VarBuilder) -> Result<Self> {
            let gate_proj = linear_no_bias(cfg.hidden_size, cfg.intermediate_size, vb.pp("gate_proj"))?;
            let up_proj = linear_no_bias(cfg.hidden_size, cfg.intermediate_size, vb.pp("up_proj"))?;
            let down_proj = linear_no_bias(cfg.intermediate_size, cfg.hidden_size, vb.pp("down_proj"))?;
            Ok(Self { gate_proj, up_proj, down_proj })
        }
    }
"""

_PY_MODEL = """
    import torch
    from torch import nn


    class Gemma3MLP(nn.Module):
        def __init__(self, config):
            super().__init__()
            self.gate_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
            self.up_proj = nn.Linear(config.hidden_size, config.intermediate_size, bias=False)
            self.down_proj = nn.Linear(config.intermediate_size, config.hidden_size, bias=False)

        def forward(self, x):
            return self.down_proj(nn.functional.gelu(self.gate_proj(x)) * self.up_proj(x))


    class Gemma3DecoderLayer(nn.Module):
        def __init__(self, config, layer_idx):
            super().__init__()
            self.self_attn = Gemma3Attention(config, layer_idx)
            self.mlp = Gemma3MLP(config)
            self.input_layernorm = Gemma3RMSNorm(config.hidden_size)

        def forward(self, x, mask):
            return x + self.mlp(self.input_layernorm(x + self.self_attn(x, mask)))
"""

CASES = [
    pos(D, "candle-transformers/src/models/qwen3.rs", _RUST_MODEL, "new candle model file"),
    pos(D, "src/transformers/models/gemma3/modeling_gemma3.py", _PY_MODEL, "new Python model file in a model zoo"),
    pos(D, "mistralrs-core/src/vision_models/phi4/mod.rs", _RUST_MODEL, "new vision model module (family from dir)"),
    pos(
        D,
        "convert_hf_to_gguf.py",
        """
        @ModelBase.register("Qwen3MoeForCausalLM")
        class Qwen3MoeModel(Qwen2MoeModel):
            model_arch = gguf.MODEL_ARCH.QWEN3MOE

            def set_gguf_parameters(self):
                super().set_gguf_parameters()
    """,
        "converter registers an architecture",
    ),
    pos(
        D,
        "src/llama-arch.cpp",
        """
        static const std::map<llm_arch, const char *> LLM_ARCH_NAMES = {
            { LLM_ARCH_GEMMA3N, "gemma3n" },
        };
    """,
        "llama.cpp architecture enum",
    ),
    pos(
        D,
        "mistralrs-core/src/pipeline/loaders/normal_loaders.rs",
        """
        fn arch_from_name(name: &str) -> Option<NormalLoaderType> {
            match name {
                "Qwen3ForCausalLM" => Some(NormalLoaderType::Qwen3),
                _ => None,
            }
        }
    """,
        "HF architecture name mapped in Rust",
    ),
    pos(
        D,
        "scripts/convert_llama_weights.py",
        """
        def permute_qk(w, n_heads, dim1, dim2):
            return w.view(n_heads, dim1 // n_heads // 2, 2, dim2).transpose(1, 2).reshape(dim1, dim2)
    """,
        "weight conversion (q/k permutation)",
    ),
    pos(
        D,
        "src/loader.rs",
        """
        pub fn load_safetensors(path: &Path, device: &Device) -> Result<HashMap<String, Tensor>> {
            let data = std::fs::read(path)?;
            candle::safetensors::load_buffer(&data, device)
        }
    """,
        "safetensors loader",
    ),
    pos(
        D,
        "src/layers/rope.rs",
        """
        pub fn yarn_get_mscale(scale: f32, mscale: f32) -> f32 {
            if scale <= 1.0 { 1.0 } else { 0.1 * mscale * scale.ln() + 1.0 }
        }
        pub struct YarnRotaryEmbedding { sin: Tensor, cos: Tensor }
    """,
        "RoPE variant (YaRN) layer",
    ),
    pos(
        D,
        "nanotron/models/moe.py",
        """
        class TopKRouter(nn.Module):
            def forward(self, hidden_states):
                logits = self.gate(hidden_states)
                return torch.topk(logits.softmax(-1), self.top_k, dim=-1)

        def sparse_moe_forward(x, router, experts):
            weights, idx = router(x)
            return sum(w * experts[i](x) for w, i in zip(weights, idx))
    """,
        "MoE routing",
    ),
    text_case(D, True, "Add Qwen2.5-VL model (#2711)", note="subject adds a family"),
    text_case(D, True, "Support for the Gemma 3 architecture", note="subject supports an architecture"),
    text_case(D, True, "Implement the new OLMo2 model", note="subject implements a model"),
    neg(
        D,
        "README.md",
        """
        ## Supported models
        - Llama 3, Qwen2.5, Gemma 3, Mistral, Phi-4, DeepSeek-V3, Whisper
    """,
        "README listing supported models",
    ),
    neg(
        D,
        "configs/qwen2.yaml",
        """
        model: qwen2-7b
        architecture: Qwen2ForCausalLM
        rope_theta: 1000000
    """,
        "config naming a model",
    ),
    neg(
        D,
        "candle-examples/examples/qwen/main.rs",
        """
        fn main() -> anyhow::Result<()> {
            let model = Model::new(&config, vb)?;
            let logits = model.forward(&input, 0)?;
            println!("{logits}");
            Ok(())
        }
    """,
        "example running a model",
    ),
    neg(
        D,
        "tests/models/test_llama.py",
        """
        def test_llama_forward():
            model = LlamaForCausalLM(config)
            out = model(torch.ones(1, 8, dtype=torch.long))
            assert out.logits.shape == (1, 8, 32000)
    """,
        "test of a model",
    ),
    commit_case(
        D,
        False,
        {"candle-transformers/src/models/llama.rs": "let x = x.contiguous()?;\n"},
        message="Fix a shape bug in llama",
        note="one-line fix in an existing model file",
    ),
    text_case(D, False, "Update README with Qwen2 and Gemma benchmarks", note="README subject naming families"),
    text_case(D, False, "Bump version to 0.8.0", note="release subject"),
    text_case(D, False, "Add model download progress bar", note="model in a subject that is not a family"),
    neg(
        D,
        "src/server/routes.py",
        """
        SUPPORTED = ["llama", "qwen2", "gemma3", "mistral"]

        def pick(name: str) -> str:
            return name if name in SUPPORTED else "llama"
    """,
        "list of model names in server code",
    ),
    neg(
        D,
        "src/web/router.py",
        """
        app_router = APIRouter()

        @app_router.get("/health")
        def health():
            return {"ok": True}
    """,
        "a web router (not an MoE router)",
    ),
    neg(
        D,
        "src/models/user.rs",
        """
        pub struct User { pub id: u64, pub name: String }
    """,
        "small file in models/ that is not a model family (too small, no family)",
    ),
    text_case(D, False, "Fix typo in the Llama docs", note="docs subject"),
    text_case(
        D,
        False,
        "metal : add F16 support for bin ops (llama/26465)",
        note="a synced commit names the repo it came from, not a model family",
    ),
]
