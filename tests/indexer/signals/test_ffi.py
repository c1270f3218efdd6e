"""The ffi detector follows what crosses a language boundary, not a C library's own header work."""

from indexer.signals import detect_commit
from models.settings import Settings

from .helpers import commit


def _ffi(files: dict[str, str], message: str = "Change") -> list[tuple[float, dict]]:
    d = detect_commit(commit(files, message), Settings())
    return [(s.weight, dict(s.detail)) for s in d.signals if s.kind == "ffi"]


def test_a_new_function_in_a_c_librarys_own_header_is_not_ffi() -> None:
    header = """
    #ifdef  __cplusplus
    extern "C" {
    #endif
        GGML_API struct ggml_tensor * ggml_scale_bias(struct ggml_context * ctx, struct ggml_tensor * a, float s);
        GGML_API void ggml_backend_sched_reserve(ggml_backend_sched_t sched, struct ggml_cgraph * graph);
    """
    assert _ffi({"include/ggml.h": header}) == []


def test_export_macros_and_a_delay_load_hook_are_build_plumbing() -> None:
    export = "#define WHISPER_API __declspec(dllexport)\nWHISPER_API int whisper_lang_max_id(void);"
    hook = 'extern "C" const PfnDliHook __pfnDliNotifyHook2 = mlx::core::cu::delayload_helper;'
    assert _ffi({"include/whisper.h": export}) == []
    assert _ffi({"mlx/backend/cuda/delayload.cpp": hook}) == []


def test_extern_c_around_a_c_librarys_includes_is_not_ffi() -> None:
    code = 'extern "C" {\n#include <libavcodec/avcodec.h>\n#include <libavformat/avformat.h>\n}\n'
    assert _ffi({"examples/ffmpeg-transcode.cpp": code}) == []


def test_a_launcher_with_c_linkage_in_a_cuda_file_is_weak() -> None:
    code = 'extern "C" void launch_sort(const float * x, int n, cudaStream_t s) {\n  sort<<<1, 256, 0, s>>>(x, n);\n}\n'
    weights = [w for w, _ in _ffi({"mistralrs-core/src/cuda/sort.cu": code})]
    assert weights and max(weights) <= 0.2


def test_bindings_in_other_languages_are_strong_ffi() -> None:
    files = {
        "bindings/ruby/ext/ruby_whisper.c": 'rb_define_method(cWhisper, "transcribe", ruby_whisper_transcribe, -1);',
        "bindings/go/whisper.go": 'import "C"\n\nfunc n(c *Context) int { return int(C.whisper_full_n_segments(c.c)) }',
        "jni/whisper/jni.c": "JNIEXPORT jlong JNICALL Java_com_Lib_init(JNIEnv *env, jobject thiz) { return 0; }",
        "tinygrad/runtime/support/c.py": "class DLL(ctypes.CDLL):\n  pass\nlib.whisper_init.restype = ctypes.c_void_p",
        "bindings/node/native/src/tokenizer.rs": "fn f(mut cx: FunctionContext) -> JsResult<JsString> { todo!() }",
        "src/ffi.rs": 'extern "C" {\n    fn run_kernel(x: *const f32, n: i32);\n}',
    }
    apis = {str(d["api"]) for w, d in _ffi(files) if w >= 0.7}
    assert apis >= {"ruby", "cgo", "jni", "ctypes", "node", "rust-c"}


def test_using_ctypes_bindings_someone_else_declared_is_not_ffi() -> None:
    code = "check(cuda.cuMemAlloc_v2(ctypes.byref(ptr), size))\nself.dev = ctypes.cast(ptr, ctypes.c_void_p).value"
    assert _ffi({"tinygrad/runtime/ops_cuda.py": code}) == []


def test_regenerated_ctypes_bindings_count_less_than_written_ones() -> None:
    code = "class struct_foo(ctypes.Structure): pass\nstruct_foo._fields_ = [('x', ctypes.c_int)]"
    generated = [w for w, _ in _ffi({"tinygrad/runtime/autogen/foo.py": code})]
    written = [w for w, _ in _ffi({"tinygrad/runtime/support/foo.py": code})]
    assert generated and written and max(generated) < 0.5 <= max(written)


def test_editing_a_bindings_own_code_counts_weakly_by_path() -> None:
    code = "export function encode(text: string) {\n  const raw = native.encode(text);\n  return wrap(raw);\n}"
    found = _ffi({"bindings/node/lib/tokenizer.ts": code})
    assert found and all(d["pattern"] == "path" and w < 0.5 for w, d in found)
    assert (
        _ffi({"bindings/python/py_src/tokenizers/__init__.py": "from .tokenizers import Tokenizer\nx = 1\ny = 2"}) == []
    )


def test_wasm_bindgen_glue_is_moderate_ffi() -> None:
    code = "use wasm_bindgen::prelude::*;\n\n#[wasm_bindgen]\npub struct Decoder { inner: Model }"
    weights = [w for w, d in _ffi({"candle-wasm-examples/whisper/src/lib.rs": code}) if d["api"] == "wasm"]
    assert weights and max(weights) == 0.5


def test_an_arm_neon_simd_module_is_not_the_neon_node_crate() -> None:
    simd = "pub use neon::CurrentCpu;\nreturn super::neon::vec_dot_q4_0_q8_0(n, xs, ys);"
    assert _ffi({"candle-core/src/cpu/mod.rs": simd}) == []
    crate = "use neon::prelude::*;\nfn f() {}"
    assert [d["api"] for _, d in _ffi({"bindings/node/native/src/lib.rs": crate})] == ["node"]


def test_a_bindings_makefile_and_release_script_are_not_binding_code() -> None:
    make = "TESTS_RESOURCES = $(DATA_DIR)/small.txt\nall: build\n\tnpm run build\n"
    publish = 'const npmPublish = process.argv.indexOf("--npm-publish") !== -1;\nrun(npmPublish);\nexit(0);'
    assert _ffi({"bindings/node/Makefile": make}) == []
    assert _ffi({"bindings/node/publish.js": publish}) == []
