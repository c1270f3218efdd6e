from indexer.signals import detect_commit
from indexer.signals.model_support import family_of
from models.records import Commit
from models.settings import Settings

from .helpers import commit

LAYERS = "\n".join(f'    let layer_{i} = Linear::new(vb.pp("layer_{i}"))?;' for i in range(24))
MODEL = f"pub struct Qwen3MoeModel {{\n    layers: Vec<Layer>,\n}}\nfn new() {{\n{LAYERS}\n}}"


def _added(c: Commit) -> Commit:
    for fc in c.files:
        fc.kind = "added"
    return c


def _support(c: Commit) -> list:
    return [s for s in detect_commit(c, Settings()).signals if s.kind == "model_support"]


def test_a_new_model_file_names_its_family() -> None:
    found = [s for s in _support(_added(commit({"candle-transformers/src/models/qwen3_moe.rs": MODEL})))
             if s.detail["pattern"] == "model_file"]  # fmt: skip
    assert found and found[0].detail == {"pattern": "model_file", "part": "model", "family": "Qwen3-moe"}


def test_editing_an_existing_model_file_is_not_a_new_model() -> None:
    found = _support(commit({"candle-transformers/src/models/qwen3.rs": MODEL}))
    assert not any(s.detail["pattern"] == "model_file" for s in found)


def test_a_new_helper_file_in_a_models_directory_is_not_a_model() -> None:
    helper = f"pub fn traced_linear() {{\n{LAYERS}\n}}"
    assert _support(_added(commit({"candle-transformers/src/models/with_tracing.rs": helper}))) == []


def test_the_family_in_a_subject_adding_a_model() -> None:
    found = _support(commit({}, message="Add Gemma 3 model (#2801)"))
    assert found and found[0].detail["family"] == "Gemma3" and found[0].detail["source"] == "text"
    assert _support(commit({}, message="Update README for Gemma 3 model")) == []


def test_a_converter_registering_an_architecture() -> None:
    code = """
        @ModelBase.register("Phi3ForCausalLM")
        class Phi3MiniModel(TextModel):
            model_arch = gguf.MODEL_ARCH.PHI3
    """
    found = _support(commit({"convert_hf_to_gguf.py": code}))
    assert found and found[0].detail == {"pattern": "register", "part": "model", "family": "Phi3"}


def test_family_names() -> None:
    assert family_of("DeepSeek-V3 support") == "DeepSeek-V3"
    assert family_of("qwen2_5_vl") == "Qwen2.5-vl"
    assert family_of("Add model download progress bar") == ""


def test_web_routers_and_identifiers_in_subjects_are_not_models() -> None:
    assert _support(commit({"server/src/main.rs": "fn get_router() -> Router {\n    Router::new()\n}"})) == []
    assert _support(commit({}, message="Add CPU offloading support for apply_scale, apply_clip")) == []


def test_device_support_and_plain_words_before_model_are_not_model_families() -> None:
    assert _support(commit({}, message="Added cpu support for llama generate.py/eval.py")) == []
    assert _support(commit({}, message="add Auto model parameter")) == []
    assert _support(commit({}, message="Add the new Zamba2 model"))[0].detail["family"] == "Zamba2"


def test_quantizing_moe_weights_and_converting_to_a_quantized_tensor_are_not_model_support() -> None:
    code = """
        def _moe_quant_tensor(weight, config):
            return weight

        def convert_weight_to_affine_quantized_tensor(linear):
            return linear
    """
    assert _support(commit({"torchao/quantization/moe_quant/utils.py": code})) == []
