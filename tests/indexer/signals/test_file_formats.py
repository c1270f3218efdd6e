from indexer.signals import detect_commit
from indexer.signals.file_formats import format_of, format_of_path
from models.settings import Settings

from .helpers import commit


def _formats(files: dict[str, str], message: str = "Change") -> list[dict]:
    d = detect_commit(commit(files, message=message), Settings())
    return [s.detail for s in d.signals if s.kind == "file_formats"]


def test_identifiers_and_paths_name_their_format() -> None:
    assert format_of("gguf_write_to_file") == "GGUF"
    assert format_of("SafeTensors") == "safetensors"
    assert format_of("read_npy_header") == "npy"
    assert format_of("TorchUnpickler") == "pickle"
    assert format_of("tensor_data_from_proto") is None
    assert format_of("TensorProto") == "ONNX"
    assert format_of_path("crates/burn-pack/src/reader.rs") == "burnpack"
    assert format_of_path("candle-core/src/safetensors.rs") == "safetensors"
    assert format_of_path("src/models/llama.rs") is None


def test_a_gguf_magic_constant_counts_in_any_file() -> None:
    details = _formats({"src/ggml.c": "    if (memcmp(magic, GGUF_MAGIC, 4) != 0) {\n        return NULL;\n"})
    assert details == [{"pattern": "magic", "source": "code", "format": "GGUF"}]


def test_a_string_naming_gguf_is_not_its_magic() -> None:
    body = 'match format {\n    ModelFormat::Gguf => "GGUF",\n    ModelFormat::Plain => "plain",\n}\n'
    assert _formats({"mistralrs-cli/src/commands/serve.rs": body}) == []


def test_a_reader_defined_for_a_format_counts_where_a_model_loading_through_it_does_not() -> None:
    reader = "pub fn read_npy_header<R: Read>(r: &mut R) -> Result<Header> {\n    todo!()\n}\n"
    assert _formats({"src/io.rs": reader})[0] == {"pattern": "definition", "source": "code", "format": "npy"}
    model = "pub fn from_gguf<R: Read + Seek>(ct: gguf_file::Content, r: &mut R) -> Result<Self> {\n    todo!()\n}\n"
    assert _formats({"candle-transformers/src/models/quantized_qwen.rs": model}) == []


def test_byte_level_io_counts_only_in_a_file_whose_path_names_a_format() -> None:
    body = "let n = u64::from_le_bytes(arr);\nreader.read_exact(&mut buf)?;\n"
    assert {d["pattern"] for d in _formats({"safetensors/src/tensor.rs": body})} == {"bytes"}
    assert _formats({"src/net/frame.rs": body}) == []


def test_ops_of_an_onnx_importer_are_not_the_format() -> None:
    body = "pub fn gather_config(node: &Node) -> usize {\n    0\n}\npub fn tile_update_outputs(node: &mut Node) {}\n"
    assert _formats({"crates/onnx-ir/src/node/gather.rs": body}) == []
    parse = "fn parse_tensor_data(proto: &TensorProto) -> TensorData {\n    todo!()\n}\n"
    assert _formats({"crates/onnx-ir/src/proto_conversion.rs": parse})[0]["pattern"] == "format_file"


def test_python_strings_and_logging_do_not_count() -> None:
    body = 'def run():\n    print("saving safetensors with save_file")\n    path = "model.safetensors"\n'
    assert _formats({"scripts/run.py": body}) == []


def test_commit_text_counts_weakly_and_only_beside_a_formats_code() -> None:
    message = "gguf : write tensor data with custom alignment"
    details = _formats({"src/gguf.cpp": "    offset += pad;\n"}, message=message)
    assert details == [{"pattern": "text", "format": "GGUF", "source": "text"}]
    assert _formats({"src/ggml-cann/aclnn_ops.cpp": "    offset += pad;\n"}, message=message) == []
    assert _formats({"README.md": "GGUF files\n"}, message="gguf : document the reader") == []


def test_a_refactor_of_format_code_keeps_only_its_text() -> None:
    body = "let n = u64::from_le_bytes(arr);\n"
    details = _formats({"safetensors/src/tensor.rs": body}, message="Refactor safetensors header parsing")
    assert [d["pattern"] for d in details] == ["text"]
