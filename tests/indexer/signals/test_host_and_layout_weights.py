from indexer.signals import detect_commit
from models.settings import Settings

from .helpers import commit


def _weights(files: dict[str, str], kind: str) -> list[float]:
    return [s.weight for s in detect_commit(commit(files), Settings()).signals if s.kind == kind]


def test_holding_a_cuda_device_in_rust_is_not_kernel_evidence() -> None:
    code = """
    use cudarc::driver::{CudaSlice, DeviceSlice};
    pub struct CudaStorage {
        pub device: Arc<CudaDevice>,
        pub stream: Arc<CudaStream>,
    }
    """
    assert _weights({"src/cuda_backend/mod.rs": code}, "cuda_kernel") == []


def test_rust_kernel_launch_is_weaker_than_a_kernel() -> None:
    host = _weights({"src/cuda_backend/mod.rs": "let cfg = LaunchConfig::for_num_elems(n as u32);"}, "cuda_kernel")
    kernel = _weights({"kernels/affine.cu": "__global__ void affine(float* x, int n) { x[0] = 1.0f; }"}, "cuda_kernel")
    assert host and kernel and max(host) <= 0.35 < max(kernel)


def test_repr_c_on_a_plain_block_struct_is_weak_ffi() -> None:
    plain = """
    #[repr(C)]
    pub struct BlockQ4_0 {
        pub(crate) d: f16,
        pub(crate) qs: [u8; QK4_0 / 2],
    }
    """
    shaped = """
    #[repr(C)]
    pub struct ggml_init_params {
        pub mem_size: usize,
        pub mem_buffer: *mut c_void,
    }
    """
    weak = _weights({"src/quantized/k_quants.rs": plain}, "ffi")
    strong = _weights({"src/sys.rs": shaped}, "ffi")
    assert weak and strong and max(weak) < 0.5 <= max(strong)


def test_extern_c_fn_stays_strong_ffi() -> None:
    code = '#[no_mangle]\npub extern "C" fn engine_free(p: *mut Engine) { }'
    assert max(_weights({"src/capi.rs": code}, "ffi")) >= 0.8


def test_python_bindings_report_the_binding_api() -> None:
    d = detect_commit(
        commit(
            {
                "bindings/python/src/lib.rs": "#[pymodule]\nfn tk(m: &Bound<'_, PyModule>) -> PyResult<()> { Ok(()) }",
                "python/src/array.cpp": 'NB_MODULE(core, m) { nb::class_<array>(m, "array"); }',
                "ext/m.c": 'static PyObject * f(PyObject * s, PyObject * a) { PyArg_ParseTuple(a, "i", &x); }',
            }
        ),
        Settings(),
    )
    apis = {str(s.detail["api"]) for s in d.signals if s.kind == "python_bindings"}
    assert apis == {"pyo3", "nanobind", "cpython"}


def test_tokenizer_names_outside_tokenizer_code_need_an_algorithm_name() -> None:
    lexer = "class Tokenizer {\n  public:\n    Token next();\n};"
    assert _weights({"src/config/lexer.cpp": lexer}, "tokenization") == []
    assert _weights({"src/tokenizer/lexer.cpp": lexer}, "tokenization") != []
    bpe = "struct llm_tokenizer_bpe {\n  int n_merges;\n};"
    assert max(_weights({"src/llama-model.cpp": bpe}, "tokenization")) >= 0.8


def test_a_struct_type_in_a_parameter_is_not_a_tokenizer_definition() -> None:
    decl = "llama_token llama_token_eot_impl(const struct llama_vocab & vocab);"
    assert _weights({"src/llama-vocab.h": decl}, "tokenization") == []


def test_a_method_of_a_class_named_like_a_tokenizer_needs_its_own_name() -> None:
    code = "void llama_model_wavtokenizer_dec::load_arch_hparams(llama_model_loader & ml) {\n  ml.get();\n}"
    assert _weights({"src/models/wavtokenizer-dec.cpp": code}, "tokenization") == []


def test_c_linkage_on_a_kernel_is_weak_ffi_and_a_header_guard_is_none() -> None:
    guard = '#ifdef __cplusplus\nextern "C" {\n#endif\nvoid ggml_thing(int n);\n#ifdef __cplusplus\n}\n#endif\n'
    kernel = 'extern "C" __global__ void affine_f32(const float * x, float * y) {\n    y[0] = x[0];\n}\n'
    interface = 'extern "C" int scout_model_load(const char * path, void ** out) {\n    return 0;\n}\n'
    assert _weights({"include/ggml-cpu.h": guard}, "ffi") == []
    weak = _weights({"kernels/affine.cu": kernel}, "ffi")
    strong = _weights({"src/c_api.cpp": interface}, "ffi")
    assert weak and strong and max(weak) <= 0.35 < min(strong)
