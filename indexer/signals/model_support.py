"""Model architecture support: bringing a model family (Llama, Qwen, Gemma, Mistral, Phi, DeepSeek, Whisper, ...)
to an engine or framework, in any language.

Evidence, strongest first: a new source file under a models directory (`candle-transformers/src/models/qwen3.rs`,
`mistralrs-core/src/vision_models/gemma3/mod.rs`, `src/models/llama4.cpp`, `transformers/models/phi3/...`);
architecture registrations in code (`@ModelBase.register("Qwen2ForCausalLM")` in a converter, llama.cpp's
`LLM_ARCH_*` enums, HF architecture names matched in Rust or C++); weight conversion scripts and checkpoint /
GGUF / safetensors loaders (definitions like `convert_hf_to_gguf`, `load_safetensors`, `permute_qk`,
`rename_keys`); architecture-specific layers by name (RoPE variants, MoE routers, sliding-window attention);
commit subjects adding or porting a family. Chat templates are weak. A README listing supported models, a
config naming one, an example that runs one, or a test are not model support.
detail: {"part": "model" | "conversion" | "loader" | "layer" | "chat_template", "family"?: "Qwen2", "source"?}.
"""

from __future__ import annotations

import ast
import re
from pathlib import PurePosixPath

from indexer.signals import python_ast
from indexer.signals.base import CommitContext, Detector, FileView, Hit, QueryMatch, q
from indexer.signals.engine import is_test_path
from indexer.signals.names import definition_patterns, merge, snake
from models.records import FileChange, Signal

# Family names as recruiters and commit subjects write them; the pretty form is what details show.
_FAMILIES: dict[str, str] = {
    "llama": "Llama", "llava": "LLaVA", "mllama": "Mllama", "qwen": "Qwen", "gemma": "Gemma", "paligemma": "PaliGemma",
    "mistral": "Mistral", "mixtral": "Mixtral", "pixtral": "Pixtral", "phi": "Phi", "deepseek": "DeepSeek",
    "whisper": "Whisper", "falcon": "Falcon", "mpt": "MPT", "gpt": "GPT", "gpt2": "GPT-2", "gptj": "GPT-J",
    "gpt_neox": "GPT-NeoX", "gpt_oss": "gpt-oss", "bloom": "BLOOM", "starcoder": "StarCoder", "stablelm": "StableLM",
    "t5": "T5",
    "bert": "BERT", "roberta": "RoBERTa", "clip": "CLIP", "siglip": "SigLIP", "olmo": "OLMo", "granite": "Granite",
    "glm": "GLM", "chatglm": "ChatGLM", "baichuan": "Baichuan", "internlm": "InternLM", "minicpm": "MiniCPM",
    "cohere": "Cohere", "command_r": "Command R", "dbrx": "DBRX", "jamba": "Jamba", "mamba": "Mamba", "rwkv": "RWKV",
    "yi": "Yi", "smollm": "SmolLM", "nemotron": "Nemotron", "exaone": "EXAONE", "hunyuan": "Hunyuan", "kimi": "Kimi",
    "ernie": "ERNIE", "grok": "Grok", "bitnet": "BitNet", "idefics": "Idefics", "moondream": "Moondream",
    "stable_diffusion": "Stable Diffusion", "sdxl": "SDXL", "flux": "FLUX", "wav2vec": "wav2vec", "encodec": "EnCodec",
    "vit": "ViT", "dinov2": "DINOv2", "sam": "SAM", "lfm": "LFM", "persimmon": "Persimmon", "recurrent_gemma":
    "RecurrentGemma", "starcoder2": "StarCoder2", "phimoe": "PhiMoE", "qwen2_moe": "Qwen2-MoE", "gemma3n": "Gemma3n",
}  # fmt: skip
_FAMILY_RX = re.compile(
    r"(?i)(?<![a-z])(" + "|".join(sorted((k.replace("_", "[-_ ]?") for k in _FAMILIES), key=len, reverse=True)) + r")"
    r"(?:[-_ ]?(v?\d+(?:[._-]\d+)?(?:[-_ ]?(?:vl|moe|mini|small|medium|vision|next|coder|omni|audio))?))?(?![a-z])"
)
_MODEL_DIRS = re.compile(r"(^|/)(_?models|vision_models|multimodal_models|model_zoo|architectures|archs)/")
_GENERIC_STEMS = frozenset(
    {"mod", "lib", "__init__", "config", "configs", "utils", "util", "common", "layers", "base", "mod_utils", "loader",
     "registry", "models", "model", "types", "helpers", "ops", "attention", "mlp", "embedding", "README"}
)  # fmt: skip
_CODE = frozenset({"python", "rust", "cpp", "c", "cuda", "go", "swift", "zig", "metal", "objc", "javascript"})
_SUBJECT_VERB = re.compile(
    r"(?i)\b(add(s|ed|ing)?|support(s|ed|ing)?|port(s|ed|ing)?|implement(s|ed|ing|ation)?|introduce[sd]?|new"
    r"|initial|bring[- ]up|enable[sd]?|feat)\b"
)
_SUBJECT_MODEL = re.compile(r"(?i)\b(models?|arch(itecture)?s?|support|implementation)\b")
_SUBJECT_GENERIC = re.compile(
    r"(?i)\b(add|adds|added|adding|implement\w*|port\w*|support\w*)\s+(?:(?:the|a|new)\s+)*"
    r"(?-i:([A-Z][\w.-]*\d[\w.-]*|[A-Z][a-z]+[A-Z][\w.-]*))\s+(model|architecture|arch)\b"
)
_NOT_SUBJECT = re.compile(
    r"(?i)\b(readme|docs?|typos?|bump|revert|ci|tests?|bench\w*|download\w*|code|scripts?|checkpoints?|save"
    r"|(cpu|gpu|cuda|metal|mps|rocm|device|wasm) support)\b"
)
_EXAMPLE_ONLY = re.compile(r"(?i)\bexamples?\b")
_ARCH_NAME = re.compile(
    r"\b([A-Z][A-Za-z0-9]+?)(For(CausalLM|ConditionalGeneration|SequenceClassification)|LMHeadModel)\b"
)
# Matched against snake_case(name) of definitions.
_PARTS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("conversion", re.compile(r"(^|_)convert_(\w+_)?(hf|gguf|ggml|checkpoint|ckpt|safetensors|llama|meta|nanotron|mlx)"
                              r"($|_)|(^|_)convert_\w*_to_(hf|gguf|ggml|safetensors|mlx)($|_)"
                              r"|(^|_)(permute_(qk|for_rope)|rename_(keys|weights|state_dict)|remap_(keys|weights)"
                              r"|hf_to_\w+)")),
    ("loader", re.compile(r"(^|_)(load|read|from)_(gguf|ggml|safetensors|hf|hf_weights|pretrained|mlx_weights)($|_)"
                          r"|(^|_)(gguf|safetensors)_(loader|reader)($|_)|(^|_)weight_map($|_)")),
    ("layer", re.compile(r"experts?_(capacity|rout\w*|gate|gating|mlp|ffn|layer|block|choice)|(route|dispatch|group"
                         r"_tokens_by|select|top_?k)_\w*experts?"
                         r"|(sparse_)?moe_(layer|block|mlp|ffn|gate|gating|rout\w*|forward|experts?|module)|(^|_)moe$"
                         r"|(^|_)(rope|rotary|yarn|longrope|ntk|sparse_moe|sliding_window|swa|qk_norm"
                         r"|swiglu|geglu)(_|$)|(top_?k|moe|expert|sparse)_?router|router_(logits|topk|weights|probs)")),
    ("chat_template", re.compile(r"(^|_)chat_template(_|$)")),
)  # fmt: skip
# A new file under a models directory is a model only when it defines one (not a tracing helper or a profiler).
_MODEL_DEF = re.compile(
    r"\b(struct|class)\s+\w*(Model|Transformer|Decoder|Encoder|Block|Attention|Layer|ForCausalLM|Mlp|MLP|Config|Net)\b"
)
_NOT_CODE_PATH = re.compile(r"(^|/)(benchmarks?|bench)/|\.pyi$")  # benchmarks and type stubs
_LOOSE = (
    r"(?i)convert|permute_?(qk|for)|rename_?(keys|weights|state)|remap|hf_?to|gguf|ggml|safetensors|pretrained"
    r"|weight_?map|rope|rotary|yarn|ntk|moe|router|expert|sliding|swa|qk_?norm|swiglu|geglu|chat_?template"
    r"|For(CausalLM|ConditionalGeneration|SequenceClassification)$|LMHeadModel$"
)
_PY_WORDS = (
    b".register(", b"ForCausalLM", b"ForConditionalGeneration", b"convert_", b"permute_", b"rename_", b"remap_",
    b"hf_to", b"gguf", b"ggml", b"safetensors", b"pretrained", b"weight_map", b"rope", b"rotary", b"yarn", b"ntk",
    b"moe", b"router", b"expert", b"sliding_window", b"swiglu", b"geglu", b"qk_norm", b"chat_template",
)  # fmt: skip
_PY_PREFILTER = re.compile(  # a definition named for a part, or a registration of an HF architecture
    rb"def \w*(?i:convert_\w*(hf|gguf|ggml|checkpoint|ckpt|weight|safetensors|llama|model)|permute_(qk|for)|rename_"
    rb"|remap_|hf_to|gguf|ggml|safetensors|pretrained|weight_map|rope|rotary|yarn|ntk|moe|expert|sliding_window|swa"
    rb"|qk_norm|swiglu|geglu|router|chat_template)|\.register\(\s*[\"']\w+(For(CausalLM|ConditionalGeneration"
    rb"|SequenceClassification)|LMHeadModel)"
)


# A synced commit names where it came from: "metal : add F16 support for bin ops (llama/26465)" is not Llama work.
_SYNC_REF = re.compile(r"\s*\((?:llama|whisper|ggml|sync)/[^)]*\)", re.IGNORECASE)


def _own_subject(subject: str) -> str:
    return _SYNC_REF.sub("", subject)


def family_of(text: str) -> str:
    # An identifier is split (Qwen3MoeModel -> qwen3_moe_model); in a sentence, identifiers (apply_clip) are skipped.
    sentence = re.search(r"[\s.-]", text) is not None
    text = " ".join(w for w in text.split() if "_" not in w) if sentence else snake(text)
    found = _FAMILY_RX.search(text.replace("_", "-"))
    if found is None:
        return ""
    base = re.sub(r"[-_ ]", "_", found.group(1).lower())
    pretty = _FAMILIES.get(base) or _FAMILIES.get(base.replace("_", ""), found.group(1))
    version = re.sub(r"(?<=\d)[-_](?=\d)", ".", found.group(2) or "")
    version = re.sub(r"[-_ ](?=[a-z])", "-", version, flags=re.IGNORECASE)
    return f"{pretty}{'-' if version and not version[0].isdigit() else ''}{version}"


def part_of(name: str) -> str | None:
    snaked = snake(name)
    return next((part for part, rx in _PARTS if rx.search(snaked)), None)


class ModelSupport(Detector):
    name = "model_support"
    lexical_languages = frozenset({"python"})
    trigger_words = (
        r"(?i)gguf|ggml|safetensors|pretrained|hf_?to|to_?hf|permute_?(qk|for)|(rename|remap)_?(keys|weights|state)"
        r"|weight_?map|(^|_)rope|rope(_|$)|RoPE|Rope|rotary|yarn|(^|_)ntk|(^|_)moe|Moe|MoE|expert|sliding_?window"
        r"|(^|_)swa(_|$)|qk_?norm|swiglu|geglu|router|chat_?template|convert_?\w*(hf|gguf|ggml|checkpoint|ckpt"
        r"|weight|safetensors|llama|model)|For(CausalLM|ConditionalGeneration|SequenceClassification)$|LMHeadModel$"
    )
    patterns = merge(
        definition_patterns("definition", _LOOSE),
        {
            "cfamily": (("arch_enum", '((identifier) @hit (#match? @hit "^LLM_ARCH_[A-Z0-9_]+$"))'),),
            "rust": (("arch_name", f"((string_content) @hit (#match? @hit {q(_ARCH_NAME.pattern)}))"),),
            "cpp": (("arch_name", f"((string_content) @hit (#match? @hit {q(_ARCH_NAME.pattern)}))"),),
        },
    )
    weights = {"definition": 0.7, "arch_enum": 0.6, "arch_name": 0.6}

    def hit_from_match(self, f: FileView, m: QueryMatch) -> Hit | None:
        node = m.node()
        if node is None or f.is_test or _NOT_CODE_PATH.search(f.path):
            return None
        text = f.text(node)
        if m.tag == "definition":
            part = part_of(text)
            if part is None:
                return None
            weight = 0.3 if part == "chat_template" else 0.6 if part == "layer" else self.weights[m.tag]
            return Hit(node.start_point.row, weight, {"pattern": m.tag, "part": part, "family": family_of(text)})
        arch = _ARCH_NAME.search(text)
        family = family_of(arch.group(1) if arch else text.removeprefix("LLM_ARCH_"))
        return Hit(node.start_point.row, self.weights[m.tag], {"pattern": m.tag, "part": "model", "family": family})

    def lexical_hits(self, f: FileView) -> list[Hit]:
        if f.is_test or _NOT_CODE_PATH.search(f.path):
            return []
        if not python_ast.mentions(f.source, _PY_WORDS) or not _PY_PREFILTER.search(f.source):
            return []
        found = python_ast.index(f.source)
        return _tree_hits(found) if found is not None else []

    def commit_signals(self, ctx: CommitContext) -> list[Signal]:
        signals = self._new_model_files(ctx)
        text = self._subject_signal(ctx)
        if text is not None:
            signals.append(text)
        return signals

    def finalize(self, ctx: CommitContext, signals: list[Signal]) -> None:
        """A layer or loader without a family in its name takes the family the subject names (if one)."""
        family = family_of(_own_subject(ctx.commit.subject))
        for signal in signals:
            if family and not signal.detail.get("family"):
                signal.detail["family"] = family

    def _new_model_files(self, ctx: CommitContext) -> list[Signal]:
        views = {r.view.path: r.view for r in ctx.files}
        signals: list[Signal] = []
        seen: set[str] = set()
        for fc in ctx.commit.files:
            view = views.get(fc.path)
            if view is None or view.language not in _CODE:
                continue
            family = _model_file_family(fc)
            if not family or family in seen or not _MODEL_DEF.search("\n".join(view.lines)):
                continue
            seen.add(family)
            row = next((r for r, _ in view.code_lines()), 0)
            hit = Hit(row, 0.8, {"pattern": "model_file", "part": "model", "family": family})
            signals.append(
                Signal(
                    kind=self.name,
                    weight=0.8,
                    language=view.language,
                    evidence=ctx.evidence(view, hit),
                    detail=hit.detail,
                )  # fmt: skip
            )
            if len(signals) == 3:
                break
        return signals

    def _subject_signal(self, ctx: CommitContext) -> Signal | None:
        subject = _own_subject(ctx.commit.subject)
        if _NOT_SUBJECT.search(subject):
            return None
        family = family_of(subject)
        generic = _SUBJECT_GENERIC.search(subject)
        if family and _SUBJECT_VERB.search(subject) and _SUBJECT_MODEL.search(subject):
            pass
        elif generic is not None:
            family = family or generic.group(2)
        else:
            return None
        if _EXAMPLE_ONLY.search(subject) and not re.search(r"(?i)\bmodel\b", subject):
            return None
        detail = {"pattern": "subject", "part": "model", "family": family, "source": "text"}
        return Signal(kind=self.name, weight=0.6, evidence=ctx.evidence(snippet=subject[:300]), detail=detail)


def _model_file_family(fc: FileChange) -> str:
    """The family a newly added model source file is for ('' when it is not one).

    `models/<name>.rs` names it by file; `models/<dir>/<file>` by the directory when the directory is a known
    family or the file is the model's entry point (mod.rs, __init__.py, model.py, modeling_<x>.py).
    """
    if fc.kind != "added" or fc.vendored or fc.added < 20 or is_test_path(fc.path) or _NOT_CODE_PATH.search(fc.path):
        return ""
    found = _MODEL_DIRS.search(fc.path)
    if found is None:
        return ""
    parts = PurePosixPath(fc.path[found.end() :]).parts
    stem = re.sub(r"^(modeling|model|configuration|quantized)_", "", PurePosixPath(parts[-1]).stem)
    if len(parts) == 1:
        return "" if stem.lower() in _GENERIC_STEMS else family_of(stem) or stem
    folder = parts[0]
    entry = PurePosixPath(parts[-1]).stem.lower() in _GENERIC_STEMS or stem.lower() == folder.lower()
    return family_of(folder) or (folder if entry and len(parts) == 2 else "")


def _tree_hits(found: python_ast.PyIndex) -> list[Hit]:
    hits: list[Hit] = []
    for node in found.definitions:
        hit = _registered(node)
        if hit is None and not isinstance(node, ast.ClassDef) and not node.name.startswith("test"):
            part = part_of(node.name)
            if part is not None:
                weight = 0.3 if part == "chat_template" else 0.6 if part == "layer" else 0.7
                detail = {"pattern": "definition", "part": part, "family": family_of(node.name)}
                hit = Hit(python_ast.row(node), weight, detail)
        if hit is not None:
            hits.append(hit)
    return hits


def _registered(node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> Hit | None:
    """`@ModelBase.register("Qwen2ForCausalLM", ...)`: a converter or engine learning an architecture."""
    for deco in node.decorator_list:
        if not (isinstance(deco, ast.Call) and python_ast.dotted(deco.func).endswith("register")):
            continue
        names = [a.value for a in deco.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
        arch = next((n for n in names if _ARCH_NAME.search(n)), None)
        if arch is not None:
            base = _ARCH_NAME.search(arch).group(1)  # type: ignore[union-attr]
            family = family_of(base) or base
            detail = {"pattern": "register", "part": "model", "family": family}
            return Hit(python_ast.row(deco), 0.9, detail)
    return None
